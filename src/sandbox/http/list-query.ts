import { compareKeys, foldText } from '../../shared/plannr/participant-query'
import { addError, type FieldErrors } from './validation'

/**
 * Sorting and name filtering for the simple lists (groups, circles, business units, accounts).
 * Same rules as the shared participant query: folded (case/accent-insensitive) text, ties broken
 * by uuid, descending the exact reverse of ascending.
 */
export interface SortRequest<F extends string> {
  field: F
  descending: boolean
}

export function parseSort<F extends string>(
  query: URLSearchParams,
  allowed: readonly F[],
  fallback: F,
  errors: FieldErrors,
): SortRequest<F> {
  const raw = query.get('sort')
  if (raw === null || raw === '') return { field: fallback, descending: false }
  const descending = raw.startsWith('-')
  const field = descending ? raw.slice(1) : raw
  if ((allowed as readonly string[]).includes(field)) return { field: field as F, descending }
  addError(
    errors,
    'sort',
    `Requested sort(s) \`${field}\` is not allowed. Allowed sort(s) are \`${allowed.join(', ')}\`.`,
  )
  return { field: fallback, descending: false }
}

/** A sort key: folded text, or a number (epoch seconds); null sorts first, as in MySQL. */
export type SortKey = string | number | null

export function sortByKey<T extends { uuid: string }>(items: T[], key: (item: T) => SortKey, descending: boolean): T[] {
  const decorated = items.map((item) => ({ item, key: key(item) }))
  decorated.sort((a, b) => compareSortKeys(a.key, b.key) || compareKeys(a.item.uuid, b.item.uuid))
  if (descending) decorated.reverse()
  return decorated.map((entry) => entry.item)
}

/**
 * Groups, circles and business units all sort by `name` (folded, as the participant query does),
 * `created_at` or `updated_at`: one key function for the three lists.
 */
export function sortNamedRecords<T extends { uuid: string; name: string; createdAt: number; updatedAt: number }>(
  items: T[],
  sort: { field: string; descending: boolean },
): T[] {
  const key = (item: T): SortKey =>
    sort.field === 'name' ? foldText(item.name) : sort.field === 'created_at' ? item.createdAt : item.updatedAt
  return sortByKey(items, key, sort.descending)
}

function compareSortKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return compareKeys(String(a), String(b))
}

/** Comma-separated filter values, trimmed, empty ones dropped; null when the filter is absent. */
export function listFilter(query: URLSearchParams, name: string): string[] | null {
  const raw = query.get(`filter[${name}]`)
  if (raw === null || raw.trim() === '') return null
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
}

/** A case/accent-insensitive substring test, or always-true when the filter is absent. */
export function nameMatcher(query: URLSearchParams): (name: string) => boolean {
  const raw = query.get('filter[name]')
  if (raw === null || raw.trim() === '') return () => true
  const needle = foldText(raw.trim())
  return (name) => foldText(name).includes(needle)
}

/** `include=a,b` as a set. */
export function includes(query: URLSearchParams): Set<string> {
  return new Set(listFilter(new URLSearchParams({ 'filter[include]': query.get('include') ?? '' }), 'include') ?? [])
}
