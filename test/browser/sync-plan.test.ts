import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import type { SyncPlan } from '../../src/renderer/src/sync/status'
import { expectCacheMatchesServer } from './helpers/cache-vs-server'
import type { AccountApiOptions } from './helpers/commands'
import { countTableAccess } from './helpers/count-writes'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'

/**
 * Which plan reads the participants, and what a sync writes: the account plan is used where
 * the account endpoint does what the docs say, the per-group plan where it refuses (through real
 * HTTP to a sandbox that refuses), and an unchanged full pass writes no row of synced data on
 * either plan.
 */

describe('plan choice at run time', () => {
  const refusals: { label: string; accountApi: AccountApiOptions }[] = [
    { label: 'refuses include=groups', accountApi: { refuseIncludeGroups: true } },
    { label: 'refuses filter[groups]', accountApi: { refuseGroupsFilter: true } },
    { label: 'answers without the groups', accountApi: { ignoreIncludeGroups: true } },
  ]

  it('uses the account plan where the endpoint does what the docs say: no per-group reads', async () => {
    const plannr = await startPlannr({ seed: 21, accounts: 400, groups: 6, rateLimitPerMinute: 100_000 })
    try {
      const db = new PlannrDb(freshDbName('plan-accounts'))
      const outcome = await createSyncEngine({ db, api: plannr.api, perPage: 100 }).syncNow()
      expect(outcome.ok && outcome.plan, JSON.stringify(outcome)).toBe('accounts')
      expect(plannr.calls.get('groups.participants') ?? 0).toBe(0)
      expect(plannr.calls.get('accounts.withGroups') ?? 0).toBeGreaterThan(0)
      await expectCacheMatchesServer(plannr.sandbox.id, db)
      db.close()
    } finally {
      await plannr.stop()
    }
  })

  for (const { label, accountApi } of refusals) {
    it(`falls back to per-group reads when the account endpoint ${label}, and the cache is complete`, async () => {
      const plannr = await startPlannr({ seed: 22, accounts: 400, groups: 6, rateLimitPerMinute: 100_000, accountApi })
      try {
        const db = new PlannrDb(freshDbName('plan-fallback'))
        const engine = createSyncEngine({ db, api: plannr.api, perPage: 100 })
        const outcome = await engine.syncNow()
        expect(outcome.ok && outcome.plan, JSON.stringify(outcome)).toBe('per-group')
        expect(plannr.calls.get('groups.participants') ?? 0).toBeGreaterThan(0)
        await expectCacheMatchesServer(plannr.sandbox.id, db)
        // The next run asks again (the server may have changed) and falls back again.
        const again = await engine.syncNow()
        expect(again.ok && again.plan).toBe('per-group')
        await expectCacheMatchesServer(plannr.sandbox.id, db)
        db.close()
      } finally {
        await plannr.stop()
      }
    })
  }
})

describe.each<SyncPlan>(['accounts', 'per-group'])('an unchanged full pass, %s plan', (plan) => {
  let plannr: TestPlannr
  beforeAll(async () => {
    plannr = await startPlannr({
      seed: 23,
      accounts: 1_500,
      groups: 10,
      rateLimitPerMinute: 100_000,
      unthrottled: true,
    })
  })
  afterAll(async () => {
    await plannr?.stop()
  })

  it('writes no participant, membership, firm, group, circle or business unit row, reads no participant and no membership by point read', async () => {
    const db = new PlannrDb(freshDbName(`unchanged-${plan}`))
    const { writes, reads, reset } = countTableAccess(db)
    const engine = createSyncEngine({ db, api: plannr.api, perPage: 100, plan })
    expect((await engine.syncNow({ full: true })).ok).toBe(true)
    const memberships = await db.memberships.count()
    expect(writes.get('memberships')).toBeGreaterThanOrEqual(memberships)

    reset()
    const second = await engine.syncNow({ full: true })
    expect(second.ok, JSON.stringify(second)).toBe(true)
    expect({
      participants: writes.get('participants') ?? 0,
      memberships: writes.get('memberships') ?? 0,
      firms: writes.get('firms') ?? 0,
      groups: writes.get('groups') ?? 0,
      circles: writes.get('circles') ?? 0,
      businessUnits: writes.get('businessUnits') ?? 0,
    }).toEqual({ participants: 0, memberships: 0, firms: 0, groups: 0, circles: 0, businessUnits: 0 })
    // Every account is exactly its cached row (equal digests): none is read to be compared.
    expect(reads.get('participants') ?? 0).toBe(0)
    // Memberships are checked against each group's keys, read once by range, not one by one.
    expect(reads.get('memberships') ?? 0).toBe(0)
    expect(await db.memberships.count()).toBe(memberships)
    await expectCacheMatchesServer(plannr.sandbox.id, db)
    db.close()
  })
})
