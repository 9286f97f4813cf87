import { describe, expect, it } from 'vitest'
import { errorFromResponse, errorFromTransport, parseRetryAfter } from '../../src/main/api/errors'
import { toPage } from '../../src/main/api/pagination'

const ep = 'GET /api/v1/group'
const headers = (entries: Record<string, string> = {}) => new Headers(entries)

describe('error mapping', () => {
  it('maps each status to its kind', () => {
    const kind = (status: number, body = '{}') => errorFromResponse(status, body, headers(), ep).data.kind
    expect(kind(401)).toBe('unauthenticated')
    expect(kind(403)).toBe('forbidden')
    expect(kind(400)).toBe('forbidden')
    expect(kind(404)).toBe('not-found')
    expect(kind(422)).toBe('validation')
    expect(kind(429)).toBe('rate-limited')
    expect(kind(500)).toBe('server')
    expect(kind(503, 'not json')).toBe('server')
    expect(kind(302)).toBe('server')
  })

  it('carries Laravel field errors and the server message on 422', () => {
    const body = JSON.stringify({
      message: 'The name has already been taken.',
      errors: { name: ['The name has already been taken.'] },
    })
    expect(errorFromResponse(422, body, headers(), 'POST /api/v1/group').data).toEqual({
      kind: 'validation',
      status: 422,
      endpoint: 'POST /api/v1/group',
      message: 'The name has already been taken.',
      fieldErrors: { name: ['The name has already been taken.'] },
    })
  })

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3_000)
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(null)).toBeUndefined()
    expect(errorFromResponse(429, '', headers({ 'Retry-After': '7' }), ep).data.retryAfterMs).toBe(7_000)
  })

  it('a write that lost its connection is outcome-unknown unless it never connected', () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
    const write = { endpoint: 'POST /api/v1/group', write: true, timeoutMs: 1_000 }
    const read = { ...write, endpoint: ep, write: false }
    expect(errorFromTransport('network', reset, write).kind).toBe('outcome-unknown')
    expect(errorFromTransport('timeout', undefined, write).kind).toBe('outcome-unknown')
    expect(errorFromTransport('cancelled', undefined, write).kind).toBe('outcome-unknown')
    expect(errorFromTransport('network', refused, write).kind).toBe('network')
    expect(errorFromTransport('network', reset, read).kind).toBe('network')
    expect(errorFromTransport('timeout', undefined, read).kind).toBe('timeout')
    expect(errorFromTransport('cancelled', undefined, read).kind).toBe('cancelled')
  })

  it("reads Chromium's failures (the desktop app's requests) as it reads Node's", () => {
    // Electron's net.request fails with `net::ERR_…` in the message and no code.
    const chromium = (name: string) => new Error(`net::${name}`)
    const write = { endpoint: 'POST /api/v1/group', write: true, timeoutMs: 1_000 }
    for (const name of [
      'ERR_CONNECTION_REFUSED',
      'ERR_NAME_NOT_RESOLVED',
      'ERR_ADDRESS_UNREACHABLE',
      'ERR_PROXY_CONNECTION_FAILED',
      'ERR_TUNNEL_CONNECTION_FAILED',
    ]) {
      expect(errorFromTransport('network', chromium(name), write).data).toMatchObject({
        kind: 'network',
        message: `Cannot reach Plannr (${name}). Check your connection.`,
      })
    }
    // Once connected, a lost answer may be a committed write, as with Node's ECONNRESET.
    for (const name of ['ERR_CONNECTION_RESET', 'ERR_CONNECTION_CLOSED', 'ERR_EMPTY_RESPONSE', 'ERR_FAILED']) {
      expect(errorFromTransport('network', chromium(name), write).kind).toBe('outcome-unknown')
    }
    expect(
      errorFromTransport('network', chromium('ERR_CERT_AUTHORITY_INVALID'), { ...write, write: false }).data,
    ).toMatchObject({ kind: 'network', message: expect.stringContaining('ERR_CERT_AUTHORITY_INVALID') })
  })
})

describe('pagination', () => {
  const url = new URL('https://api.plannrcrm.com/api/v1/group?sort=name&per_page=2&page=1')

  it('trusts links.next when links are present', () => {
    const next = 'https://api.plannrcrm.com/api/v1/group?page=2'
    expect(toPage({ data: [1, 2], links: { next } }, { url, page: 1, perPage: 2 }).nextUrl).toBe(next)
    const last = toPage(
      { data: [1], links: { next: null }, meta: { current_page: 3, last_page: 3, total: 5 } },
      { url, page: 3, perPage: 2 },
    )
    expect(last).toMatchObject({ nextUrl: null, page: 3, lastPage: 3, total: 5 })
  })

  it('uses meta when links are missing', () => {
    const page = toPage({ data: [1, 2], meta: { current_page: 1, last_page: 2 } }, { url, page: 1, perPage: 2 })
    expect(new URL(page.nextUrl!).searchParams.get('page')).toBe('2')
    expect(new URL(page.nextUrl!).searchParams.get('sort')).toBe('name')
  })

  it('without links or meta: a full page may continue, a short page is the last', () => {
    const full = toPage({ data: [1, 2] }, { url, page: 1, perPage: 2 })
    expect(full).toMatchObject({ lastPage: null, total: null })
    expect(new URL(full.nextUrl!).searchParams.get('page')).toBe('2')
    expect(toPage({ data: [3] }, { url, page: 2, perPage: 2 })).toMatchObject({ nextUrl: null, lastPage: 2, total: 3 })
    expect(toPage({ data: [] }, { url, page: 1, perPage: 2 })).toMatchObject({ nextUrl: null, total: 0 })
  })
})
