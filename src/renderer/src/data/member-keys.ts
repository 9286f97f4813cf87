import { PARTICIPANT_SORT_FIELDS, type ParticipantSortField } from '../../../shared/plannr/participant-query'
import { groupRange } from './counts'
import type { PlannrDb } from './db'
import type { Membership } from './records'
import { revisionOf } from './revision'

/**
 * A group's members as a compact in-memory key table: what every order and filter of the
 * participants table needs (the folded sort keys, type, role, uuid), read once from the group's
 * membership rows and then sorted and filtered in memory.
 *
 * Why not one IndexedDB index per order: six `[groupUuid+<key>+participantUuid]` indexes cost
 * about as much disk as the rows they sort and made every membership write update eight index
 * entries, while a sort change still had to read the whole group's keys. Sorting pre-folded keys with `<`
 * in memory is the same order (IndexedDB compares strings by UTF-16 code units, as `<` does) at a
 * fraction of the cost, and each field's ascending order is kept once computed.
 *
 * Freshness: a table remembers the cache revision (revision.ts) it was read at. Every writer of
 * memberships bumps it after its transaction commits (and a Dexie mutation event bumps it for
 * writes from another window), so the next read after any membership change reads the group
 * again; a sort or filter change with nothing written in between never touches IndexedDB.
 */

/** One member's keys: the Membership row without its group and sync bookkeeping. */
export type MemberKey = Pick<
  Membership,
  'participantUuid' | 'kName' | 'kFirst' | 'kLast' | 'kCreated' | 'kUpdated' | 'kType' | 'type' | 'role'
>

/** Each sort field's pre-folded key column. */
export const SORT_COLUMNS = {
  name: 'kName',
  first_name: 'kFirst',
  last_name: 'kLast',
  created_at: 'kCreated',
  updated_at: 'kUpdated',
  type: 'kType',
} as const satisfies Record<ParticipantSortField, keyof MemberKey>

/** Members per run sorted in one step; runs are then merged a slice at a time. */
const RUN = 2_048
/** Merge moves between checks of the time budget. */
const MERGE_SLICE = 4_096

type Compare = (a: MemberKey, b: MemberKey) => number

function compareBy(column: (typeof SORT_COLUMNS)[ParticipantSortField]): Compare {
  return (a, b) => {
    const x = a[column]
    const y = b[column]
    if (x !== y) return x < y ? -1 : 1
    return a.participantUuid < b.participantUuid ? -1 : a.participantUuid > b.participantUuid ? 1 : 0
  }
}

/**
 * A sort that can stop and resume: runs of RUN members sorted natively, then merged pairwise,
 * yielding every run and every MERGE_SLICE moves. The result is the same total order as one
 * `sort(compare)` (ties cannot happen: uuids are distinct), but no step blocks the thread for
 * more than a few milliseconds.
 */
function* sortInSteps(members: readonly MemberKey[], compare: Compare): Generator<void, MemberKey[], void> {
  const size = members.length
  let source = members.slice()
  for (let start = 0; start < size; start += RUN) {
    const run = source.slice(start, start + RUN).sort(compare)
    for (let offset = 0; offset < run.length; offset++) source[start + offset] = run[offset] as MemberKey
    yield
  }
  let target = source.slice()
  let moves = 0
  for (let width = RUN; width < size; width *= 2) {
    for (let left = 0; left < size; left += 2 * width) {
      const middle = Math.min(size, left + width)
      const end = Math.min(size, left + 2 * width)
      let i = left
      let j = middle
      let out = left
      while (i < middle && j < end) {
        const a = source[i] as MemberKey
        const b = source[j] as MemberKey
        if (compare(b, a) < 0) {
          target[out++] = b
          j++
        } else {
          target[out++] = a
          i++
        }
        if (++moves >= MERGE_SLICE) {
          moves = 0
          yield
        }
      }
      while (i < middle) target[out++] = source[i++] as MemberKey
      while (j < end) target[out++] = source[j++] as MemberKey
    }
    const swap = source
    source = target
    target = swap
  }
  return source
}

const FIELDS: readonly ParticipantSortField[] = ['name', ...PARTICIPANT_SORT_FIELDS]

