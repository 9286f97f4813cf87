import { Dexie, type DBCoreMutateRequest } from 'dexie'
import { observeWrites } from './observe-writes'
import { reviewDays } from './review-day'

/**
 * Every cached participant with a next review as (date, uuid) pairs, earliest first, ties by uuid:
 * exactly the `nextReviewDate` index's order, held in memory so that a window's bounds and size
 * are two binary searches instead of an IndexedDB `count()` (which Chromium answers by walking
 * the range: seconds for 100,000 entries).
 *
 * Built once per database by one key cursor over the index, then kept up to date incrementally:
 * a Dexie middleware (installed by PlannrDb) sees every write to participants made through this
 * window's PlannrDb instances, notes each written row's new date per transaction, and applies
 * them to the order when the transaction completes (an aborted transaction changes nothing). A
 * rebuild after each write would cost the whole index walk every sync page; applying a page's
 * changes is one merge of arrays. Only a range delete (clearing the table) drops the order, to be
 * read again on next use.
 *
 * Read-your-writes: a read waits for the transactions that wrote participants and have not yet
 * had their changes applied (their `complete` event may reach us after the writer's own await
 * resumed), so a read right after a write always sees it.
 */

export interface ReviewOrder {
  /**
   * Next review dates, by their local day (`days`), then as IndexedDB orders them (string order:
   * UTF-16 code units, as `<`). Where each date's local day grows with the text, which it does
   * for dates of one form (all instants, or all date-only) and for any mix at or east of UTC,
   * this is the index's own order.
   */
  readonly dates: readonly string[]
  /** The local day of each date (review-day.ts): what the review windows compare with today. */
  readonly days: readonly string[]
  /** The participant uuid of each date, same positions (ties by uuid). */
  readonly uuids: readonly string[]
}

/** An entry of the order: local day, date, uuid. */
type Entry = [day: string, date: string, uuid: string]

/**
 * The order of dates listed in the index's order, with their local days: the same order unless
 * some day is out of step with the text (a date-only value among instants west of UTC), when it
 * is sorted by day once.
 */
export function orderOfIndex(dates: readonly string[], uuids: readonly string[]): ReviewOrder {
  const dayOf = reviewDays()
  const days = dates.map(dayOf)
  const inStep = days.every((day, index) => index === 0 || (days[index - 1] ?? '') <= day)
  if (inStep) return { dates: [...dates], days, uuids: [...uuids] }
  const entries = days.map((day, index): Entry => [day, dates[index] ?? '', uuids[index] ?? ''])
  entries.sort(compareEntries)
  return {
    dates: entries.map((entry) => entry[1]),
    days: entries.map((entry) => entry[0]),
    uuids: entries.map((entry) => entry[2]),
  }
}

function compareEntries(a: Entry, b: Entry): number {
  return before(a, b) ? -1 : before(b, a) ? 1 : 0
}

/** uuid → its next review date after the write, null when it has none (or the row was deleted). */
type Changes = Map<string, string | null>

interface Held {
  order: ReviewOrder | null
  /** Each held participant's date (to find and remove its old entry on change). */
  byUuid: Map<string, string>
  building: Promise<ReviewOrder> | null
  /** Changes committed while the order was being built: replayed on top of it (idempotent). */
  pending: Changes[]
}

const held = new Map<string, Held>()
/** Write transactions on participants whose changes are not applied yet, per database. */
const inFlight = new Map<string, Set<Promise<void>>>()
const listeners = new Map<string, Set<() => void>>()

/**
 * Calls `listener` whenever the order of `db` changed (a write's dates applied, or the order
 * dropped after the table was cleared); returns the unsubscribe function.
 */
export function onReviewOrderChange(db: Dexie, listener: () => void): () => void {
  const set = listeners.get(db.name) ?? new Set()
  listeners.set(db.name, set)
  set.add(listener)
  return () => set.delete(listener)
}

