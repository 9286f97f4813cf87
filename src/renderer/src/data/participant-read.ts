import type { Participant } from '../../../shared/plannr/models'
import {
  compareKeys,
  foldText,
  participantSortKey,
  type ParticipantQuery,
  type ParticipantSort,
  type ParticipantSortField,
} from '../../../shared/plannr/participant-query'
import { countGroupMembers } from './counts'
import { memberKeyTable } from './member-keys'
import type { PlannrDb } from './db'
import {
  filtersKey,
  hasFilters,
  membershipMatcher,
  normaliseFilters,
  type NormalisedFilters,
  type ParticipantFilters,
} from './participant-filter'
import type { CachedParticipant } from './records'
import { membershipKeys } from './normalise'
import { orderedByNextReview, orderedReviews, reviewsHead, type ListHead, type ReviewWindow } from './reviews'
import { revisionOf } from './revision'

/**
 * The one read path for a group's participants: the table, the parity test (which holds it to
 * GET /group/{uuid}/participants) and the bench all go through these functions.
 *
 * Orders and filters come from the group's in-memory key table (member-keys.ts): read once from
 * the group's membership rows, then sorted by pre-folded keys with ties by uuid, descending the
 * exact reverse, which is the shared definition's order. Only the rows on screen are then loaded.
 */

/** Every matching participant uuid of the group, in the API's order for `sort`. */
export async function orderedGroupParticipants(
  db: PlannrDb,
  groupUuid: string,
  filters: ParticipantFilters,
  sort: ParticipantSort,
): Promise<string[]> {
  const normalised = normaliseFilters(filters)
  // Sorted in slices when not yet known, so the first screen (groupHead) is not held behind it.
  const sorted = await (await memberKeyTable(db, groupUuid)).sortedSoon(sort.field)
  // The key table carries the filter columns: no participant row is read to filter.
  const kept = hasFilters(normalised) ? sorted.filter(membershipMatcher(normalised)) : sorted
  const uuids = kept.map((member) => member.participantUuid)
  return sort.direction === 'desc' ? uuids.reverse() : uuids
}

/** The cached participants for these uuids, in the same order; uuids no longer cached are skipped. */
export async function loadParticipants(db: PlannrDb, uuids: string[]): Promise<CachedParticipant[]> {
  const rows = await db.participants.bulkGet(uuids)
  return rows.filter((row): row is CachedParticipant => row !== undefined)
}

/**
 * The API's own question, offset paging included, answered through the table's path: same
 * items, same order, same total as the server for the same ParticipantQuery.
 */
export async function queryGroupParticipants(
  db: PlannrDb,
  groupUuid: string,
  query: ParticipantQuery,
): Promise<{ items: CachedParticipant[]; total: number }> {
  const order = await orderedGroupParticipants(db, groupUuid, query, query.sort)
  const start = (query.page - 1) * query.perPage
  return { items: await loadParticipants(db, order.slice(start, start + query.perPage)), total: order.length }
}

/** How many of a group's participants match: cached unfiltered, memoised filtered. */
export async function countGroupParticipants(
  db: PlannrDb,
  groupUuid: string,
  filters: ParticipantFilters = {},
): Promise<number> {
  const normalised = normaliseFilters(filters)
  if (!hasFilters(normalised)) return countGroupMembers(db, groupUuid)
  const key = memoKey(db, groupUuid, normalised)
  const known = filteredCounts.get(key)
  if (known !== undefined) return known
  const total = (await orderedGroupParticipants(db, groupUuid, filters, { field: 'name', direction: 'asc' })).length
  if (filteredCounts.size >= MAX_REMEMBERED) filteredCounts.clear()
  filteredCounts.set(key, total)
  return total
}

/** Filtered counts, keyed by the database's change revision so a write makes them stale. */
const filteredCounts = new Map<string, number>()
const MAX_REMEMBERED = 200

function memoKey(db: PlannrDb, groupUuid: string, filters: NormalisedFilters): string {
  return `${db.name}|${revisionOf(db)}|${groupUuid}|${filtersKey(filters)}`
}

/** A cached row as the UI's Participant: without the cache's own columns; groups come from memberships. */
export function toParticipant(row: CachedParticipant): Participant {
  const { words: _words, pendingOpId: _pending, ...participant } = row
  return { ...participant, groups: [] }
}

