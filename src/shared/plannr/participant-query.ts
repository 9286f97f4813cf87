/**
 * The ONE definition of what a participant list query means — `filter[uuid]`, `filter[name]`,
 * `filter[type]`, `filter[role]`, `sort` (with `-` for descending), `per_page`, `page` — used by
 * the sandbox to answer `GET /group/{uuid}/participants` and by the offline cache to answer the
 * same question locally. The parity test runs one table of queries against both.
 *
 * Semantics (where the docs are silent — sort by `name`, partial `filter[name]`, comma lists:
 * docs/plannr-api.md, "Open questions" — this is our stated choice):
 * - `filter[name]`: case- and accent-insensitive substring of first name, last name or full name
 *   (what MySQL's `LIKE '%x%'` under a `_ci` collation does).
 * - `filter[uuid]`, `filter[type]`, `filter[role]`: comma-separated lists, any-of; filters AND.
 * - sort keys: names and type compare folded (case/accent-insensitive), dates as UTC instants;
 *   ties are broken by uuid, and descending is the exact reverse of ascending, so an index on
 *   `[sortKey+uuid]` read backwards gives the same order.
 * - default order: `name` ascending (the documented default).
 */

import { ACCOUNT_ROLES, ACCOUNT_TYPES } from './models'

export const PARTICIPANT_SORT_FIELDS = ['created_at', 'first_name', 'last_name', 'updated_at', 'type'] as const
export type ParticipantSortField = (typeof PARTICIPANT_SORT_FIELDS)[number] | 'name'
/** Valid `filter[type]` / `filter[role]` values: the documented account types and roles. */
const PARTICIPANT_TYPES = ACCOUNT_TYPES
export const PARTICIPANT_ROLES = ACCOUNT_ROLES
export const DEFAULT_PER_PAGE = 15
export const MAX_PER_PAGE = 500

export interface ParticipantSort {
  field: ParticipantSortField
  direction: 'asc' | 'desc'
}

export interface ParticipantQuery {
  uuids: string[] | null
  name: string | null
  types: string[] | null
  roles: string[] | null
  sort: ParticipantSort
  page: number
  perPage: number
}

export const DEFAULT_PARTICIPANT_SORT: ParticipantSort = { field: 'name', direction: 'asc' }

export function defaultParticipantQuery(overrides: Partial<ParticipantQuery> = {}): ParticipantQuery {
  return {
    uuids: null,
    name: null,
    types: null,
    roles: null,
    sort: DEFAULT_PARTICIPANT_SORT,
    page: 1,
    perPage: DEFAULT_PER_PAGE,
    ...overrides,
  }
}

/** The fields a participant needs for filtering and sorting. */
export interface QueryableParticipant {
  uuid: string
  firstName: string
  lastName: string
  name: string
  type: string
  role: string | null
  createdAt: string
  updatedAt: string
}

export type QueryParseResult = { ok: true; query: ParticipantQuery } | { ok: false; errors: Record<string, string[]> }

/** Parses the API's query string into a ParticipantQuery, or Laravel-style field errors. */
export function parseParticipantQuery(params: URLSearchParams): QueryParseResult {
  const errors: Record<string, string[]> = {}
  const list = (key: string): string[] | null => {
    const raw = params.get(key)
    if (raw === null || raw.trim() === '') return null
    return raw
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
  }
  const types = list('filter[type]')
  for (const type of types ?? []) {
    if (!(PARTICIPANT_TYPES as readonly string[]).includes(type)) {
      ;(errors['filter.type'] ??= []).push(
        `The selected type "${type}" is invalid. Valid types are ${PARTICIPANT_TYPES.join(', ')}.`,
      )
    }
  }
  const roles = list('filter[role]')
  for (const role of roles ?? []) {
    if (!(PARTICIPANT_ROLES as readonly string[]).includes(role)) {
      ;(errors['filter.role'] ??= []).push(
        `The selected role "${role}" is invalid. Valid roles are ${PARTICIPANT_ROLES.join(', ')}.`,
      )
    }
  }
  let sort = DEFAULT_PARTICIPANT_SORT
  const rawSort = params.get('sort')
  if (rawSort !== null && rawSort !== '') {
    const descending = rawSort.startsWith('-')
    const field = descending ? rawSort.slice(1) : rawSort
    if (field === 'name' || (PARTICIPANT_SORT_FIELDS as readonly string[]).includes(field)) {
      sort = { field: field as ParticipantSortField, direction: descending ? 'desc' : 'asc' }
    } else {
      errors.sort = [
        `Requested sort(s) \`${field}\` is not allowed. Allowed sort(s) are \`${PARTICIPANT_SORT_FIELDS.join(', ')}\`.`,
      ]
    }
  }
  const perPage = wholeNumber(params.get('per_page'), DEFAULT_PER_PAGE)
  if (perPage === null || perPage < 1 || perPage > MAX_PER_PAGE) {
    errors.per_page = [`The per page must be between 1 and ${MAX_PER_PAGE}.`]
  }
  const page = wholeNumber(params.get('page'), 1)
  if (page === null || page < 1) errors.page = ['The page must be at least 1.']
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const name = params.get('filter[name]')
  return {
    ok: true,
    query: {
      uuids: list('filter[uuid]')?.map((id) => id.toLowerCase()) ?? null,
      name: name !== null && name.trim() !== '' ? name.trim() : null,
      types,
      roles,
      sort,
      page: page ?? 1,
      perPage: perPage ?? DEFAULT_PER_PAGE,
    },
  }
}