function notify(name: string): void {
  for (const listener of listeners.get(name) ?? []) listener()
}

/** Forgets the order of a database (it closed, or its table was cleared): the next read builds it. */
function forget(name: string): void {
  held.delete(name)
}

/** The order as of every committed write: from memory, built on first use. */
export async function reviewOrder(db: Dexie): Promise<ReviewOrder> {
  const writes = inFlight.get(db.name)
  // Inside a transaction, waiting for writes could mean waiting for that transaction itself.
  if (writes && writes.size > 0 && !Dexie.currentTransaction) await Promise.all(writes)
  const state = held.get(db.name)
  if (state?.order) return state.order
  if (state?.building) return state.building
  return build(db)
}

function build(db: Dexie): Promise<ReviewOrder> {
  const state: Held = { order: null, byUuid: new Map(), building: null, pending: [] }
  held.set(db.name, state)
  const building = readIndex(db).then((order) => {
    // Dropped (closed, cleared) while reading: this result is not the database's any more.
    if (held.get(db.name) !== state) return order
    state.order = order
    state.building = null
    for (let index = 0; index < order.uuids.length; index++) {
      const uuid = order.uuids[index]
      const date = order.dates[index]
      if (uuid !== undefined && date !== undefined) state.byUuid.set(uuid, date)
    }
    for (const changes of state.pending) apply(state, changes)
    state.pending = []
    return state.order
  })
  state.building = building
  building.catch(() => {
    if (held.get(db.name) === state) held.delete(db.name)
  })
  return building
}

/** One key cursor over the `nextReviewDate` index: its keys and primary keys, in index order. */
async function readIndex(db: Dexie): Promise<ReviewOrder> {
  if (!db.isOpen()) await db.open()
  const index = db
    .backendDB()
    .transaction('participants', 'readonly')
    .objectStore('participants')
    .index('nextReviewDate')
  return new Promise((resolve, reject) => {
    const dates: string[] = []
    const uuids: string[] = []
    const request = index.openKeyCursor()
    request.onerror = () => reject(request.error ?? new Error('Could not read the next review index'))
    request.onsuccess = () => {
      const cursor = request.result
      if (!cursor) return resolve(orderOfIndex(dates, uuids))
      // Next review dates are strings (the API's `YYYY-MM-DD` or an instant); a key of any
      // other type cannot come from a participant row and is left out.
      if (typeof cursor.key === 'string' && typeof cursor.primaryKey === 'string') {
        dates.push(cursor.key)
        uuids.push(cursor.primaryKey)
      }
      cursor.continue()
    }
  })
}

/** True when entry a sorts before entry b: by local day, then date, then uuid. */
function before([dayA, dateA, uuidA]: Entry, [dayB, dateB, uuidB]: Entry): boolean {
  if (dayA !== dayB) return dayA < dayB
  return dateA < dateB || (dateA === dateB && uuidA < uuidB)
}

/** Applies committed changes: one merge of the held order with the changed entries, sorted. */
function apply(state: Held, changes: Changes): boolean {
  const order = state.order
  if (!order) return false
  const removed = new Set<string>()
  const added: Entry[] = []
  const dayOf = reviewDays()
  for (const [uuid, date] of changes) {
    const old = state.byUuid.get(uuid)
    if (old === (date ?? undefined)) continue
    if (old !== undefined) {
      removed.add(uuid)
      state.byUuid.delete(uuid)
    }
    if (date !== null) {
      added.push([dayOf(date), date, uuid])
      state.byUuid.set(uuid, date)
    }
  }
  if (removed.size === 0 && added.length === 0) return false
  added.sort(compareEntries)
  const dates: string[] = []
  const days: string[] = []
  const uuids: string[] = []
  const push = ([day, date, uuid]: Entry): void => {
    days.push(day)
    dates.push(date)
    uuids.push(uuid)
  }
  let next = 0
  for (let index = 0; index < order.uuids.length; index++) {
    const uuid = order.uuids[index]
    const date = order.dates[index]
    const day = order.days[index]
    if (uuid === undefined || date === undefined || day === undefined || removed.has(uuid)) continue
    const held: Entry = [day, date, uuid]
    for (let entry = added[next]; entry && before(entry, held); entry = added[++next]) push(entry)
    push(held)
  }
  for (const entry of added.slice(next)) push(entry)
  state.order = { dates, days, uuids }
  return true
}

