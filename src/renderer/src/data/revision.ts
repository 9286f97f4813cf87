import { Dexie } from 'dexie'

/**
 * Per-database change counters for what is computed from the cache and kept in memory
 * (filtered counts and a group's key table from memberships; the next review order from
 * participants). Keyed by database name, not instance, because the cache and the durable
 * instance open the same database. Every module that writes memberships calls markChanged after
 * its transaction commits; Dexie's mutation event bumps the counters too, for every table it
 * names, which also covers commits made in another window of the app (Dexie relays them).
 */
const revisions = new Map<string, number>()

/** Memberships changed (called by their writers once the transaction committed). */
export function markChanged(db: Dexie): void {
  bump(`${db.name}/memberships`)
}

/** The memberships' change counter. */
export function revisionOf(db: Dexie): number {
  return revisions.get(`${db.name}/memberships`) ?? 0
}

/** The participants' change counter (bumped by Dexie's mutation event only). */
export function participantsRevisionOf(db: Dexie): number {
  return revisions.get(`${db.name}/participants`) ?? 0
}

function bump(key: string): void {
  revisions.set(key, (revisions.get(key) ?? 0) + 1)
}

/** `idb://<database>/<table>/<index>` → `<database>/<table>`; anything else → null. */
export function mutatedTable(part: string): string | null {
  if (!part.startsWith('idb://')) return null
  const rest = part.slice('idb://'.length)
  const indexAt = rest.lastIndexOf('/')
  if (indexAt < 0) return null
  const tableAt = rest.lastIndexOf('/', indexAt - 1)
  return tableAt < 1 || tableAt + 1 === indexAt ? null : rest.slice(0, indexAt)
}

Dexie.on('storagemutated', (parts) => {
  const tables = new Set<string>()
  for (const part of Object.keys(parts)) {
    const table = mutatedTable(part)
    if (table !== null) tables.add(table)
  }
  for (const table of tables) bump(table)
})
