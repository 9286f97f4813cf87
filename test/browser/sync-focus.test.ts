import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { createSyncEngine, type SyncEngineOptions } from '../../src/renderer/src/sync/engine'
import type { SyncPlan } from '../../src/renderer/src/sync/status'
import { sleep } from '../../src/renderer/src/sync/wait'
import type { SessionApi } from '../../src/shared/ipc/plannr-api'
import { commands } from './helpers/commands'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'

/**
 * The sync engine's two answers to "the adviser is waiting": the group they open is read ahead
 * of the background run (which then skips it), and a return online refreshes the cache even
 * when no run of ours failed during the outage.
 */
let plannr: TestPlannr

const quickSleep: SyncEngineOptions['sleep'] = (ms, signal) => sleep(Math.min(ms, 5), signal)

beforeAll(async () => {
  plannr = await startPlannr({ seed: 6, accounts: 1500, groups: 6, rateLimitPerMinute: 100_000, unthrottled: true })
})

afterAll(async () => {
  await plannr?.stop()
})

async function cachedMembers(db: PlannrDb, groupUuid: string): Promise<string[]> {
  const keys = await db.memberships
    .where('[groupUuid+participantUuid]')
    .between([groupUuid, ''], [groupUuid, '\uffff'])
    .primaryKeys()
  return keys.map(([, uuid]) => uuid).sort()
}

describe('sync engine: who waits for what', () => {
  it.each<SyncPlan>(['accounts', 'per-group'])(
    'reads the opened group ahead of the background run, which then skips it (%s plan)',
    async (plan) => {
      // The group the background run would reach last (it goes in the API's name order).
      const listed = await plannr.api.groups.list({ sort: 'name', page: 1, perPage: 100 })
      if (!listed.ok) throw new Error(listed.error.message)
      const target = listed.value.items.at(-1)
      if (!target) throw new Error('no groups')
      // The background run is held at the first participants page of any other group (or of the
      // accounts, by the account plan) until released: it cannot reach the target group on its own
      // meanwhile.
      let release: () => void = () => {}
      const gate = new Promise<void>((resolve) => (release = resolve))
      let held: () => void = () => {}
      const backgroundHeld = new Promise<void>((resolve) => (held = resolve))
      const targetCalls: number[] = []
      const api: SessionApi = {
        ...plannr.api,
        groups: {
          ...plannr.api.groups,
          participants: async (input) => {
            if (input.groupUuid === target.uuid) {
              // The pass's pages (by creation), not the one-row read of its high-water mark.
              if (input.query.sort?.field === 'created_at') targetCalls.push(input.query.page)
            } else {
              held()
              await gate
            }
            return plannr.api.groups.participants(input)
          },
        },
        accounts: {
          ...plannr.api.accounts,
          withGroups: async (input) => {
            held()
            await gate
            return plannr.api.accounts.withGroups(input)
          },
        },
      }
      const db = new PlannrDb(freshDbName('focus'))
      const engine = createSyncEngine({ db, api, sleep: quickSleep, perPage: 100, plan })
      try {
        engine.start()
        await backgroundHeld
        engine.focusGroup(target.uuid)
        await expect
          .poll(async () => (await db.syncState.get(target.uuid))?.lastFullSyncAt ?? null, { timeout: 60_000 })
          .not.toBeNull()
        const server = (await commands.sandboxGroupMembers(plannr.sandbox.id, target.uuid)).sort()
        expect(await cachedMembers(db, target.uuid)).toEqual(server)
        const pages = Math.ceil(server.length / 100)
        expect(pages).toBeGreaterThan(1)
        expect(targetCalls).toHaveLength(pages)

        release()
        // The background run finishes on its own (a Sync now here would add a run of its own).
        await expect
          .poll(() => engine.status.state === 'idle' && engine.status.lastSyncAt !== null, { timeout: 60_000 })
          .toBe(true)
        expect(engine.status.lastError).toBeNull()
        // The background run did not read the group again (at most the one first page it may
        // have prefetched while finishing the group before it).
        expect(targetCalls.length).toBeLessThanOrEqual(pages + 1)
        expect(await cachedMembers(db, target.uuid)).toEqual(server)
      } finally {
        release()
        await engine.stop()
        db.close()
      }
    },
  )

  it('refreshes when main says Plannr is back, though no run of ours failed meanwhile', async () => {
    const db = new PlannrDb(freshDbName('return'))
    const engine = createSyncEngine({ db, api: plannr.api, sleep: quickSleep })
    try {
      engine.start()
      await expect.poll(() => engine.status.lastSyncAt, { timeout: 60_000 }).not.toBeNull()
      expect(engine.status.state).toBe('idle')
      const group = plannr.sandbox.groups[0]
      if (!group) throw new Error('no groups')
      // Added on Plannr while the adviser was (as main saw it) offline.
      const added = await commands.sandboxCreateAccount(plannr.sandbox.id, {
        firstName: 'Returning',
        lastName: 'Traveller',
        groups: [group.uuid],
      })
      plannr.emit('connectivity', { online: false, lastOkAt: null })
      plannr.emit('connectivity', { online: true, lastOkAt: new Date().toISOString() })
      await expect
        .poll(async () => (await cachedMembers(db, group.uuid)).includes(added), { timeout: 60_000 })
        .toBe(true)
    } finally {
      await engine.stop()
      db.close()
    }
  })
})
