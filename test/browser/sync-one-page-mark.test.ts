import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import type { SessionApi } from '../../src/shared/ipc/plannr-api'
import { commands } from './helpers/commands'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'

/**
 * The per-group plan's high-water mark for a group that fits one page: its pass reads every
 * member in one answer, so the mark is that answer's newest update and costs no request of its
 * own. Against the sandbox through main's real handlers, on real IndexedDB.
 */
let plannr: TestPlannr

beforeAll(async () => {
  plannr = await startPlannr({ seed: 8, accounts: 120, groups: 4, rateLimitPerMinute: 100_000, unthrottled: true })
})

afterAll(async () => {
  await plannr?.stop()
})

/** The API with every group participants read noted, and `afterPage` run once a pass page was answered. */
function watched(reads: Array<{ sort: string; perPage: number }>, afterPage: () => Promise<void> = async () => {}) {
  const api: SessionApi = {
    ...plannr.api,
    groups: {
      ...plannr.api.groups,
      participants: async (input) => {
        const result = await plannr.api.groups.participants(input)
        reads.push({ sort: input.query.sort?.field ?? '', perPage: input.query.perPage })
        if (input.query.sort?.field === 'created_at') await afterPage()
        return result
      },
    },
  }
  return api
}

describe('per-group full pass over groups of one page', () => {
  it('reads no mark of its own, and the next refresh still reads a change made after its page', async () => {
    const db = new PlannrDb(freshDbName('one-page-mark'))
    const groups = await commands.sandboxGroups(plannr.sandbox.id)
    expect(Math.max(...groups.map((group) => group.members))).toBeLessThan(500)
    const [group] = groups
    if (!group) throw new Error('no group')
    const [member] = await commands.sandboxGroupMembers(plannr.sandbox.id, group.uuid)
    if (!member) throw new Error('empty group')

    const reads: Array<{ sort: string; perPage: number }> = []
    let renamed = false
    const api = watched(reads, async () => {
      if (renamed) return
      renamed = true
      // A second later than anything the page held (updated_at has one-second resolution).
      await new Promise((resolve) => setTimeout(resolve, 1100))
      await commands.sandboxRenameAccount(plannr.sandbox.id, member, { firstName: 'Nachher', lastName: 'Geändert' })
    })
    const outcome = await createSyncEngine({ db, api, plan: 'per-group', sleep: async () => {} }).syncNow({
      full: true,
    })
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true)
    expect(reads.filter((read) => read.sort === 'updated_at')).toEqual([])
    expect(reads.filter((read) => read.sort === 'created_at')).toHaveLength(groups.length)

    const refreshed = await createSyncEngine({
      db,
      api: plannr.api,
      plan: 'per-group',
      sleep: async () => {},
    }).syncNow()
    expect(refreshed.ok, JSON.stringify(refreshed)).toBe(true)
    expect((await db.participants.get(member))?.lastName).toBe('Geändert')
    db.close()
  })
})
