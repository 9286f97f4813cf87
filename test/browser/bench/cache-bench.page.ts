/**
 * The browser half of the cache bench (bench/cache.bench.ts bundles this file and opens it in
 * Chromium with a persistent profile). Not part of the app bundle, not a vitest test. Calls go
 * over a loopback WebSocket (`/ipc` on the page's own server, as in the web shell) to main's real
 * handlers behind the real dispatcher, signed in to the sandbox.
 *
 * The bench calls its phases, each in a fresh launch of the browser on the same profile:
 * `benchSync` (a first full sync into an empty database), `benchReopen` and `benchSettled` (open
 * the database again and close it once the disk settled, for the disk figures), `benchReads` (every entry of READ_SECTIONS in order),
 * `benchFloor` (the bare bulkPut floor), `benchDesignFloors` (the same rows written in other
 * storage designs) and `benchUnchangedPass` (a forced full pass over the synced cache with nothing
 * changed on the server). To add a figure about the synced cache, write a section function and
 * add it to READ_SECTIONS.
 */
import { Dexie } from 'dexie'
import { PlannrDb } from '../../../src/renderer/src/data/db'
import { markChanged } from '../../../src/renderer/src/data/revision'
import {
  countGroupParticipants,
  listHead,
  loadParticipants,
  orderedGroupParticipants,
  orderedListParticipants,
  type ListFilters,
  type ListSortField,
} from '../../../src/renderer/src/data/participant-read'
import { countReviews, localDate, REVIEW_WINDOWS, type ReviewWindow } from '../../../src/renderer/src/data/reviews'
import type { ParticipantFilters } from '../../../src/renderer/src/data/participant-filter'
import { compactParticipant } from '../../../src/renderer/src/data/compact'
import { LiveSearchIndex } from '../../../src/renderer/src/data/search-live'
import { createSyncEngine, type SyncEngine } from '../../../src/renderer/src/sync/engine'
import { bindAccount } from '../../../src/shared/ipc/plannr-api'
import type { ParticipantSort, ParticipantSortField } from '../../../src/shared/plannr/participant-query'
import type { CachedParticipant } from '../../../src/renderer/src/data/records'
import { connectSocketApi } from './socket-api'
import { percentile } from './stats'
import { benchSearchIndex, heapAfterGc } from './search-bench'
import { watchedTableSource } from '../helpers/table-source'
import type { ParticipantFiltersInput } from '../../../src/renderer/src/state/group-participants.svelte'
import { RowWindow } from '../../../src/renderer/src/state/row-window'
import type { Participant } from '../../../src/shared/plannr/models'
import { bulkPutFloor } from './floor'
import { designFloors } from './design-floors'
import { countTableAccess } from '../helpers/count-writes'

type Figures = Record<string, number>

declare global {
  interface Window {
    benchLog(line: string): void
    /** Lets the bench sample CPU times (and main's handler time) at this moment; resolves once it has. */
    benchMark(label: string): Promise<void>
    benchSync(options: { accountUuid: string; baseUrl: string; phase?: string }): Promise<Figures>
    benchUnchangedPass(options: { accountUuid: string; baseUrl: string }): Promise<Figures>
    benchReopen(): Promise<Figures>
    benchSettled(): Promise<Figures>
    /** `sections`: only the READ_SECTIONS whose name contains it (all when empty). */
    benchReads(options: { queries: number; sections?: string }): Promise<Figures>
    benchFloor(): Promise<Figures>
    benchDesignFloors(): Promise<Figures>
  }
}

const DB_NAME = 'plannr-bench'

/** What the table does when a group opens: the ordered keys, then the first screenful of rows. */
async function tableFirstPage(
  db: PlannrDb,
  groupUuid: string,
  filters: ParticipantFilters,
  sort: ParticipantSort,
): Promise<void> {
  const order = await orderedGroupParticipants(db, groupUuid, filters, sort)
  await loadParticipants(db, order.slice(0, 50))
}

const reviewSort = { field: 'next_review', direction: 'asc' } as const