export class MemberKeyTable {
  private readonly ascending = new Map<ParticipantSortField, readonly MemberKey[]>()
  private readonly inProgress = new Map<ParticipantSortField, Generator<void, MemberKey[], void>>()
  private readonly waiting = new Map<ParticipantSortField, Array<(order: readonly MemberKey[]) => void>>()
  private working = false
  private scheduled = false
  private warm: () => boolean = () => false

  constructor(readonly members: readonly MemberKey[]) {}

  get size(): number {
    return this.members.length
  }

  /** Whether `field`'s order is computed already. */
  has(field: ParticipantSortField): boolean {
    return this.ascending.has(field)
  }

  /**
   * The members in ascending `field` order, ties by participant uuid (the API's order; descending
   * is its exact reverse). Computed on first use (finishing a background sort at once) and kept:
   * flipping a direction or coming back to a field costs nothing.
   */
  sorted(field: ParticipantSortField): readonly MemberKey[] {
    const known = this.ascending.get(field)
    if (known) return known
    const steps = this.stepsOf(field)
    let step = steps.next()
    while (!step.done) step = steps.next()
    return this.finish(field, step.value)
  }

  /**
   * The same order, sorted in the background a slice at a time (this field first), so that
   * whatever else waits on the thread (the first screen's rows, input) runs in between.
   */
  sortedSoon(field: ParticipantSortField): Promise<readonly MemberKey[]> {
    const known = this.ascending.get(field)
    if (known) return Promise.resolve(known)
    return new Promise((resolve) => {
      this.waiting.set(field, [...(this.waiting.get(field) ?? []), resolve])
      this.schedule()
    })
  }

  /**
   * Keeps sorting the fields not sorted yet in the background while `current()` holds (the
   * table is still the group's), a slice of a few milliseconds per task.
   */
  warmUp(current: () => boolean): void {
    this.warm = current
    this.schedule()
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    nextTask(() => {
      this.scheduled = false
      const until = performance.now() + SLICE_MS
      const left = this.work(() => performance.now() < until)
      if (left && (this.waiting.size > 0 || this.warm())) this.schedule()
    })
  }

  /**
   * The first `limit` members in `field` order (`desc`: from the end) that `keep` accepts, and how
   * many it accepts in all, without waiting for the whole order: a slice when the order is known,
   * otherwise one pass keeping the best `limit` (a few milliseconds for 40,000 members, where a
   * full sort takes tens).
   */
  head(
    field: ParticipantSortField,
    direction: 'asc' | 'desc',
    limit: number,
    keep: ((member: MemberKey) => boolean) | null,
  ): { members: MemberKey[]; total: number } {
    const known = this.ascending.get(field)
    if (known) {
      const kept = keep ? known.filter(keep) : known
      const members =
        direction === 'asc' ? kept.slice(0, limit) : kept.slice(Math.max(0, kept.length - limit)).reverse()
      return { members, total: kept.length }
    }
    const ascending = compareBy(SORT_COLUMNS[field])
    const compare: Compare = direction === 'asc' ? ascending : (a, b) => ascending(b, a)
    // The best `limit` so far, sorted; a member joins only when it beats the worst of them.
    const best: MemberKey[] = []
    let total = 0
    for (const member of this.members) {
      if (keep && !keep(member)) continue
      total++
      const worst = best[best.length - 1]
      if (best.length >= limit && worst !== undefined && compare(member, worst) >= 0) continue
      let at = best.length
      while (at > 0 && compare(member, best[at - 1] as MemberKey) < 0) at--
      best.splice(at, 0, member)
      if (best.length > limit) best.pop()
    }
    return { members: best, total }
  }

  /**
   * Advances the sorts while `more()` allows, fields asked for by sortedSoon first,
   * then every other field; returns whether any work is left.
   */
  work(more: () => boolean): boolean {
    if (this.working) return true
    this.working = true
    try {
      for (;;) {
        const field =
          [...this.waiting.keys()].find((candidate) => !this.has(candidate)) ??
          FIELDS.find((candidate) => !this.has(candidate))
        if (field === undefined) return false
        const steps = this.stepsOf(field)
        let step = steps.next()
        while (!step.done && more()) step = steps.next()
        if (!step.done) return true
        this.finish(field, step.value)
      }
    } finally {
      this.working = false
    }
  }

  private stepsOf(field: ParticipantSortField): Generator<void, MemberKey[], void> {
    const known = this.inProgress.get(field)
    if (known) return known
    const steps = sortInSteps(this.members, compareBy(SORT_COLUMNS[field]))
    this.inProgress.set(field, steps)
    return steps
  }

