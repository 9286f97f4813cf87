import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import type { SyncPlan } from '../../src/renderer/src/sync/status'
import { expectCacheMatchesServer } from './helpers/cache-vs-server'
import { commands } from './helpers/commands'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'

/**
 * The computer's clock ran ahead during a full pass (another OS on the same machine, a virtual
 * machine) and was put right afterwards: the stamps that pass left lie in the future. They must
 * count as due, not as fresh, or the sync skips the groups (and the count repair) until real time
 * catches up, while the app says it synced just now. Against the sandbox through main's real
 * handlers, on real IndexedDB, for both participant plans.
 */
const HOUR = 3_600_000
let plannr: TestPlannr

beforeAll(async () => {
  plannr = await startPlannr({ seed: 31, accounts: 160, groups: 4, rateLimitPerMinute: 100_000, unthrottled: true })
})

afterAll(async () => {
  await plannr?.stop()
})

/** Someone on the sandbox who is not a member of the group. */
async function outsiderOf(groupUuid: string): Promise<string> {
  const members = new Set(await commands.sandboxGroupMembers(plannr.sandbox.id, groupUuid))
  for (const other of await commands.sandboxGroups(plannr.sandbox.id)) {
    const found = (await commands.sandboxGroupMembers(plannr.sandbox.id, other.uuid)).find((uuid) => !members.has(uuid))
    if (found) return found
  }
  throw new Error('nobody outside this group')
}

describe.each<SyncPlan>(['accounts', 'per-group'])('a full pass made on a clock three hours ahead (%s)', (plan) => {
  it('the next sync on the right clock brings in membership changes and renames made since', async () => {
    const db = new PlannrDb(freshDbName(`clock-ahead-${plan}`))
    const sync = (now?: () => number) =>
      createSyncEngine({ db, api: plannr.api, plan, sleep: async () => {}, ...(now ? { now } : {}) }).syncNow()

    const ahead = await sync(() => Date.now() + 3 * HOUR)
    expect(ahead.ok, JSON.stringify(ahead)).toBe(true)
    await expectCacheMatchesServer(plannr.sandbox.id, db)

    const [group] = await commands.sandboxGroups(plannr.sandbox.id)
    if (!group) throw new Error('no group')
    const [leaving, renamed] = await commands.sandboxGroupMembers(plannr.sandbox.id, group.uuid)
    if (!leaving || !renamed) throw new Error('two members needed')
    const joining = await outsiderOf(group.uuid)
    // One member leaves and another joins: the group's count stays as it was, and neither change
    // moves a participant's updated_at, so only a full pass sees them. A rename does move it.
    await commands.sandboxRemoveMembers(plannr.sandbox.id, group.uuid, [leaving])
    await commands.sandboxAddMembers(plannr.sandbox.id, group.uuid, [joining])
    await commands.sandboxRenameAccount(plannr.sandbox.id, renamed, { firstName: 'Put', lastName: 'Right' })

    const after = await sync()
    expect(after.ok, JSON.stringify(after)).toBe(true)
    expect(await db.memberships.get([group.uuid, joining])).toBeDefined()
    expect(await db.memberships.get([group.uuid, leaving])).toBeUndefined()
    expect((await db.participants.get(renamed))?.lastName).toBe('Right')
    await expectCacheMatchesServer(plannr.sandbox.id, db)
    db.close()
  })
})

describe('the clock put back while the sync waits out a 429', () => {
  it('waits what Plannr asked for, not the hour the clock went back', async () => {
    const db = new PlannrDb(freshDbName('sync-429-clock-back'))
    let putBack = 0
    const engine = createSyncEngine({ db, api: plannr.api, now: () => Date.now() - putBack })
    // The time service puts the clock back an hour as Plannr's 429 comes in.
    const unsubscribe = engine.subscribe((status) => {
      if (status.progress?.waiting?.reason === 'rate-limited') putBack = HOUR
    })
    // Main waits out a few 429s itself; past its tries the sync is told, with Plannr's second.
    await commands.sandboxSetFault(plannr.sandbox.id, '*', { rateLimitBurst: 4, retryAfterSeconds: 1 })
    const synced = await engine.syncNow()
    unsubscribe()
    expect(putBack).toBe(HOUR)
    expect(synced.ok, JSON.stringify(synced)).toBe(true)
    await expectCacheMatchesServer(plannr.sandbox.id, db)
    await engine.stop()
    db.close()
  })
})
