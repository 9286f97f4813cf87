import { foldText } from '../../../shared/plannr/participant-query'
import type { Membership } from './records'

/** The filter part of a participant query (sort and paging are separate). */
export interface ParticipantFilters {
  uuids?: string[] | null
  name?: string | null
  types?: string[] | null
  roles?: string[] | null
}

/** Filters as the API receives them: blank or empty means "no filter" (the client omits them). */
export interface NormalisedFilters {
  uuids: string[] | null
  needle: string | null
  types: string[] | null
  roles: string[] | null
}

export function normaliseFilters(filters: ParticipantFilters = {}): NormalisedFilters {
  const list = (values: string[] | null | undefined): string[] | null => {
    const kept = (values ?? []).map((value) => value.trim()).filter((value) => value !== '')
    return kept.length > 0 ? kept : null
  }
  const name = filters.name?.trim() ?? ''
  return {
    uuids: list(filters.uuids)?.map((uuid) => uuid.toLowerCase()) ?? null,
    needle: name === '' ? null : foldText(name),
    types: list(filters.types),
    roles: list(filters.roles),
  }
}

export function hasFilters(filters: NormalisedFilters): boolean {
  return filters.uuids !== null || filters.needle !== null || filters.types !== null || filters.roles !== null
}

/**
 * `matchesParticipant` (src/shared/plannr/participant-query.ts) evaluated on a membership row.
 * Equivalent by construction: the row's kFirst/kLast/kName are exactly the foldText values
 * that function compares against the folded needle, and type/role/uuid are copied verbatim.
 * The parity test holds the two to the same answers.
 */
export function membershipMatcher(filters: NormalisedFilters): (row: MatchedColumns) => boolean {
  const { uuids, needle, types, roles } = filters
  return (row) => {
    if (uuids && !uuids.includes(row.participantUuid.toLowerCase())) return false
    if (types && !types.includes(row.type)) return false
    if (roles && (row.role === null || !roles.includes(row.role))) return false
    if (needle !== null && !(row.kFirst.includes(needle) || row.kLast.includes(needle) || row.kName.includes(needle)))
      return false
    return true
  }
}

/** The membership columns a filter reads (a membership row, or a group's in-memory key table row). */
export type MatchedColumns = Pick<Membership, 'participantUuid' | 'type' | 'role' | 'kFirst' | 'kLast' | 'kName'>

/** A stable text key of the filters, for memoised counts. */
export function filtersKey(filters: NormalisedFilters): string {
  return JSON.stringify([filters.uuids, filters.needle, filters.types, filters.roles])
}