  private finish(field: ParticipantSortField, order: readonly MemberKey[]): readonly MemberKey[] {
    this.ascending.set(field, order)
    this.inProgress.delete(field)
    const waiters = this.waiting.get(field) ?? []
    this.waiting.delete(field)
    for (const resolve of waiters) resolve(order)
    return order
  }
}

interface Entry {
  revision: number
  table: Promise<MemberKeyTable>
}

/** Tables kept per database: the open group and the few before it (a back-and-forth costs nothing). */
const MAX_TABLES = 3
const tables = new Map<string, Entry>()

/**
 * The group's key table as of the cache's current revision: from memory when nothing was
 * written since it was read, otherwise read again (one range read of the group's rows).
 */
export function memberKeyTable(db: PlannrDb, groupUuid: string): Promise<MemberKeyTable> {
  const key = `${db.name}|${groupUuid}`
  const revision = revisionOf(db)
  const known = tables.get(key)
  if (known && known.revision === revision) {
    // Most recently used last, so the oldest is the first to go.
    tables.delete(key)
    tables.set(key, known)
    return known.table
  }
  const table = readMemberKeys(db, groupUuid)
  tables.delete(key)
  tables.set(key, { revision, table })
  table.then(
    (read) => read.warmUp(() => tables.get(key)?.table === table),
    // A failed read is not remembered: the next call tries again.
    () => {
      if (tables.get(key)?.table === table) tables.delete(key)
    },
  )
  while (tables.size > MAX_TABLES) {
    const oldest = tables.keys().next().value
    if (oldest === undefined) break
    tables.delete(oldest)
  }
  return table
}

/** Time one background slice may take before yielding the thread. */
const SLICE_MS = 6

/**
 * Runs `task` in a task of its own at background priority where the browser has the task
 * scheduler (Chromium, so the app and its tests): whatever is queued at normal priority goes
 * first, so a sort change's first screen (the head's rows read from IndexedDB, whose answers
 * arrive as tasks) is not held behind a sort slice per answer while the whole order is sorted.
 * Elsewhere a message (not setTimeout: nested timeouts are clamped to 4 ms).
 */
function nextTask(task: () => void): void {
  const background = backgroundPoster()
  if (background) {
    background(task)
    return
  }
  if (typeof MessageChannel === 'undefined') {
    setTimeout(task, 0)
    return
  }
  const channel = new MessageChannel()
  channel.port1.addEventListener('message', () => {
    channel.port1.close()
    task()
  })
  channel.port1.start()
  channel.port2.postMessage(null)
}

/**
 * `scheduler.postTask` at background priority, or null where there is no task scheduler (Node,
 * and the typings of a non-DOM build, which is why it is looked up rather than named).
 */
function backgroundPoster(): ((task: () => void) => void) | null {
  const scheduler: unknown = Reflect.get(globalThis, 'scheduler')
  if (typeof scheduler !== 'object' || scheduler === null) return null
  const postTask: unknown = Reflect.get(scheduler, 'postTask')
  if (typeof postTask !== 'function') return null
  return (task) => {
    Reflect.apply(postTask, scheduler, [task, { priority: 'background' }])
  }
}

async function readMemberKeys(db: PlannrDb, groupUuid: string): Promise<MemberKeyTable> {
  const rows = await groupMemberships(db, groupUuid)
  // Type, role and type key repeat across the group: one string each instead of one per row.
  const shared = new Map<string, string>()
  const intern = (text: string): string => {
    const known = shared.get(text)
    if (known !== undefined) return known
    shared.set(text, text)
    return text
  }
  return new MemberKeyTable(
    rows.map((row): MemberKey => ({
      participantUuid: row.participantUuid,
      kName: row.kName,
      kFirst: row.kFirst,
      kLast: row.kLast,
      kCreated: row.kCreated,
      kUpdated: row.kUpdated,
      kType: intern(row.kType),
      type: intern(row.type),
      role: row.role === null ? null : intern(row.role),
    })),
  )
}

/** The group's membership rows: one range read of the primary key. */
function groupMemberships(db: PlannrDb, groupUuid: string): Promise<Membership[]> {
  const { lower, upper } = groupRange(groupUuid, 1)
  return db.memberships.where('[groupUuid+participantUuid]').between(lower, upper, true, true).toArray()
}
