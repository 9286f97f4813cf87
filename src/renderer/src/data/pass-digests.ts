import type { PlannrDb } from './db'
import { participantDigest, DIGEST_FIELD } from './row-digest'
import type { StoredParticipant } from './records'

/**
 * What one full pass knows of the participants table without reading its rows: each cached
 * participant's digest (row-digest.ts), read once from the `digest` index (keys only, one cursor
 * over the index) when the pass first needs it. A page then hashes each account as it would store
 * it; an equal digest means the cached row is that row, and it is skipped without a read.
 *
 * What is held is true only while nobody else writes participants. The search revision
 * (search-live.ts) proves it, as it does for a first sync's written rows (run-rows.ts): every
 * transaction that writes or deletes participant rows bumps it, in the same transaction. The page
 * reads it inside its own transaction; when it moved since what is held was read or last updated
 * by this pass's own pages, someone else wrote, and the pass goes back to reading every row for
 * the rest of its pages (reading the index again could repeat on every page of a pass raced by
 * another writer). The pass's own writes are noted only once their page committed.
 */
export class PassDigests {
  /** uuid → digest of its stored row; null until read, or once abandoned. */
  private held: Map<string, number> | null = null
  /** The search revision what is held is true for. */
  private revision: number | null = null
  private abandoned = false

  /**
   * Call inside the page's transaction (over participants and meta), before reading rows, with
   * the search revision read in it. Resolves the uuids of `rows` (in the stored shape they would
   * be written in) whose cached row is exactly that, or null when the pass cannot know (go and
   * read every row).
   */
  async unchanged(db: PlannrDb, revision: number, rows: readonly StoredParticipant[]): Promise<Set<string> | null> {
    if (this.abandoned) return null
    if (this.held === null) {
      this.held = await readDigests(db)
      this.revision = revision
    } else if (this.revision !== revision) {
      this.abandon()
      return null
    }
    const held = this.held
    return new Set(rows.filter((row) => held.get(row.uuid) === participantDigest(row)).map((row) => row.uuid))
  }

  /**
   * Whether the cached row of `uuid` was written with a digest (one stored before the digest
   * existed is rewritten once). True when the pass does not know.
   */
  hasDigest(uuid: string): boolean {
    return this.held === null || this.held.has(uuid)
  }

  /**
   * Once the page's transaction committed: the rows it wrote (as stored) and the search revision
   * its writes left.
   */
  committed(rows: readonly StoredParticipant[], revision: number): void {
    if (this.held === null) return
    for (const row of rows) this.held.set(row.uuid, participantDigest(row))
    this.revision = revision
  }

  private abandon(): void {
    this.held = null
    this.abandoned = true
  }
}

async function readDigests(db: PlannrDb): Promise<Map<string, number>> {
  const digests = new Map<string, number>()
  await db.participants.orderBy(DIGEST_FIELD).eachKey((digest, cursor) => {
    if (typeof digest === 'number' && typeof cursor.primaryKey === 'string') digests.set(cursor.primaryKey, digest)
  })
  return digests
}
