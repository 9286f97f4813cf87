import { Dexie } from 'dexie'
import type { PlannrDb } from './db'

/**
 * Cached counts live in `meta`. Writers delete the key in the transaction that changes the
 * rows (cheap), readers recompute once and store it (an index count), so a cached count is
 * never stale and never costs more than one count per change.
 */
export function groupCountKey(groupUuid: string): string {
  return `${GROUP_COUNT_PREFIX}${groupUuid}`
}

const GROUP_COUNT_PREFIX = 'count:group:'

/**
 * Drops the cached counts of these groups. One key read finds the counts that are cached (at
 * most one per group), so a write touching every group costs one request, not one per group.
 */
export async function forgetGroupCounts(db: PlannrDb, groupUuids: readonly string[]): Promise<void> {
  if (groupUuids.length === 0) return
  const cached = new Set(await db.meta.where('key').startsWith(GROUP_COUNT_PREFIX).primaryKeys())
  const stale = groupUuids.map(groupCountKey).filter((key) => cached.has(key))
  if (stale.length > 0) await db.meta.bulkDelete(stale)
}

/** The range of one group's rows in a `[groupUuid+…]` compound index. */
export function groupRange(groupUuid: string, width: number): { lower: unknown[]; upper: unknown[] } {
  return {
    lower: [groupUuid, ...Array.from({ length: width }, () => Dexie.minKey)],
    upper: [groupUuid, ...Array.from({ length: width }, () => Dexie.maxKey)],
  }
}

export async function countGroupMembers(db: PlannrDb, groupUuid: string): Promise<number> {
  return cached(db, groupCountKey(groupUuid), () => {
    const { lower, upper } = groupRange(groupUuid, 1)
    return db.memberships.where('[groupUuid+participantUuid]').between(lower, upper, true, true).count()
  })
}

async function cached(db: PlannrDb, key: string, compute: () => Promise<number>): Promise<number> {
  const row = await db.meta.get(key)
  if (row && typeof row.value === 'number') return row.value
  return db.transaction('rw', [db.meta, db.memberships, db.participants], async () => {
    const value = await compute()
    await db.meta.put({ key, value, updatedAt: new Date().toISOString() })
    return value
  })
}