/** The query as the API's query string (what main's client sends). */
export function participantQueryToParams(query: Partial<ParticipantQuery>): URLSearchParams {
  const params = new URLSearchParams()
  if (query.uuids?.length) params.set('filter[uuid]', query.uuids.join(','))
  if (query.name) params.set('filter[name]', query.name)
  if (query.types?.length) params.set('filter[type]', query.types.join(','))
  if (query.roles?.length) params.set('filter[role]', query.roles.join(','))
  if (query.sort) params.set('sort', `${query.sort.direction === 'desc' ? '-' : ''}${query.sort.field}`)
  if (query.perPage !== undefined) params.set('per_page', String(query.perPage))
  if (query.page !== undefined) params.set('page', String(query.page))
  return params
}

/** Case- and accent-folding used for name matching and name/type sort keys. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

export function matchesParticipant(participant: QueryableParticipant, query: ParticipantQuery): boolean {
  if (query.uuids && !query.uuids.includes(participant.uuid.toLowerCase())) return false
  if (query.types && !query.types.includes(participant.type)) return false
  if (query.roles && (participant.role === null || !query.roles.includes(participant.role))) return false
  if (query.name) {
    const needle = foldText(query.name)
    const hit = [participant.firstName, participant.lastName, participant.name].some((value) =>
      foldText(value).includes(needle),
    )
    if (!hit) return false
  }
  return true
}

/**
 * The value a participant sorts by for `field`: folded text for names and type, the UTC
 * instant (ISO, which sorts lexically) for dates. Stored as an indexed column by the cache.
 */
export function participantSortKey(participant: QueryableParticipant, field: ParticipantSortField): string {
  switch (field) {
    case 'first_name':
      return foldText(participant.firstName)
    case 'last_name':
      return foldText(participant.lastName)
    case 'name':
      return foldText(participant.name)
    case 'type':
      return foldText(participant.type)
    case 'created_at':
      return normaliseInstant(participant.createdAt)
    case 'updated_at':
      return normaliseInstant(participant.updatedAt)
  }
}

/** Code-unit comparison, the same order IndexedDB uses for string keys. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function compareParticipants(sort: ParticipantSort): (a: QueryableParticipant, b: QueryableParticipant) => number {
  const sign = sort.direction === 'desc' ? -1 : 1
  return (a, b) =>
    sign *
    (compareKeys(participantSortKey(a, sort.field), participantSortKey(b, sort.field)) || compareKeys(a.uuid, b.uuid))
}

/** Filters, sorts and pages a list in memory: the reference implementation of the query. */
export function runParticipantQuery<T extends QueryableParticipant>(
  participants: Iterable<T>,
  query: ParticipantQuery,
): { items: T[]; total: number } {
  const matching: T[] = []
  for (const participant of participants) if (matchesParticipant(participant, query)) matching.push(participant)
  matching.sort(compareParticipants(query.sort))
  const start = (query.page - 1) * query.perPage
  return { items: matching.slice(start, start + query.perPage), total: matching.length }
}

function normaliseInstant(value: string): string {
  const time = Date.parse(value)
  return Number.isNaN(time) ? value : new Date(time).toISOString()
}

function wholeNumber(raw: string | null, fallback: number): number | null {
  if (raw === null || raw === '') return fallback
  return /^\d+$/.test(raw) ? Number(raw) : null
}
