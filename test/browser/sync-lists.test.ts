import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import { unwrap } from '../../src/renderer/src/lib/ipc'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'

/**
 * The small lists (groups, circles, business units) are read at Plannr's documented maximum page
 * size, 500: a firm with more than a hundred of each costs one request a list, not one per 100.
 * Through main's real handlers to the sandbox over loopback HTTP.
 */
let plannr: TestPlannr

/** A well-formed operation id (26 Crockford base-32 characters), unique per number. */
const opId = (index: number): string => String(index).padStart(26, '0')

beforeAll(async () => {
  // 2,000 accounts and 120 groups give the sandbox 121 groups and 120 circles.
  plannr = await startPlannr({ seed: 7, accounts: 2_000, groups: 120, rateLimitPerMinute: 100_000, unthrottled: true })
  // The generated firm has a handful of business units: enough more to need two pages of 100.
  for (let index = 0; index < 110; index += 1)
    await unwrap(plannr.api.businessUnits.create({ opId: opId(index + 1), body: { name: `Unit ${index + 1}` } }))
}, 120_000)

afterAll(async () => {
  await plannr?.stop()
})

describe('the lists a sync reads', () => {
  it('reads more than 100 groups, circles and business units in one request each', async () => {
    const db = new PlannrDb(freshDbName('lists-500'))
    try {
      plannr.calls.clear()
      const outcome = await createSyncEngine({ db, api: plannr.api }).syncNow()
      expect(outcome.ok, JSON.stringify(outcome)).toBe(true)
      const groups = await db.groups.count()
      const circles = await db.circles.count()
      const units = await db.businessUnits.count()
      expect(groups).toBeGreaterThan(100)
      expect(circles).toBeGreaterThan(100)
      expect(units).toBeGreaterThan(100)
      expect(groups).toBe(plannr.sandbox.groups.length)
      expect(plannr.calls.get('groups.list')).toBe(1)
      expect(plannr.calls.get('circles.list')).toBe(1)
      expect(plannr.calls.get('businessUnits.list')).toBe(1)
    } finally {
      db.close()
    }
  }, 180_000)
})