/** Whose participants a list shows: one group's, or everyone cached with a review in a window. */
export type ParticipantScope = { kind: 'group'; groupUuid: string } | { kind: 'reviews'; window: ReviewWindow }

/** The API's sort fields plus the next review date, which only the cache sorts by. */
export type ListSortField = ParticipantSortField | 'next_review'
export interface ListSort {
  field: ListSortField
  direction: 'asc' | 'desc'
}

/**
 * A list's filters: the API's (name, types, roles) plus what only the cache answers. Within a
 * field any value matches (like `filter[type]`); different fields must all match.
 */
export interface ListFilters extends ParticipantFilters {
  /** Tag names (matched without regard to case or accents). */
  tags?: string[] | null
  /** Assigned adviser uuids. */
  advisers?: string[] | null
  /** Only participants whose next review falls in this window. */
  review?: ReviewWindow | null
}

/**
 * Every matching participant uuid of a list, in order. A group without the cache-only filters
 * and sorted by an API field is exactly orderedGroupParticipants. The next review order is the
 * `nextReviewDate` index read as keys (participants without a date follow, by name); a review
 * window is an index range. Tags and advisers are checked on the rows of what is left.
 */
export async function orderedListParticipants(
  db: PlannrDb,
  scope: ParticipantScope,
  filters: ListFilters,
  sort: ListSort,
  today: string,
): Promise<string[]> {
  let order: string[]
  let rowsChecked = false
  if (scope.kind === 'group') {
    const byApi: ParticipantSort =
      sort.field === 'next_review' ? { field: 'name', direction: 'asc' } : { ...sort, field: sort.field }
    order = await orderedGroupParticipants(db, scope.groupUuid, filters, byApi)
    if (sort.field === 'next_review') order = byNextReview(order, await orderedByNextReview(db), sort.direction)
  } else {
    order = await orderedReviews(db, scope.window, today)
    const normalised = normaliseFilters(filters)
    if (hasFilters(normalised) || sort.field !== 'next_review' || needsRows(filters)) {
      const rows = await loadParticipants(db, order)
      const matches = listRowMatcher(filters)
      let kept = rows.filter(matches)
      rowsChecked = true
      if (sort.field !== 'next_review') {
        const field = sort.field
        const keyOf = new Map(kept.map((row) => [row.uuid, participantSortKey(row, field)]))
        kept = kept.sort(
          (a, b) => compareKeys(keyOf.get(a.uuid) ?? '', keyOf.get(b.uuid) ?? '') || compareKeys(a.uuid, b.uuid),
        )
      }
      order = kept.map((row) => row.uuid)
    }
    if (sort.direction === 'desc') order.reverse()
  }
  if (filters.review && scope.kind === 'group') {
    const inWindow = new Set(await orderedReviews(db, filters.review, today))
    order = order.filter((uuid) => inWindow.has(uuid))
  }
  if (!rowsChecked && needsRows(filters)) {
    const rows = await loadParticipants(db, order)
    order = rows.filter((row) => rowMatches(row, filters)).map((row) => row.uuid)
  }
  return order
}

/**
 * The first `limit` uuids of a list and its length, when they can be had without the whole
 * order: a reviews window in next review order with no filter (the held review order gives
 * both), or a group sorted by an API field (a slice of its order when that is sorted already,
 * otherwise one pass over its key table keeping the best `limit`). Null otherwise: the list's first screen then waits for
 * orderedListParticipants.
 */
export async function listHead(
  db: PlannrDb,
  scope: ParticipantScope,
  filters: ListFilters,
  sort: ListSort,
  today: string,
  limit: number,
): Promise<ListHead | null> {
  if (scope.kind === 'group') return groupHead(db, scope.groupUuid, filters, sort, limit)
  if (sort.field !== 'next_review' || filters.review) return null
  const normalised = normaliseFilters(filters)
  if (!hasFilters(normalised) && !needsRows(filters)) return reviewsHead(db, scope.window, today, sort.direction, limit)
  return filteredReviewsHead(db, scope.window, today, filters, sort.direction, limit)
}

/** Rows read per step while looking for a filtered window's first screen. */
const HEAD_CHUNK = 250

