import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openPlannrDatabases, type PlannrDatabases } from '../../src/renderer/src/data/db'
import type { SessionApi } from '../../src/shared/ipc/plannr-api'
import { editCommands, syncAll } from './helpers/edits'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'

// The group list as sync reads it page by page, against the sandbox through main's real
// handlers, on real IndexedDB: a list that changes between its pages must not cost the cache a
// group the server still has.
let plannr: TestPlannr
let dbs: PlannrDatabases

beforeEach(async () => {
  plannr = await startPlannr({ seed: 5, accounts: 120, groups: 6, rateLimitPerMinute: 100_000, unthrottled: true })
  dbs = await openPlannrDatabases(freshDbName('list-shift'))
})

afterEach(async () => {
  dbs.close()
  await plannr.stop()
})

/** The API with the group list read two to a page, and `beforePage` run before each page is asked for. */
function smallGroupPages(beforePage: (page: number) => Promise<void>): SessionApi {
  return {
    ...plannr.api,
    groups: {
      ...plannr.api.groups,
      list: async (input) => {
        await beforePage(input.page)
        return plannr.api.groups.list({ ...input, perPage: 2 })
      },
    },
  }
}

describe('the group list read page by page', () => {
  it('keeps a group that slid onto a page already read when one before it was deleted meanwhile', async () => {
    await syncAll(dbs, plannr.api)
    const byName = (await dbs.cache.groups.orderBy('name').toArray()).map((group) => group.uuid)
    expect(byName.length).toBeGreaterThanOrEqual(5)
    const [deleted, , slid] = byName
    if (!deleted || !slid) throw new Error('too few groups')
    // Page 1 (the first two by name) is read; then the first is deleted on Plannr, so the third
    // moves onto page 1 and page 2 starts after it.
    const api = smallGroupPages(async (page) => {
      if (page === 2) await editCommands.sandboxDeleteGroup(plannr.sandbox.id, deleted)
    })
    await syncAll(dbs, api)

    expect(await dbs.cache.groups.get(slid), 'the group that slid onto page 1').toBeDefined()
    // The deleted one was listed on page 1 before it went: the next run takes it away.
    await syncAll(dbs, plannr.api)
    expect(await dbs.cache.groups.get(deleted)).toBeUndefined()
    const stillListed = await plannr.api.groups.list({ page: 1, perPage: 100, sort: 'name' })
    if (!stillListed.ok) throw new Error(stillListed.error.message)
    expect((await dbs.cache.groups.orderBy('name').primaryKeys()).sort()).toEqual(
      stillListed.value.items.map((group) => group.uuid).sort(),
    )
  })
})