/**
 * What the reviews view does before its first screen shows: the head of the window (listHead:
 * from the held review order, or for a filtered window its rows read until the screen is full)
 * and its first 50 rows, or, where no head can be had, the whole order first. Returns the
 * window's size (for a head still counting, the head's).
 */
async function reviewsFirstPage(
  db: PlannrDb,
  window: ReviewWindow,
  today: string,
  filters: ListFilters = {},
): Promise<number> {
  const scope = { kind: 'reviews', window } as const
  const head = await listHead(db, scope, filters, reviewSort, today, 100)
  if (head) {
    await loadParticipants(db, head.uuids.slice(0, 50))
    return head.total
  }
  const order = await orderedListParticipants(db, scope, filters, reviewSort, today)
  await loadParticipants(db, order.slice(0, 50))
  return order.length
}

/** The whole order of a window, which the view reads after its first screen (selection, export, scroll). */
async function reviewsWholeOrder(db: PlannrDb, window: ReviewWindow, today: string): Promise<void> {
  await orderedListParticipants(db, { kind: 'reviews', window }, {}, reviewSort, today)
}

const SORTS: ParticipantSortField[] = ['name', 'first_name', 'last_name', 'created_at', 'updated_at', 'type']

async function timeEach<T>(inputs: T[], run: (input: T) => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = []
  for (const input of inputs) {
    const start = performance.now()
    await run(input)
    samples.push(performance.now() - start)
  }
  return samples
}

const NO_FILTERS: ParticipantFiltersInput = { name: '', types: [], roles: [], tags: [], advisers: [], review: null }

/**
 * A sort change on a group, as the table makes it (GroupParticipantsState.reload): the whole
 * order asked for, the head when the source offers one (every API field: a slice of a known
 * order, or one pass over the key table), the first screen's rows from the head (or from the
 * whole order when there is no head); then the whole order. `cache_sort_change_largest_*`:
 * every sort field and direction, three rounds, right after the group was opened
 * (`cache_sort_open_largest_ms`, which reads the key table), so the first change to each field,
 * before the background has sorted it, is among the samples;
 * `cache_sort_change_largest_whole_order_*`: until the whole order is there too.
 */
async function benchSortChange(db: PlannrDb, groupUuid: string): Promise<Record<string, number>> {
  const { source, settled } = watchedTableSource(db)
  const scope = { kind: 'group', groupUuid } as const
  const rows = new RowWindow<Participant>(source.load, () => undefined)
  /** Milliseconds to the first screen's rows, and to the whole order. */
  const screen = async (field: ListSortField, direction: 'asc' | 'desc'): Promise<[number, number]> => {
    const start = performance.now()
    const sort = { field, direction }
    const whole = source.orderedUuids(scope, NO_FILTERS, sort)
    const head = source.head ? await source.head(scope, NO_FILTERS, sort, 100) : null
    rows.reset(head ? head.uuids : await whole)
    rows.show(0, 20)
    await settled()
    const firstScreen = performance.now() - start
    await whole
    return [firstScreen, performance.now() - start]
  }
  const figures: Record<string, number> = {}
  // A fresh database revision: the open reads the group as the table's first open does.
  markChanged(db)
  const [open] = await screen('last_name', 'asc')
  figures.cache_sort_open_largest_ms = Math.round(open * 100) / 100
  const firstScreens: number[] = []
  const wholeOrders: number[] = []
  for (let round = 0; round < 3; round++)
    for (const field of SORTS)
      for (const direction of ['asc', 'desc'] as const) {
        const [first, whole] = await screen(field, direction)
        firstScreens.push(first)
        wholeOrders.push(whole)
      }
  figures.cache_sort_change_largest_p50_ms = percentile(firstScreens, 50)
  figures.cache_sort_change_largest_p95_ms = percentile(firstScreens, 95)
  figures.cache_sort_change_largest_max_ms = Math.round(Math.max(...firstScreens) * 100) / 100
  figures.cache_sort_change_largest_whole_order_p95_ms = percentile(wholeOrders, 95)
  // Next review is the cache's own order: the held review order, kept to the group.
  const byReview: number[] = []
  for (let round = 0; round < 6; round++) byReview.push((await screen('next_review', round % 2 ? 'desc' : 'asc'))[0])
  figures.cache_sort_change_largest_next_review_p50_ms = percentile(byReview, 50)
  return figures
}

