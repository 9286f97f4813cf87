import { Dexie } from 'dexie'

/**
 * A per-database change counter for what is computed from memberships and kept in memory
 * (filtered counts, a group's key table). Keyed by database name, not instance, because the
 * cache and the durable instance open the same database. Every module that writes memberships
 * calls markChanged after its transaction commits; Dexie's mutation event bumps it too, which
 * also covers commits made in another window of the app (Dexie relays them between windows).
 */
const revisions = new Map<string, number>()

export function markChanged(db: Dexie): void {
  bump(db.name)
}

export function revisionOf(db: Dexie): number {
  return revisions.get(db.name) ?? 0
}

function bump(name: string): void {
  revisions.set(name, (revisions.get(name) ?? 0) + 1)
}

/** `idb://<database>/memberships/<index>` → the database's name; anything else → null. */
export function membershipsMutatedIn(part: string): string | null {
  if (!part.startsWith('idb://')) return null
  const rest = part.slice('idb://'.length)
  const indexAt = rest.lastIndexOf('/')
  if (indexAt < 0) return null
  const tableAt = rest.lastIndexOf('/', indexAt - 1)
  if (tableAt < 0 || rest.slice(tableAt + 1, indexAt) !== 'memberships') return null
  return rest.slice(0, tableAt)
}

Dexie.on('storagemutated', (parts) => {
  const names = new Set<string>()
  for (const part of Object.keys(parts)) {
    const name = membershipsMutatedIn(part)
    if (name !== null) names.add(name)
  }
  for (const name of names) bump(name)
})
