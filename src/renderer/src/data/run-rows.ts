import type { PlannrDb } from './db'
import { readSearchRevision } from './search-live'

/**
 * What one sync run can know about the participants table without reading it.
 *
 * When the table was empty as the run wrote its first page (a first sync), and every participant
 * write since was the run's own, the table holds exactly the participants the run wrote: any other
 * uuid has no row (nothing to compare it with) and, since a membership is only ever written for a
 * participant the cache has, no membership either. The search revision (search-live.ts) proves the
 * second part: every transaction that writes or deletes participant rows bumps it, so while it is
 * still the one the run's last page left, nobody else (the outbox, another window, a group pass
 * started by opening a group) wrote participants in between. Once it moved, the run reads before
 * it compares, as any later sync does.
 *
 * A run is identified by the object it passes as `run` (the sync's map of participants it wrote
 * or found current): the record goes with it.
 */
interface RunRows {
  /** The search revision the run's last committed page left (or its first page began with). */
  revision: number
  /**
   * Every participant the run wrote: the whole table, while `revision` holds; null once that is
   * not known (the table was not empty, or someone else wrote participants).
   */
  uuids: Set<string> | null
}

/** What each run knows about the participants table, from its first page on. */
const runs = new WeakMap<object, RunRows>()

/**
 * Call inside the page's read-write transaction (over participants and meta), before reading,
 * with the search revision read in it. Returns the uuids that may have a participant row (every
 * other uuid has none), or null when any uuid may.
 */
export async function rowsThatMayExist(
  db: PlannrDb,
  run: object,
  revision: number,
): Promise<ReadonlySet<string> | null> {
  const noted = runs.get(run)
  if (noted === undefined) {
    // The run's first page: the proof starts only from an empty table.
    const empty = (await db.participants.limit(1).primaryKeys()).length === 0
    const start = { revision, uuids: empty ? new Set<string>() : null }
    runs.set(run, start)
    return start.uuids
  }
  if (noted.revision !== revision) noted.uuids = null
  return noted.uuids
}

/**
 * Call inside the page's transaction: before its reads (for rowsThatMayExist), and after its
 * writes, for the revision they left, to note once the transaction committed (noteWritten).
 */
export function pageRevision(db: PlannrDb): Promise<number> {
  return readSearchRevision(db)
}

/**
 * Whether what the run noted about participants it wrote or found current (its `known` map,
 * which lets a later page skip them) still holds: true until anyone else wrote or deleted
 * participant rows after the run's last page, e.g. an outbox commit dropping a participant left
 * in no group. Skipped then, that participant would come back as memberships with no row.
 */
export function knownRowsStillTrue(run: object, revision: number): boolean {
  const noted = runs.get(run)
  return noted === undefined || noted.revision === revision
}

/** Once the page's transaction committed: the participants it wrote, and the revision it left. */
export function noteWritten(run: object, uuids: readonly string[], revision: number): void {
  const noted = runs.get(run)
  if (!noted) {
    runs.set(run, { revision, uuids: null })
    return
  }
  noted.revision = revision
  for (const uuid of uuids) noted.uuids?.add(uuid)
}