/**
 * The renderer's heap while the table scrolls the largest group from the first row to the
 * last, a screen (20 rows) at a time, each screen's rows loaded before the next: the table's
 * row window (RowWindow) over the table's source. Heap after a full collection, before and after.
 */
async function benchScrollHeap(db: PlannrDb, groupUuid: string): Promise<Record<string, number>> {
  const { source, settled } = watchedTableSource(db)
  const order = await source.orderedUuids({ kind: 'group', groupUuid }, NO_FILTERS, {
    field: 'last_name',
    direction: 'asc',
  })
  const rows = new RowWindow<Participant>(source.load, () => undefined)
  rows.reset(order)
  const before = await heapAfterGc()
  let most = 0
  for (let start = 0; start < order.length; start += 20) {
    rows.show(start, Math.min(order.length, start + 20))
    await settled()
    most = Math.max(most, rows.held)
  }
  const after = await heapAfterGc()
  const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10
  return {
    renderer_heap_after_scroll_largest_mb: mb(after),
    renderer_heap_scroll_growth_largest_mb: mb(after - before),
    table_rows_held_max_largest: most,
  }
}

/**
 * Logs the engine's progress every 5 s, and counts the waits Plannr asked for (429s): a run
 * under the client's own limiter should have none.
 */
function watchProgress(engine: SyncEngine, phase: string): { rateLimitedWaits: () => number } {
  let lastLog = 0
  let waits = 0
  let waiting = false
  engine.subscribe((status) => {
    const progress = status.progress
    if (!progress) return
    const limited = progress.waiting?.reason === 'rate-limited'
    if (limited && !waiting) waits += 1
    waiting = limited
    if (performance.now() - lastLog < 5_000) return
    lastLog = performance.now()
    window.benchLog(
      `${phase}: ${progress.phase} groups ${progress.groupsDone}/${progress.groupsTotal}, rows ${progress.recordsDone}/${progress.recordsTotal ?? '?'}, ` +
        `${progress.requests} requests, ~${Math.round((progress.estimatedRemainingMs ?? 0) / 1000)} s left`,
    )
  })
  return { rateLimitedWaits: () => waits }
}

/**
 * A first full sync into an empty database, between the marks `<phase>:start` and `<phase>:end`
 * (`sync` unless told: the bench runs one more under the rate limits as `sync_limited`), with
 * quick search's index open as the app keeps it (it follows every page and saves its blob).
 */
window.benchSync = async ({ accountUuid, baseUrl, phase = 'sync' }) => {
  const figures: Figures = {}
  const socket = await connectSocketApi()
  const { api, waitedMs } = socket
  await Dexie.delete(DB_NAME)
  const db = new PlannrDb(DB_NAME)
  const search = await LiveSearchIndex.open(db)
  const engine = createSyncEngine({ db, api: bindAccount(api, accountUuid, baseUrl) })
  const watched = watchProgress(engine, phase)
  await window.benchMark(`${phase}:start`)
  const syncStart = performance.now()
  const outcome = await engine.syncNow({ full: true })
  const syncMs = performance.now() - syncStart
  await window.benchMark(`${phase}:end`)
  await search.close()
  if (!outcome.ok) throw new Error(`sync failed: ${outcome.error.kind} ${outcome.error.message}`)
  figures.cache_sync_rate_limited_waits = watched.rateLimitedWaits()
  const participants = await db.participants.count()
  figures.cache_sync_wall_ms = Math.round(syncMs)
  // Time spent waiting on main + sandbox (overlaps with writing, thanks to prefetch).
  figures.cache_sync_invoke_wait_ms = Math.round(waitedMs())
  figures.cache_sync_requests = outcome.requests
  figures.cache_sync_participants = participants
  figures.cache_sync_memberships = await db.memberships.count()
  figures.cache_sync_participants_per_s = Math.round(participants / (syncMs / 1000))
  figures.cache_sync_rows_per_s = Math.round(figures.cache_sync_memberships / (syncMs / 1000))
  // Chromium's own figure for the origin, at once (the bench adds du of the profile after closing).
  const estimate = await navigator.storage.estimate()
  figures.cache_idb_usage_bytes = estimate.usage ?? 0
  figures.cache_idb_bytes_per_participant = Math.round((estimate.usage ?? 0) / participants)
  socket.close()
  db.close()
  return figures
}

