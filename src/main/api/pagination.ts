import type { Page } from '../../shared/plannr/models'

/**
 * Laravel pagination, read defensively: the docs' examples show only `data`, so `links` and
 * `meta` may be missing (docs/plannr-api.md, "Query parameters: filter, sort, include,
 * pagination" and "Documentation quirks and defensive parsing"). Rules, in order of trust:
 * 1. `links` present → `links.next` is the next page (null = last page).
 * 2. `meta.last_page` present → there is a next page while current < last.
 * 3. neither → a full page may have a successor; a short page is the last page.
 */
export interface RawPage<T> {
  data: T[]
  links?: { next?: string | null } | null
  meta?: { current_page?: number; last_page?: number; total?: number; per_page?: number } | null
}

export function toPage<T>(raw: RawPage<T>, request: { url: URL; page: number; perPage: number }): Page<T> {
  const current = raw.meta?.current_page ?? request.page
  const lastPageFromMeta = raw.meta?.last_page ?? null
  const total = raw.meta?.total ?? null
  const perPage = raw.meta?.per_page ?? request.perPage
  let nextUrl: string | null
  if (raw.links) {
    nextUrl = raw.links.next ?? null
  } else if (lastPageFromMeta !== null) {
    nextUrl = current < lastPageFromMeta ? withPage(request.url, current + 1) : null
  } else {
    nextUrl = raw.data.length >= perPage && raw.data.length > 0 ? withPage(request.url, current + 1) : null
  }
  const isLast = nextUrl === null
  return {
    items: raw.data,
    page: current,
    lastPage: lastPageFromMeta ?? (isLast ? current : null),
    total: total ?? (isLast ? (current - 1) * perPage + raw.data.length : null),
    nextUrl,
  }
}

function withPage(url: URL, page: number): string {
  const next = new URL(url)
  next.searchParams.set('page', String(page))
  return next.toString()
}

/**
 * Follows `nextUrl` until the last page. Only URLs on the API's own origin are followed: a
 * `links.next` pointing elsewhere would otherwise receive the bearer token.
 */
export async function* followPages<T>(
  first: Page<T>,
  fetchUrl: (url: string) => Promise<Page<T>>,
  options: { origin: string; maxPages?: number; signal?: AbortSignal },
): AsyncGenerator<Page<T>> {
  let page: Page<T> = first
  const seen = new Set<string>()
  for (let count = 1; ; count++) {
    yield page
    const next = page.nextUrl
    if (next === null || options.signal?.aborted) return
    if (new URL(next).origin !== options.origin)
      throw new Error(`refusing to follow a next-page link to another origin`)
    // A server that loops (next pointing back) would otherwise never end.
    if (seen.has(next) || count >= (options.maxPages ?? 10_000)) return
    seen.add(next)
    page = await fetchUrl(next)
  }
}
