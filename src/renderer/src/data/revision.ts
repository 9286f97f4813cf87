import type { Dexie } from 'dexie'

/**
 * A per-database change counter for memoised figures (filtered counts). Keyed by database
 * name, not instance, because the cache and the durable instance open the same database.
 * Every module that writes memberships calls markChanged after its transaction commits.
 */
const revisions = new Map<string, number>()

export function markChanged(db: Dexie): void {
  revisions.set(db.name, (revisions.get(db.name) ?? 0) + 1)
}

export function revisionOf(db: Dexie): number {
  return revisions.get(db.name) ?? 0
}