/** Index of the first date >= `value` (`inclusive`) or > `value` (not inclusive). */
export function boundOf(dates: readonly string[], value: string, inclusive: boolean): number {
  let low = 0
  let high = dates.length
  while (low < high) {
    const middle = (low + high) >>> 1
    const date = dates[middle] ?? ''
    if (inclusive ? date < value : date <= value) low = middle + 1
    else high = middle
  }
  return low
}

/** What one transaction wrote to participants, noted until it completes. */
interface Noted {
  changes: Changes
  /** A range delete (clearing the table): the order is read again rather than patched. */
  cleared: boolean
}

const noted = new WeakMap<object, Noted>()

/** A native IndexedDB transaction, as far as this module needs it. */
interface CommitEvents {
  addEventListener(type: 'complete' | 'abort', listener: () => void): void
}

function hasCommitEvents(value: unknown): value is CommitEvents & object {
  return (
    typeof value === 'object' &&
    value !== null &&
    'addEventListener' in value &&
    typeof value.addEventListener === 'function'
  )
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** The uuid → date changes a participants write makes (null for a range delete). */
function changesOf(request: DBCoreMutateRequest): Changes | null {
  const changes: Changes = new Map()
  switch (request.type) {
    case 'add':
    case 'put':
      for (const row of request.values) {
        const value: unknown = row
        if (!isRecord(value) || typeof value.uuid !== 'string') continue
        changes.set(value.uuid, typeof value.nextReviewDate === 'string' ? value.nextReviewDate : null)
      }
      return changes
    case 'delete':
      for (const key of request.keys) {
        const uuid: unknown = key
        if (typeof uuid === 'string') changes.set(uuid, null)
      }
      return changes
    case 'deleteRange':
      return null
  }
}

function note(name: string, trans: unknown, changes: Changes | null): void {
  if (!hasCommitEvents(trans)) {
    // Not a native transaction (no commit event to wait for): read the order again next time.
    forget(name)
    return
  }
  const known = noted.get(trans)
  if (known) {
    if (changes === null) known.cleared = true
    else for (const [uuid, date] of changes) known.changes.set(uuid, date)
    return
  }
  const entry: Noted = { changes: changes ?? new Map(), cleared: changes === null }
  noted.set(trans, entry)
  const writes = inFlight.get(name) ?? new Set()
  inFlight.set(name, writes)
  const settled = new Promise<void>((resolve) => {
    trans.addEventListener('complete', () => {
      writes.delete(settled)
      committed(name, entry)
      resolve()
    })
    trans.addEventListener('abort', () => {
      writes.delete(settled)
      resolve()
    })
  })
  writes.add(settled)
}

function committed(name: string, entry: Noted): void {
  const state = held.get(name)
  if (entry.cleared) {
    forget(name)
    notify(name)
    return
  }
  if (!state || entry.changes.size === 0) return
  if (state.building) state.pending.push(entry.changes)
  else if (apply(state, entry.changes)) notify(name)
}

/**
 * Keeps `db`'s review order in step with its writes (see above). Call once per Dexie instance,
 * before it opens; closing the instance drops the order (a deleted and re-created database must
 * not inherit it).
 */
export function trackReviewOrder(db: Dexie): void {
  observeWrites(db, 'review-order', 'participants', (request) => note(db.name, request.trans, changesOf(request)))
  db.on('close', () => forget(db.name))
}
