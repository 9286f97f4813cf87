import type { PlannrDb } from './db'

/**
 * What a full pass has seen on the server, page by page. The pass keeps it in memory; the entries
 * are also stored as `meta` rows in the transactions that save the pass's progress (one row per
 * save, holding every page read since the previous one), so a pass killed half-way resumes with
 * the seen set of the pages before its saved next page instead of rewriting every membership it
 * saw to mark it. A pass whose pages change nothing saves rarely (paged-pass.ts), so it writes
 * few of these rows or none. The rows are dropped once the pass reconciled.
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

/**
 * The entries of pages read since the pass last saved its progress: they go into the `meta` row
 * of the next save, so the stored seen set always covers every page before the saved next page.
 */
export class UnsavedSeen {
  private entries: string[] = []

  add(entries: readonly string[]): void {
    for (const entry of entries) this.entries.push(entry)
  }

  /** Inside the transaction that saves the pass's progress at `page` (see notePageSeen). */
  async save(db: PlannrDb, scope: string, page: number): Promise<void> {
    if (this.entries.length > 0) await notePageSeen(db, scope, page, this.entries)
  }

  /** Once that transaction committed. */
  clear(): void {
    this.entries = []
  }
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
