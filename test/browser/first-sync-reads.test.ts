import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { membershipKeys } from '../../src/renderer/src/data/normalise'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import type { SyncPlan } from '../../src/renderer/src/sync/status'
import type { Participant } from '../../src/shared/plannr/models'
import { expectCacheMatchesServer } from './helpers/cache-vs-server'
import { countTableAccess } from './helpers/count-writes'
import { crowd } from './helpers/people'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'

/**
 * A first sync writes into an empty cache: a participant it has not written cannot be there, so
 * it is neither read to compare nor looked up among memberships. The shortcut must never change
 * what the cache holds: a later page updating a participant the run wrote is compared with the
 * written row, and a write by anyone else in between (another window, the outbox, a group pass)
 * ends the shortcut for the rest of the run.
 */

describe('a first sync reads nothing it did not write', () => {
  let plannr: TestPlannr
  beforeAll(async () => {
    plannr = await startPlannr({ seed: 31, accounts: 400, groups: 6, rateLimitPerMinute: 100_000, unthrottled: true })
  }, 120_000)
  afterAll(async () => {
    await plannr?.stop()
  })

  const plans: SyncPlan[] = ['accounts', 'per-group']
  for (const plan of plans) {
    it(`by the ${plan} plan, and the cache matches the server`, async () => {
      const db = new PlannrDb(freshDbName(`first-sync-${plan}`))
      const { reads } = countTableAccess(db)
      const outcome = await createSyncEngine({ db, api: plannr.api, perPage: 100, plan }).syncNow({ full: true })
      expect(outcome.ok && outcome.plan, JSON.stringify(outcome)).toBe(plan)
      expect(await db.participants.count()).toBeGreaterThan(0)
      expect(reads.get('participants') ?? 0).toBe(0)
      // The account plan reads each account once, so no membership can be there before it writes
      // it; per group, a participant met again in a later group was written, and is looked up.
      if (plan === 'accounts') expect(reads.get('memberships') ?? 0).toBe(0)
      await expectCacheMatchesServer(plannr.sandbox.id, db)
      db.close()
    }, 120_000)
  }
})

describe('the first-sync shortcut keeps the cache exact', () => {
  const [first, second, third] = crowd(3) as [Participant, Participant, Participant]
  const page = (known: Map<string, string>, pass: string | null = 'pass') => ({ pass, readRevision: 0, known })

  it('compares a participant the run already wrote with what it wrote', async () => {
    const db = new PlannrDb(freshDbName('run-rows-update'))
    const { reads, writes, reset } = countTableAccess(db)
    const known = new Map<string, string>()
    await ingestParticipants(db, 'group-a', [first, second], [], page(known))
    expect(reads.get('participants') ?? 0).toBe(0)

    // The next page brings `first` again, changed on the server meanwhile, in another group.
    const renamed: Participant = {
      ...first,
      updatedAt: '2026-06-01T09:00:00.000Z',
      lastName: 'Zyzzyva',
      name: `${first.firstName} Zyzzyva`,
    }
    reset()
    await ingestParticipants(db, 'group-b', [renamed, third], [], page(known))
    // Only the participant the run wrote is read.
    expect(reads.get('participants') ?? 0).toBe(1)
    expect(writes.get('participants') ?? 0).toBe(2)

    expect((await db.participants.get(first.uuid))?.name).toBe(renamed.name)
    const keys = membershipKeys(renamed)
    // Renamed in every group it is in, including the one an earlier page wrote.
    expect((await db.memberships.get(['group-a', first.uuid]))?.kName).toBe(keys.kName)
    expect((await db.memberships.get(['group-b', first.uuid]))?.kName).toBe(keys.kName)
    expect(await db.memberships.get(['group-b', third.uuid])).toBeDefined()
    expect(await db.memberships.get(['group-a', second.uuid])).toBeDefined()
    expect(await db.memberships.count()).toBe(4)
    db.close()
  })

  it('ends when someone else writes participants between two pages', async () => {
    const db = new PlannrDb(freshDbName('run-rows-other-writer'))
    const { reads, writes, reset } = countTableAccess(db)
    const known = new Map<string, string>()
    await ingestParticipants(db, 'group-a', [first], [], page(known))
    // Another writer (here an incremental refresh of its own) stores `second` and its membership.
    await ingestParticipants(db, 'group-a', [second], [], page(new Map(), null))
    reset()
    await ingestParticipants(db, 'group-a', [second, third], [], page(known))
    // `second` is read and found current: not written again, its membership not rewritten.
    expect(reads.get('participants') ?? 0).toBe(2)
    expect(writes.get('participants') ?? 0).toBe(1)
    expect(writes.get('memberships') ?? 0).toBe(1)
    expect((await db.memberships.get(['group-a', second.uuid]))?.pass).toBe('')
    db.close()
  })

  it('never starts on a cache that already holds participants', async () => {
    const db = new PlannrDb(freshDbName('run-rows-filled'))
    const { reads, writes, reset } = countTableAccess(db)
    await ingestParticipants(db, 'group-a', [first], [], page(new Map()))
    reset()
    await ingestParticipants(db, 'group-a', [first, second], [], page(new Map()))
    expect(reads.get('participants') ?? 0).toBe(2)
    expect(writes.get('participants') ?? 0).toBe(1)
    expect(writes.get('memberships') ?? 0).toBe(1)
    db.close()
  })
})