/**
 * The full pass the app runs every 6 hours, on the synced profile with nothing changed on the
 * server, between the marks `unchanged_pass:start` and `:end`: wall time, requests, and rows
 * written and read by primary key, counted below Dexie.
 */
window.benchUnchangedPass = async ({ accountUuid, baseUrl }) => {
  const socket = await connectSocketApi()
  const db = new PlannrDb(DB_NAME)
  const counts = countTableAccess(db)
  const participants = await db.participants.count()
  counts.reset()
  const engine = createSyncEngine({ db, api: bindAccount(socket.api, accountUuid, baseUrl) })
  watchProgress(engine, 'unchanged pass')
  await window.benchMark('unchanged_pass:start')
  const start = performance.now()
  const outcome = await engine.syncNow({ full: true })
  const wallMs = performance.now() - start
  await window.benchMark('unchanged_pass:end')
  if (!outcome.ok) throw new Error(`unchanged pass failed: ${outcome.error.kind} ${outcome.error.message}`)
  const sum = (counted: Map<string, number>): number => [...counted.values()].reduce((total, rows) => total + rows, 0)
  const figures: Figures = {
    cache_unchanged_pass_wall_ms: Math.round(wallMs),
    cache_unchanged_pass_requests: outcome.requests,
    cache_unchanged_pass_rows_written: sum(counts.writes),
    cache_unchanged_pass_rows_read: sum(counts.reads),
    cache_unchanged_pass_keys_read_by_range: sum(counts.ranged),
    cache_unchanged_pass_invoke_wait_ms: Math.round(socket.waitedMs()),
    cache_unchanged_pass_participants_after: await db.participants.count(),
    cache_unchanged_pass_participants_before: participants,
  }
  for (const [table, rows] of counts.writes) figures[`cache_unchanged_pass_rows_written_${table}`] = rows
  socket.close()
  db.close()
  return figures
}

/** The database `benchReopen` opened, kept open until `benchSettled` (LevelDB compacts while it is open). */
let reopened: { db: PlannrDb; participants: number } | null = null

/** Opens the synced database in a new launch and leaves it open, for LevelDB to compact after reopening. */
window.benchReopen = async () => {
  const db = new PlannrDb(DB_NAME)
  reopened = { db, participants: await db.participants.count() }
  return { cache_reopen_participants: reopened.participants }
}

/** Closes what `benchReopen` opened, once the bench has seen the disk settle. */
window.benchSettled = async () => {
  if (!reopened) throw new Error('benchSettled without benchReopen')
  const { db, participants } = reopened
  reopened = null
  const settled = await navigator.storage.estimate()
  db.close()
  return { cache_idb_bytes_per_participant_settled: Math.round((settled.usage ?? 0) / Math.max(1, participants)) }
}

/** What every read section gets: the synced (and reopened) cache, all its participants, queries per shape. */
interface ReadContext {
  db: PlannrDb
  all: CachedParticipant[]
  queries: number
}

