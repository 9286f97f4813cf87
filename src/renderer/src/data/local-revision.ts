import type { PlannrDb } from './db'
import type { Pending } from './records'

/**
 * A per-database counter of outbox commits, kept in `meta`. Each commit of Plannr's answer bumps
 * it and stamps the rows it wrote (`committedRev`), in the same transaction. A pull sync notes the
 * counter before it reads a list: a row stamped later than that was written from an answer newer
 * than the list, so that sync must neither overwrite nor delete it (the next sync reads after the
 * commit and agrees with it).
 */
const LOCAL_REVISION_KEY = 'localRevision'

export async function readLocalRevision(db: PlannrDb): Promise<number> {
  const row = await db.meta.get(LOCAL_REVISION_KEY)
  return typeof row?.value === 'number' ? row.value : 0
}

/** The next revision, stored. Call inside a read-write transaction that includes `meta`. */
export async function nextLocalRevision(db: PlannrDb, now: Date = new Date()): Promise<number> {
  const next = (await readLocalRevision(db)) + 1
  await db.meta.put({ key: LOCAL_REVISION_KEY, value: next, updatedAt: now.toISOString() })
  return next
}

/** The row holds an outbox commit newer than a list read that began at `readRevision`. */
function committedAfter(row: Pending | undefined, readRevision: number): boolean {
  return (row?.committedRev ?? 0) > readRevision
}

/** The sync may replace or delete this row with what a list read at `readRevision` said. */
export function syncMayWrite(row: Pending | undefined, readRevision: number): boolean {
  return !row?.pendingOpId && !committedAfter(row, readRevision)
}
