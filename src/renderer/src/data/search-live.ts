import { liveQuery } from 'dexie'
import type { PlannrDb } from './db'
import type { CachedParticipant } from './records'
import { normalisePhone } from './phone'
import { SearchIndex, type IndexedPerson } from './search-index'
import { packIndex, unpackIndex } from './search-index-blob'
import { emailWords } from './search-words'

/**
 * Quick search answers from an in-memory index (search-index.ts) kept beside the cache:
 *
 * - Every transaction that adds, changes or deletes participant rows bumps a revision in `meta`
 *   (`stageSearchChanges`, called by the data/ write functions themselves) and, once it
 *   committed, hands the same rows to the open index: cache and index move in one step.
 * - The index is saved as a blob in `meta` (with the revision it reflects) once changes pause
 *   (a sync's pages come every second or so: it saves at the end, and at most a minute apart
 *   while it lasts) and when the session closes, so start-up loads it instead of reading every
 *   row.
 * - A blob from another revision (the app stopped between a write and the save) is stale, and
 *   so is the index when the revision moves without this window's writes (another window
 *   wrote: Dexie's live queries see other windows' commits). Then the index is rebuilt from
 *   IndexedDB in the background. Until it is ready, search answers from the stale index (the
 *   latest it had), re-checking each hit against its current row, so a participant renamed or
 *   deleted meanwhile is never shown for what it no longer matches; only participants the stale
 *   index never saw are missing, for the seconds a rebuild takes. With no index at all (no blob,
 *   first start after an upgrade) the first search waits for the rebuild. There is no IndexedDB
 *   search index to fall back on: it cost more on every sync than it saved (db.ts, version 6).
 *   Searching itself never reads the revision: one IndexedDB round trip fewer on every keystroke.
 */
const REVISION_KEY = 'searchIndex:revision'
const BLOB_KEY = 'searchIndex:blob'
/**
 * Rows read per transaction while rebuilding: each chunk is its own short read, so sync and the
 * outbox write in between instead of waiting for all 100,000 rows, and only one chunk of full
 * rows is in memory at a time.
 */
const REBUILD_CHUNK = 2_000

/**
 * Open indexes by the Dexie instance that writes. By instance, not database name: each window
 * has its own instances (and its own index), and a test can stand for a second window by
 * opening the same database again.
 */
const live = new WeakMap<PlannrDb, LiveSearchIndex>()

/** The revision every transaction writing or deleting participant rows bumps (stageSearchChanges). */
export async function readSearchRevision(db: PlannrDb): Promise<number> {
  const row = await db.meta.get(REVISION_KEY)
  return typeof row?.value === 'number' ? row.value : 0
}

/**
 * What the index keeps of a cached row: its search words and its phone number, normalised.
 * The primary email's words are added here too: rows cached before search-words.ts indexed that
 * address lack them until a sync rewrites them (a full pass, hours away or never while offline),
 * whereas every index is built again from the rows once after that change (the saved index's
 * format moved, search-index-blob.ts), so an existing cache finds the address at once, with no
 * migration of every row at start-up. For other rows they are already among the words.
 */
export function toIndexedPerson(row: CachedParticipant): IndexedPerson {
  const phone = row.primaryPhone ? normalisePhone(row.primaryPhone.value) : ''
  const primary = emailWords(row.primaryEmail?.value).filter((word) => !row.words.includes(word))
  // NUL separates keys in the saved blob; no folded word or email holds one in practice.
  const words = [...row.words, ...primary].filter((word) => !word.includes('\u0000'))
  return { uuid: row.uuid, words, phones: phone ? [phone] : [] }
}

/**
 * Call inside a read-write transaction that includes `meta` and writes participant rows:
 * `upserted` (as written) and `deleted`. Returns what to call once that transaction committed.
 */
export async function stageSearchChanges(
  db: PlannrDb,
  upserted: readonly CachedParticipant[],
  deleted: readonly string[],
): Promise<() => void> {
  if (upserted.length === 0 && deleted.length === 0) return () => {}
  const before = await readSearchRevision(db)
  const after = before + 1
  await db.meta.put({ key: REVISION_KEY, value: after, updatedAt: new Date().toISOString() })
  live.get(db)?.expect(after)
  const people = upserted.map(toIndexedPerson)
  return () => live.get(db)?.apply(before, after, people, deleted)
}

interface Change {
  before: number
  after: number
  people: readonly IndexedPerson[]
  deleted: readonly string[]
}

export interface LiveSearchOptions {
  /** Other instances over the same database whose writes this index follows too (the durable one). */
  alsoFollow?: PlannrDb[]
  /**
   * How long changes must pause before the index is saved: a sync writing page after page
   * saves once at its end, not a growing blob every few seconds.
   */
  saveDelayMs?: number
  /** The longest the index stays unsaved while changes keep coming (a kill then costs a rebuild). */
  maxSaveDelayMs?: number
  /** Rows read per transaction while rebuilding (tests use small chunks to get many). */
  rebuildChunk?: number
}