/**
 * The first `limit` matches of a filtered reviews window: its rows read in order a chunk at a
 * time, stopping once the screen is full. Tags and advisers are only on the rows, so the whole
 * count needs every row of the window (seconds for tens of thousands): that is left to
 * orderedListParticipants, and the head says it is still counting unless it read them all.
 */
async function filteredReviewsHead(
  db: PlannrDb,
  window: ReviewWindow,
  today: string,
  filters: ListFilters,
  direction: 'asc' | 'desc',
  limit: number,
): Promise<ListHead> {
  const order = await orderedReviews(db, window, today)
  if (direction === 'desc') order.reverse()
  const matches = listRowMatcher(filters)
  const uuids: string[] = []
  let read = 0
  while (read < order.length && uuids.length < limit) {
    const chunk = order.slice(read, read + HEAD_CHUNK)
    read += chunk.length
    for (const row of await loadParticipants(db, chunk)) if (matches(row)) uuids.push(row.uuid)
  }
  if (read < order.length) return { uuids: uuids.slice(0, limit), total: limit, counting: true }
  return { uuids: uuids.slice(0, limit), total: uuids.length }
}

async function groupHead(
  db: PlannrDb,
  groupUuid: string,
  filters: ListFilters,
  sort: ListSort,
  limit: number,
): Promise<ListHead | null> {
  const field = sort.field
  if (field === 'next_review' || needsRows(filters) || filters.review) return null
  const table = await memberKeyTable(db, groupUuid)
  // A known order gives its head by a slice; the whole order still maps (and for a descending
  // sort reverses) every member's uuid, which the first screen need not wait for.
  const normalised = normaliseFilters(filters)
  const keep = hasFilters(normalised) ? membershipMatcher(normalised) : null
  const { members, total } = table.head(field, sort.direction, limit, keep)
  return { uuids: members.map((member) => member.participantUuid), total }
}

function needsRows(filters: ListFilters): boolean {
  return (filters.tags?.length ?? 0) > 0 || (filters.advisers?.length ?? 0) > 0
}

/** Whether a participant row passes every filter: the key-table columns and those only rows carry. */
function listRowMatcher(filters: ListFilters): (row: CachedParticipant) => boolean {
  const matches = membershipMatcher(normaliseFilters(filters))
  return (row) => matches({ ...membershipKeys(row), participantUuid: row.uuid }) && rowMatches(row, filters)
}

function rowMatches(row: CachedParticipant, filters: ListFilters): boolean {
  const tags = filters.tags ?? []
  if (tags.length > 0) {
    const wanted = new Set(tags.map(foldText))
    if (!row.tags.some((tag) => wanted.has(foldText(tag.name)))) return false
  }
  const advisers = filters.advisers ?? []
  if (advisers.length > 0 && !(row.assignedAdviser && advisers.includes(row.assignedAdviser.uuid))) return false
  return true
}

/** A list's members in next review order: dated ones by the index, then the undated in their given order. */
function byNextReview(members: string[], reviewOrder: readonly string[], direction: 'asc' | 'desc'): string[] {
  const wanted = new Set(members)
  const dated = reviewOrder.filter((uuid) => wanted.has(uuid))
  const seen = new Set(dated)
  const ordered = [...dated, ...members.filter((uuid) => !seen.has(uuid))]
  return direction === 'desc' ? ordered.reverse() : ordered
}

/** The tags and advisers found on these participants, for the filter menus (sorted by name). */
export async function filterChoices(
  db: PlannrDb,
  uuids: string[],
): Promise<{ tags: string[]; advisers: Array<{ uuid: string; name: string }> }> {
  const tags = new Map<string, string>()
  const advisers = new Map<string, string>()
  for (const row of await loadParticipants(db, uuids)) {
    for (const tag of row.tags) if (!tags.has(foldText(tag.name))) tags.set(foldText(tag.name), tag.name)
    if (row.assignedAdviser) advisers.set(row.assignedAdviser.uuid, row.assignedAdviser.name)
  }
  const byName = (a: string, b: string): number => a.localeCompare(b, 'en-GB')
  return {
    tags: [...tags.values()].sort(byName),
    advisers: [...advisers].map(([uuid, name]) => ({ uuid, name })).sort((a, b) => byName(a.name, b.name)),
  }
}
