import type { Collection } from 'dexie'
import type { ParticipantQuery, ParticipantSort, ParticipantSortField } from '../../../shared/plannr/participant-query'
import { countGroupMembers, groupRange } from './counts'
import type { PlannrDb } from './db'
import {
  filtersKey,
  hasFilters,
  membershipMatcher,
  normaliseFilters,
  type NormalisedFilters,
  type ParticipantFilters,
} from './participant-filter'
import type { CachedParticipant, Membership } from './records'
import { revisionOf } from './revision'

/**
 * A group's participants answered from the cache with exactly the API's meaning (the parity
 * test holds it to GET /group/{uuid}/participants). Every order is one compound index
 * `[groupUuid+<sort key>+participantUuid]`: ascending reads it forwards, descending backwards,
 * which is the shared definition's "ties by uuid, desc is the exact reverse".
 */

type SortColumn = 'kName' | 'kFirst' | 'kLast' | 'kCreated' | 'kUpdated' | 'kType'

const SORT_COLUMNS: Record<ParticipantSortField, SortColumn> = {
  name: 'kName',
  first_name: 'kFirst',
  last_name: 'kLast',
  created_at: 'kCreated',
  updated_at: 'kUpdated',
  type: 'kType',
}

function sortIndex(field: ParticipantSortField): { column: SortColumn; index: string } {
  const column = SORT_COLUMNS[field]
  return { column, index: `[groupUuid+${column}+participantUuid]` }
}

/** Where the next page starts: the sort key and uuid of the last row shown. */
export interface PageCursor {
  key: string
  uuid: string
}

export interface GroupPageRequest {
  filters?: ParticipantFilters
  sort?: ParticipantSort
  after?: PageCursor | null
  limit: number
}

export interface GroupPage {
  items: CachedParticipant[]
  /** Pass as `after` for the following page; null when this was the last one. */
  next: PageCursor | null
}

/**
 * The UI's path: pages by key (no offset), so page 200 costs what page 1 costs.
 */
export async function pageGroupParticipants(
  db: PlannrDb,
  groupUuid: string,
  request: GroupPageRequest,
): Promise<GroupPage> {
  const sort = request.sort ?? { field: 'name', direction: 'asc' }
  const filters = normaliseFilters(request.filters)
  const { column, index } = sortIndex(sort.field)
  const { lower, upper } = groupRange(groupUuid, 2)
  const after = request.after ?? null
  const descending = sort.direction === 'desc'
  let collection: Collection<Membership, [string, string]>
  if (after === null) collection = db.memberships.where(index).between(lower, upper, true, true)
  else if (descending)
    collection = db.memberships.where(index).between(lower, [groupUuid, after.key, after.uuid], true, false)
  else collection = db.memberships.where(index).between([groupUuid, after.key, after.uuid], upper, false, true)
  if (descending) collection = collection.reverse()
  if (hasFilters(filters)) collection = collection.filter(membershipMatcher(filters))
  const rows = await collection.limit(request.limit + 1).toArray()
  const page = rows.slice(0, request.limit)
  const last = page.at(-1)
  return {
    items: await hydrate(db, page),
    next: rows.length > request.limit && last ? { key: last[column], uuid: last.participantUuid } : null,
  }
}

/**
 * The API's own question, offset paging included: same items, same order, same total as the
 * server for the same ParticipantQuery.
 */
export async function queryGroupParticipants(
  db: PlannrDb,
  groupUuid: string,
  query: ParticipantQuery,
): Promise<{ items: CachedParticipant[]; total: number }> {
  const filters = normaliseFilters(query)
  const { index } = sortIndex(query.sort.field)
  const { lower, upper } = groupRange(groupUuid, 2)
  const start = (query.page - 1) * query.perPage
  const descending = query.sort.direction === 'desc'
  if (!hasFilters(filters)) {
    let collection = db.memberships.where(index).between(lower, upper, true, true)
    if (descending) collection = collection.reverse()
    const [rows, total] = await Promise.all([
      collection.offset(start).limit(query.perPage).toArray(),
      countGroupMembers(db, groupUuid),
    ])
    return { items: await hydrate(db, rows), total }
  }
  // A filtered total needs every match anyway: read the group in index order once (getAll is
  // far cheaper than a cursor) and filter in memory.
  const all = await db.memberships.where(index).between(lower, upper, true, true).toArray()
  const matching = all.filter(membershipMatcher(filters))
  if (descending) matching.reverse()
  remember(db, groupUuid, filters, matching.length)
  return { items: await hydrate(db, matching.slice(start, start + query.perPage)), total: matching.length }
}

/** How many of a group's participants match: cached unfiltered, memoised filtered. */
export async function countGroupParticipants(
  db: PlannrDb,
  groupUuid: string,
  filters: ParticipantFilters = {},
): Promise<number> {
  const normalised = normaliseFilters(filters)
  if (!hasFilters(normalised)) return countGroupMembers(db, groupUuid)
  const known = filteredCounts.get(memoKey(db, groupUuid, normalised))
  if (known !== undefined) return known
  const { lower, upper } = groupRange(groupUuid, 1)
  const rows = await db.memberships.where('[groupUuid+participantUuid]').between(lower, upper, true, true).toArray()
  const total = rows.filter(membershipMatcher(normalised)).length
  remember(db, groupUuid, normalised, total)
  return total
}

/** Filtered counts, keyed by the database's change revision so a write makes them stale. */
const filteredCounts = new Map<string, number>()
const MAX_REMEMBERED = 200

function memoKey(db: PlannrDb, groupUuid: string, filters: NormalisedFilters): string {
  return `${db.name}|${revisionOf(db)}|${groupUuid}|${filtersKey(filters)}`
}

function remember(db: PlannrDb, groupUuid: string, filters: NormalisedFilters, total: number): void {
  if (filteredCounts.size >= MAX_REMEMBERED) filteredCounts.clear()
  filteredCounts.set(memoKey(db, groupUuid, filters), total)
}

async function hydrate(db: PlannrDb, rows: Membership[]): Promise<CachedParticipant[]> {
  const participants = await db.participants.bulkGet(rows.map((row) => row.participantUuid))
  return participants.filter((participant): participant is CachedParticipant => participant !== undefined)
}