/** The rows and memberships as stored, in JSON bytes: what the cache holds before any index or key overhead. */
async function storedJsonBytes({ db, all }: ReadContext): Promise<Figures> {
  const encoder = new TextEncoder()
  let jsonBytes = 0
  for (const participant of all) jsonBytes += encoder.encode(JSON.stringify(compactParticipant(participant))).length
  for (const membership of await db.memberships.toArray())
    jsonBytes += encoder.encode(JSON.stringify(membership)).length
  return { cache_json_bytes_per_participant: Math.round(jsonBytes / Math.max(1, all.length)) }
}

/** A group's first page (the table's path: every ordered key, then 50 rows) for each sort, over every group. */
async function firstPages({ db }: ReadContext): Promise<Figures> {
  const figures: Figures = {}
  const groups = await db.groups.toArray()
  const largest = [...groups].sort((a, b) => (b.participantsCount ?? 0) - (a.participantsCount ?? 0))[0]
  for (const field of SORTS) {
    for (const direction of ['asc', 'desc'] as const) {
      const samples = await timeEach(groups, (group) => tableFirstPage(db, group.uuid, {}, { field, direction }))
      const suffix = direction === 'desc' ? `-${field}` : field
      figures[`cache_first_page_${suffix}_p50_ms`] = percentile(samples, 50)
      figures[`cache_first_page_${suffix}_p95_ms`] = percentile(samples, 95)
    }
  }
  if (largest) {
    const byName: ParticipantSort = { field: 'name', direction: 'asc' }
    const [firstPage] = await timeEach([0], () => tableFirstPage(db, largest.uuid, {}, byName))
    figures.cache_first_page_largest_group_ms = Math.round((firstPage ?? 0) * 100) / 100
    const [filtered] = await timeEach([0], () =>
      tableFirstPage(db, largest.uuid, { name: 'son', types: ['client'] }, byName),
    )
    figures.cache_first_page_largest_group_filtered_ms = Math.round((filtered ?? 0) * 100) / 100
    const [count] = await timeEach([0], () => countGroupParticipants(db, largest.uuid, { name: 'son' }))
    figures.cache_count_largest_group_filtered_cold_ms = Math.round((count ?? 0) * 100) / 100
    figures.cache_largest_group_participants = largest.participantsCount ?? 0
  }
  return figures
}

/** Sort changes on the largest group and the heap while the table scrolls it end to end. */
async function largestGroupTable({ db }: ReadContext): Promise<Figures> {
  const groups = await db.groups.toArray()
  const largest = [...groups].sort((a, b) => (b.participantsCount ?? 0) - (a.participantsCount ?? 0))[0]
  if (!largest) return {}
  return { ...(await benchSortChange(db, largest.uuid)), ...(await benchScrollHeap(db, largest.uuid)) }
}

/**
 * Reviews due across the account. The sandbox's next reviews run from 60 days before its dataset
 * date to 400 days after, so "today" = earliest + 60 days gives realistic windows; the real
 * today, after all of them, makes every review overdue (the largest window there can be).
 */