export class LiveSearchIndex {
  /** Where the current index came from: tests tell a loaded blob from a rebuild. */
  source: 'blob' | 'rebuilt' | null = null
  private index: SearchIndex | null = null
  /** The last index known to lag the cache: it answers, re-checked row by row, until a rebuild lands. */
  private stale: SearchIndex | null = null
  private building: Promise<void> | null = null
  /** Changes committed while a rebuild was reading: replayed onto its result. */
  private duringBuild: Change[] = []
  /** Revisions this window committed but has not applied yet (a search may see them first). */
  private readonly expected = new Set<number>()
  private saveTimer: ReturnType<typeof setTimeout> | null = null
  /** When the oldest change not saved yet was applied (Date.now()), null when none is waiting. */
  private unsavedSince: number | null = null
  private saving: Promise<void> = Promise.resolve()
  private closed = false
  private unwatch: () => void = () => {}
  /** The revision of the blob in `meta`, when this window loaded or wrote it. */
  private savedRevision: number | null = null

  private constructor(
    private readonly db: PlannrDb,
    private readonly followed: PlannrDb[],
    private readonly saveDelayMs: number,
    private readonly maxSaveDelayMs: number,
    private readonly rebuildChunk: number,
  ) {}

  /** Loads the saved index when it is current, else starts a rebuild; search works at once either way. */
  static async open(db: PlannrDb, options: LiveSearchOptions = {}): Promise<LiveSearchIndex> {
    const followed = [db, ...(options.alsoFollow ?? [])]
    const handle = new LiveSearchIndex(
      db,
      followed,
      options.saveDelayMs ?? 2_000,
      options.maxSaveDelayMs ?? 60_000,
      options.rebuildChunk ?? REBUILD_CHUNK,
    )
    for (const instance of followed) {
      live.get(instance)?.detach()
      live.set(instance, handle)
    }
    const loaded = await handle.load()
    if (!loaded) void handle.rebuild()
    handle.watchRevision()
    return handle
  }

  /**
   * Up to `limit` participants matching `text`, in the order of the (word, uuid) keys they match
   * by (search-index.ts).
   */
  async search(text: string, limit = 20): Promise<CachedParticipant[]> {
    const index = this.index
    if (index !== null) {
      const rows = await this.db.participants.bulkGet(index.search(text, limit))
      return rows.filter((row) => row !== undefined)
    }
    const building = this.rebuild()
    if (this.stale === null) await building
    else building.catch((error: unknown) => console.error(error))
    const current = this.index ?? this.stale
    if (current === null) return []
    const rows = await this.db.participants.bulkGet(current.search(text, limit))
    if (current === this.index) return rows.filter((row) => row !== undefined)
    return rows.filter((row): row is CachedParticipant => row !== undefined && matchesNow(row, text))
  }

  /** Whether search answers from a current index, a stale one (re-checked) or has none yet. */
  get freshness(): 'current' | 'stale' | 'none' {
    return this.index !== null ? 'current' : this.stale !== null ? 'stale' : 'none'
  }

  /** Resolves once the index is in memory (tests, bench). */
  async ready(): Promise<void> {
    while (this.index === null) await this.rebuild()
  }

  /** Every indexed participant's words and phones (tests compare them with the database). */
  entries(): Map<string, { words: string[]; phones: string[] }> | null {
    return this.index?.entries() ?? null
  }

