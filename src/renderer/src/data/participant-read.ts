import type { Participant } from '../../../shared/plannr/models'
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
 * The one read path for a group's participants: the table, the parity test (which holds it to
 * GET /group/{uuid}/participants) and the first-page bench all go through these functions.
 *
 * Every order is one compound index `[groupUuid+<sort key>+participantUuid]`: ascending reads it
 * forwards, descending backwards, which is the shared definition's "ties by uuid, desc is the
 * exact reverse". The order is read as keys only (cheap even at 100,000 rows) and only the rows
 * on screen are then loaded.
 */

const SORT_COLUMNS: Record<ParticipantSortField, keyof Membership> = {
  name: 'kName',
  first_name: 'kFirst',
  last_name: 'kLast',
  created_at: 'kCreated',
  updated_at: 'kUpdated',
  type: 'kType',
}

function sortIndex(field: ParticipantSortField): string {
  return `[groupUuid+${SORT_COLUMNS[field]}+participantUuid]`
}

/** Every matching participant uuid of the group, in the API's order for `sort`. */
export async function orderedGroupParticipants(
  db: PlannrDb,
  groupUuid: string,
  filters: ParticipantFilters,
  sort: ParticipantSort,
): Promise<string[]> {
  const normalised = normaliseFilters(filters)
  const { lower, upper } = groupRange(groupUuid, 2)
  const range = db.memberships.where(sortIndex(sort.field)).between(lower, upper, true, true)
  let uuids: string[]
  if (hasFilters(normalised)) {
    // The membership rows carry the filter columns: no participant row is read to filter.
    const matches = membershipMatcher(normalised)
    uuids = (await range.toArray()).filter(matches).map((row) => row.participantUuid)
  } else {
    // Primary keys of the index range: a native getAllKeys, no records read.
    uuids = (await range.primaryKeys()).map(([, participantUuid]) => participantUuid)
  }
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