async function reviewsDue({ db, all, queries }: ReadContext): Promise<Figures> {
  const figures: Figures = {}
  const earliest = (await db.participants.orderBy('nextReviewDate').first())?.nextReviewDate
  if (!earliest) return figures
  const datasetToday = new Date(Date.parse(earliest.slice(0, 10)) + 60 * 86_400_000).toISOString().slice(0, 10)
  const rounds = Array.from({ length: Math.max(20, Math.round(queries / 4)) }, (_, index) => index)
  // The order as the app reads it once per database, at start (the sidebar's counts wait for
  // it): closing another instance of the database drops the order held for it, so this first
  // read builds it.
  new PlannrDb(DB_NAME).close()
  const [build] = await timeEach([0], () => countReviews(db, datasetToday))
  figures.cache_reviews_order_build_ms = Math.round((build ?? 0) * 100) / 100
  const days: Array<[string, string]> = [
    ['', datasetToday],
    ['_all_overdue', localDate()],
  ]
  for (const [suffix, today] of days) {
    for (const window of REVIEW_WINDOWS) {
      if (suffix !== '' && window !== 'overdue') continue
      figures[`cache_reviews_${window}${suffix}_rows`] = await reviewsFirstPage(db, window, today)
      const samples = await timeEach(rounds, () => reviewsFirstPage(db, window, today))
      figures[`cache_reviews_first_page_${window}${suffix}_p50_ms`] = percentile(samples, 50)
      figures[`cache_reviews_first_page_${window}${suffix}_p95_ms`] = percentile(samples, 95)
      const whole = await timeEach(rounds, () => reviewsWholeOrder(db, window, today))
      figures[`cache_reviews_whole_order_${window}${suffix}_p95_ms`] = percentile(whole, 95)
    }
  }
  const counts = await timeEach(rounds, () => countReviews(db, datasetToday))
  figures.cache_reviews_counts_p95_ms = percentile(counts, 95)
  // The first read after a write: one participant's review moved (as a sync page would), then
  // the sidebar's counts and a window's first screen, each sample right after its own change.
  const movable = all.filter((participant) => participant.nextReviewDate !== null).slice(0, rounds.length)
  const countsAfter: number[] = []
  const pagesAfter: number[] = []
  for (const [index, participant] of movable.entries()) {
    const moved = new Date(Date.parse(datasetToday) + (index % 40) * 86_400_000).toISOString().slice(0, 10)
    await db.participants.put(compactParticipant({ ...participant, nextReviewDate: moved }))
    countsAfter.push(...(await timeEach([0], () => countReviews(db, datasetToday))))
    await db.participants.put(compactParticipant({ ...participant, nextReviewDate: `${moved}T09:00:00.000Z` }))
    pagesAfter.push(...(await timeEach([0], () => reviewsFirstPage(db, 'quarter', datasetToday))))
  }
  figures.cache_reviews_counts_after_change_p95_ms = percentile(countsAfter, 95)
  figures.cache_reviews_first_page_after_change_p95_ms = percentile(pagesAfter, 95)
  // Tags are only on the rows: the first screen reads the window's rows until it is full (the
  // app's head), the whole filtered order reads them all (what replaces the head).
  const vulnerable = { tags: ['Vulnerable client'] }
  const [tagged] = await timeEach([0], () => reviewsFirstPage(db, 'quarter', datasetToday, vulnerable))
  figures.cache_reviews_first_page_quarter_tag_filter_ms = Math.round((tagged ?? 0) * 100) / 100
  const [taggedWhole] = await timeEach([0], () =>
    orderedListParticipants(db, { kind: 'reviews', window: 'quarter' }, vulnerable, reviewSort, datasetToday),
  )
  figures.cache_reviews_whole_order_quarter_tag_filter_ms = Math.round((taggedWhole ?? 0) * 100) / 100
  return figures
}

/** The figures taken on the synced cache, in this order. Add a section here to add figures. */
const READ_SECTIONS: Array<[name: string, section: (context: ReadContext) => Promise<Figures>]> = [
  ['stored JSON bytes', storedJsonBytes],
  ['quick search (in-memory index)', ({ db, all, queries }) => benchSearchIndex(db, all, queries)],
  ['first pages', firstPages],
  ['largest group: sort changes and scroll heap', largestGroupTable],
  ['reviews due', reviewsDue],
]

window.benchReads = async ({ queries, sections = '' }) => {
  const figures: Figures = {}
  const db = new PlannrDb(DB_NAME)
  const context: ReadContext = { db, all: await db.participants.toArray(), queries }
  for (const [name, section] of READ_SECTIONS) {
    if (!name.includes(sections)) continue
    const start = performance.now()
    Object.assign(figures, await section(context))
    window.benchLog(`reads: ${name} took ${Math.round(performance.now() - start)} ms`)
  }
  db.close()
  return figures
}

window.benchFloor = async () => {
  const db = new PlannrDb(DB_NAME)
  const participants = await db.participants.count()
  db.close()
  return bulkPutFloor(DB_NAME, participants, (label) => window.benchMark(label))
}

window.benchDesignFloors = () => designFloors(DB_NAME, (label) => window.benchMark(label))
