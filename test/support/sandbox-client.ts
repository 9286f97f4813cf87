import type { Sandbox } from '../../src/sandbox'

/**
 * A thin fetch wrapper for the sandbox conformance tests: real HTTP over loopback, with the
 * headers the documentation asks for (docs/plannr-api.md, "Required request headers") unless a
 * test overrides them.
 */
export interface ApiResult<T = unknown> {
  status: number
  headers: Headers
  body: T
  text: string
}

export interface ApiOptions {
  method?: string
  body?: unknown
  /** A raw body sent as is (for malformed JSON). */
  rawBody?: string
  /** Bearer token; null sends none. Defaults to the demo token. */
  token?: string | null
  /** X-PLANNR-ACCOUNT-UUID; null sends none. Defaults to the demo account. */
  account?: string | null
  headers?: Record<string, string>
}

export async function api<T = unknown>(
  sandbox: Sandbox,
  path: string,
  options: ApiOptions = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  const token = options.token === undefined ? sandbox.demo.token : options.token
  const account = options.account === undefined ? sandbox.demo.accountUuid : options.account
  if (token !== null) headers.Authorization = `Bearer ${token}`
  if (account !== null) headers['X-PLANNR-ACCOUNT-UUID'] = account
  let body: string | undefined
  if (options.rawBody !== undefined) body = options.rawBody
  else if (options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(path.startsWith('http') ? path : `${sandbox.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body,
  })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text) as unknown
  } catch {
    // Not JSON (an HTML page): the test reads `text`.
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text }
}

/** The Laravel page shape the sandbox returns on list endpoints. */
export interface Page<T = Record<string, unknown>> {
  data: T[]
  links: { first: string; last: string; prev: string | null; next: string | null }
  meta: {
    current_page: number
    from: number | null
    last_page: number
    per_page: number
    to: number | null
    total: number
    path: string
    links: unknown[]
  }
}

export type Row = Record<string, unknown> & { uuid: string }

/** Follows `links.next` from a first request until it is null; returns every row and the pages seen. */
export async function collectPages(sandbox: Sandbox, path: string): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = []
  let next: string | null = path
  let pages = 0
  while (next !== null) {
    const result: ApiResult<Page<Row>> = await api<Page<Row>>(sandbox, next)
    if (result.status !== 200) throw new Error(`GET ${next} → ${result.status} ${result.text.slice(0, 200)}`)
    rows.push(...result.body.data)
    next = result.body.links.next
    pages += 1
    if (pages > 10_000) throw new Error('pagination does not end')
  }
  return { rows, pages }
}
