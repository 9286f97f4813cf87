import type { PlannrDb } from './db'

/**
 * What a full pass has seen on the server, page by page. The pass keeps it in memory; each page's
 * entries are also stored as one small `meta` row in the transaction that writes the page, so a
 * pass killed half-way resumes with the seen set of its committed pages instead of rewriting every
 * membership it saw to mark it. The rows are dropped once the pass reconciled.
 *
 * `scope` names one pass (e.g. a group and the pass id); entries are opaque strings to this module.
 */
const PREFIX = 'seen:'

function scopePrefix(scope: string): string {
  return `${PREFIX}${scope}:`
}

/** Call inside a read-write transaction over `meta` (the one that writes the page). */
export async function notePageSeen(
  db: PlannrDb,
  scope: string,
  page: number,
  entries: readonly string[],
): Promise<void> {
  // Zero-padded so the rows sort by page in the key order.
  const key = `${scopePrefix(scope)}${String(page).padStart(6, '0')}`
  await db.meta.put({ key, value: entries.join(','), updatedAt: new Date().toISOString() })
}

/** Every entry the pass's committed pages noted. */
export async function loadPassSeen(db: PlannrDb, scope: string): Promise<string[]> {
  const rows = await db.meta.where('key').startsWith(scopePrefix(scope)).toArray()
  return rows.flatMap((row) => (typeof row.value === 'string' && row.value !== '' ? row.value.split(',') : []))
}

/** Drops the pages noted under every scope starting with `scopeStart` (a finished or abandoned pass). */
export async function forgetPassSeen(db: PlannrDb, scopeStart: string): Promise<void> {
  await db.meta.where('key').startsWith(`${PREFIX}${scopeStart}`).delete()
}