  /** Saves now (if anything changed since the last save). */
  async save(): Promise<void> {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer)
    this.saveTimer = null
    this.unsavedSince = null
    const index = this.index
    if (index === null) return this.saving
    this.saving = this.saving.then(() => this.write(index)).catch((error: unknown) => console.error(error))
    return this.saving
  }

  /** Saves what is pending and stops following the database. */
  async close(): Promise<void> {
    await this.save()
    this.detach()
  }

  expect(revision: number): void {
    this.expected.add(revision)
  }

  apply(before: number, after: number, people: readonly IndexedPerson[], deleted: readonly string[]): void {
    this.expected.delete(after)
    if (this.building !== null) this.duringBuild.push({ before, after, people, deleted })
    const index = this.index
    if (index === null) {
      // Kept close to the cache while it answers re-checked: fewer participants missing.
      this.stale?.remove(deleted)
      this.stale?.upsert(people)
      return
    }
    if (index.revision !== before) {
      // Another writer came in between: this index no longer knows what it misses.
      this.retire(index)
      return
    }
    applyChange(index, { before, after, people, deleted })
    this.scheduleSave()
  }

  /** Notices revisions this window did not write (another window's sync): the index is stale then. */
  private watchRevision(): void {
    const subscription = liveQuery(() => readSearchRevision(this.db)).subscribe({
      next: (revision) => {
        const index = this.index
        if (index === null || revision === index.revision || this.expected.has(revision)) return
        // A later local write may already have moved the index past it: only older is stale.
        if (revision > index.revision) this.retire(index)
      },
      error: (error: unknown) => console.error(error),
    })
    this.unwatch = () => subscription.unsubscribe()
  }

  /** The index lags the cache from now on: it answers re-checked until a rebuild replaces it. */
  private retire(index: SearchIndex): void {
    if (this.index === index) this.index = null
    this.stale = index
  }

  private detach(): void {
    this.unwatch()
    this.closed = true
    if (this.saveTimer !== null) clearTimeout(this.saveTimer)
    this.saveTimer = null
    for (const instance of this.followed) if (live.get(instance) === this) live.delete(instance)
  }

  private scheduleSave(): void {
    if (this.closed) return
    // Each save rewrites the whole blob (megabytes at 100,000 participants): wait until the
    // changes pause, but not past maxSaveDelayMs from the first unsaved one.
    const now = Date.now()
    this.unsavedSince ??= now
    if (this.saveTimer !== null) clearTimeout(this.saveTimer)
    const wait = Math.min(this.saveDelayMs, Math.max(0, this.unsavedSince + this.maxSaveDelayMs - now))
    this.saveTimer = setTimeout(() => void this.save(), wait)
  }

  /**
   * The saved index, when it can be read and is current. It is a copy of what the participant rows
   * say: one that cannot be read (Chromium keeps a large value in a file of its own, which a crash
   * or a disk cleaner can lose, and every read of it then fails) is rebuilt from them, and must
   * not keep the account's cache from opening.
   */
  private async load(): Promise<boolean> {
    try {
      return await this.loadSaved()
    } catch (error) {
      console.warn('The saved quick-search index could not be read; rebuilding it from the cache.', error)
      return false
    }
  }

  private async loadSaved(): Promise<boolean> {
    const [row, revision] = await this.db.transaction('r', this.db.meta, () =>
      Promise.all([this.db.meta.get(BLOB_KEY), readSearchRevision(this.db)]),
    )
    if (!(row?.value instanceof Blob)) return false
    const index = await unpackIndex(row.value)
    if (index === null || index.revision !== revision || this.index !== null) return false
    this.index = index
    this.source = 'blob'
    this.savedRevision = revision
    return true
  }

  private rebuild(): Promise<void> {
    this.building ??= this.readAll()
      .then(({ revision, endRevision, people }) => {
        const index = SearchIndex.build(people, revision)
        // This window's writes between the chunks, replayed in commit order: each sets its rows
        // (or removes them) whatever the chunk read of them, so the result is the latest state.
        for (const change of this.duringBuild) if (change.before === index.revision) applyChange(index, change)
        // A revision neither replayed nor still to be applied by this window is another
        // window's write: some chunks may predate it. Left unset, the next search rebuilds.
        if (!this.accountsFor(index.revision, endRevision)) {
          this.stale = index
          return
        }
        this.index = index
        this.stale = null
        this.source = 'rebuilt'
        void this.save()
      })
      .finally(() => {
        this.building = null
        this.duringBuild = []
      })
    return this.building
  }

  /** Whether every revision after `revision` up to `end` was committed by this window (apply() will bring it). */
  private accountsFor(revision: number, end: number): boolean {
    for (let next = revision + 1; next <= end; next += 1) if (!this.expected.has(next)) return false
    return true
  }

  /**
   * Every participant, by primary key in chunks of `rebuildChunk`, each chunk in its own read
   * transaction with the revision it saw: `revision` from the first, `endRevision` from the last.
   */
  private async readAll(): Promise<{ revision: number; endRevision: number; people: IndexedPerson[] }> {
    const db = this.db
    const people: IndexedPerson[] = []
    let revision: number | null = null
    let last: string | null = null
    for (;;) {
      const after: string | null = last
      const { at, rows } = await db.transaction('r', [db.participants, db.meta], async (): Promise<Chunk> => ({
        at: await readSearchRevision(db),
        rows: await (after === null ? db.participants.orderBy(':id') : db.participants.where(':id').above(after))
          .limit(this.rebuildChunk)
          .toArray(),
      }))
      revision ??= at
      for (const row of rows) people.push(toIndexedPerson(row))
      if (rows.length < this.rebuildChunk) return { revision, endRevision: at, people }
      last = rows[rows.length - 1]?.uuid ?? null
    }
  }

  private async write(index: SearchIndex): Promise<void> {
    if (index.revision === this.savedRevision) return
    // The bytes are taken now (packIndex encodes before it yields) and compressed before the
    // transaction, which cannot wait on a stream; the index may move on meanwhile.
    const revision = index.revision
    const blob = await packIndex(index)
    await this.db.transaction('rw', this.db.meta, async () => {
      // Newer writes than this index knows: a blob of it would be stale at once.
      if ((await readSearchRevision(this.db)) !== revision) return
      await this.db.meta.put({ key: BLOB_KEY, value: blob, updatedAt: new Date().toISOString() })
      this.savedRevision = revision
    })
  }
}

interface Chunk {
  /** The revision the chunk's transaction saw. */
  at: number
  rows: CachedParticipant[]
}

/** Whether a row, as stored now, matches `text` by the index's own rules (a one-person index). */
function matchesNow(row: CachedParticipant, text: string): boolean {
  return SearchIndex.build([toIndexedPerson(row)], 0).search(text, 1).length === 1
}

function applyChange(index: SearchIndex, change: Change): void {
  index.remove(change.deleted)
  index.upsert(change.people)
  index.revision = change.after
}
