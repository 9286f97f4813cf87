import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from '../../shared/plannr/participant-query'
import type { RequestContext } from './types'
import { addError, type FieldErrors } from './validation'

/**
 * Laravel's paginated resource response (inferred; the docs show the keys only in an
 * illustration: docs/plannr-api.md, "Query parameters: filter, sort, include, pagination"):
 * `data`, `links` (first, last, prev, next — absolute URLs that keep every other query
 * parameter) and `meta` (with Laravel's sliding window of page links). `links.next` is null on
 * the last page, so a client that follows it visits every record exactly once.
 */
export interface PageRequest {
  page: number
  perPage: number
}

/** `per_page` (default 15, 1..500) and `page` (Laravel treats a bad page as 1). */
export function parsePageRequest(query: URLSearchParams, errors: FieldErrors): PageRequest {
  const rawPerPage = query.get('per_page')
  let perPage = DEFAULT_PER_PAGE
  if (rawPerPage !== null && rawPerPage !== '') {
    perPage = /^\d+$/.test(rawPerPage) ? Number(rawPerPage) : NaN
    if (!(perPage >= 1 && perPage <= MAX_PER_PAGE))
      addError(errors, 'per_page', `The per page must be between 1 and ${MAX_PER_PAGE}.`)
  }
  const rawPage = query.get('page')
  const page = rawPage !== null && /^\d+$/.test(rawPage) && Number(rawPage) >= 1 ? Number(rawPage) : 1
  return { page, perPage: Number.isFinite(perPage) ? perPage : DEFAULT_PER_PAGE }
}

export function paginate<T>(
  context: RequestContext,
  items: readonly T[],
  request: PageRequest,
  render: (item: T) => unknown,
): Record<string, unknown> {
  const total = items.length
  const start = (request.page - 1) * request.perPage
  const slice = items.slice(start, start + request.perPage)
  return pageBody(context, slice.map(render), total, request)
}

export function pageBody(
  context: RequestContext,
  data: unknown[],
  total: number,
  request: PageRequest,
): Record<string, unknown> {
  const { page, perPage } = request
  const lastPage = Math.max(1, Math.ceil(total / perPage))
  const path = `${context.origin}${context.url.pathname}`
  const urlFor = (target: number): string => {
    const params = new URLSearchParams(context.query)
    params.delete('page')
    params.set('page', String(target))
    return `${path}?${params.toString()}`
  }
  const from = data.length > 0 ? (page - 1) * perPage + 1 : null
  return {
    data,
    links: {
      first: urlFor(1),
      last: urlFor(lastPage),
      prev: page > 1 ? urlFor(Math.min(page - 1, lastPage)) : null,
      next: page < lastPage ? urlFor(page + 1) : null,
    },
    meta: {
      current_page: page,
      from,
      last_page: lastPage,
      links: pageLinks(page, lastPage, urlFor),
      path,
      per_page: perPage,
      to: from === null ? null : from + data.length - 1,
      total,
    },
  }
}

type PageLink = { url: string | null; label: string; active: boolean }

/** Laravel's UrlWindow with onEachSide = 3: all pages when few, else ends plus a slider with "...". */
function pageLinks(page: number, lastPage: number, urlFor: (page: number) => string): PageLink[] {
  const range = (from: number, to: number): number[] =>
    Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i)
  const onEachSide = 3
  const window = onEachSide * 2
  let parts: Array<number[] | null>
  if (lastPage < window + 8) parts = [range(1, lastPage)]
  else if (page <= window) parts = [range(1, window + onEachSide), null, range(lastPage - 1, lastPage)]
  else if (page > lastPage - window) parts = [range(1, 2), null, range(lastPage - (window + onEachSide - 1), lastPage)]
  else parts = [range(1, 2), null, range(page - onEachSide, page + onEachSide), null, range(lastPage - 1, lastPage)]
  const links: PageLink[] = [{ url: page > 1 ? urlFor(page - 1) : null, label: '&laquo; Previous', active: false }]
  for (const part of parts) {
    if (part === null) links.push({ url: null, label: '...', active: false })
    else for (const n of part) links.push({ url: urlFor(n), label: String(n), active: n === page })
  }
  links.push({ url: page < lastPage ? urlFor(page + 1) : null, label: 'Next &raquo;', active: false })
  return links
}
