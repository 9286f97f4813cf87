import type { z } from 'zod'
import { AppError } from '../../shared/ipc/errors'
import { ApiMessage, ApiValidationError } from './api-schemas'
import { clampTimerMs } from '../../shared/timers'

/**
 * Turns what went wrong on the wire into AppError kinds the renderer can act on. Pure functions,
 * so the mapping is unit-tested without a server. Messages are plain words for the UI; they
 * never quote request headers, so a token cannot leak through them.
 */

/** `GET /api/v1/group`: method and path only — no host, no query string. */
export function endpointLabel(method: string, url: URL): string {
  return `${method} ${url.pathname}`
}

/**
 * Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Clamped to what a timer
 * can hold: a server may send any number, and an overflowing timer fires at once.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return clampTimerMs(Math.round(Number(trimmed) * 1000))
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return clampTimerMs(date - now)
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function serverMessage(bodyText: string): string | undefined {
  const parsed = ApiMessage.safeParse(safeJson(bodyText))
  const message = parsed.success ? parsed.data.message : undefined
  // Server messages are shown to the user, so keep them short and single-line.
  return message ? message.replace(/\s+/g, ' ').slice(0, 300) : undefined
}

/** Maps a non-2xx response to its AppError kind. */
export function errorFromResponse(
  status: number,
  bodyText: string,
  headers: Headers,
  endpoint: string,
  now = Date.now(),
): AppError {
  const message = serverMessage(bodyText)
  const base = { status, endpoint }
  if (status === 401) {
    return new AppError({
      ...base,
      kind: 'unauthenticated',
      message: 'Plannr no longer accepts this sign-in. Please sign in again.',
    })
  }
  if (status === 403) {
    return new AppError({
      ...base,
      kind: 'forbidden',
      message: message ?? 'Your Plannr account is not allowed to do this.',
    })
  }
  if (status === 404) {
    return new AppError({
      ...base,
      kind: 'not-found',
      message: message ?? 'Plannr could not find this item. It may have been deleted.',
    })
  }
  if (status === 422) {
    const parsed = ApiValidationError.safeParse(safeJson(bodyText))
    const fieldErrors = parsed.success ? parsed.data.errors : undefined
    return new AppError({
      ...base,
      kind: 'validation',
      message: message ?? 'Plannr did not accept these details.',
      ...(fieldErrors ? { fieldErrors } : {}),
    })
  }
  if (status === 400) {
    // Plannr answers 400 when the account header is missing; to the user it is a refusal.
    return new AppError({ ...base, kind: 'forbidden', message: message ?? 'Plannr refused the request.' })
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now)
    return new AppError({
      ...base,
      kind: 'rate-limited',
      message: 'Plannr asked us to slow down. Waiting before trying again.',
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    })
  }
  if (status >= 500) {
    return new AppError({
      ...base,
      kind: 'server',
      message: `Plannr had a problem (${status}). Please try again shortly.`,
    })
  }
  if (status === 408) {
    // The server gave up waiting for the request: nothing was done, and a later try may work.
    return new AppError({ ...base, kind: 'timeout', message: 'Plannr timed out waiting for the request (408).' })
  }
  if (status >= 400 && status < 500) {
    // 409, 413, 414, 418, 431…: a refusal of this request as it stands. Sending it again unchanged
    // would be refused again, so reads are not retried and the outbox asks the user.
    return new AppError({
      ...base,
      kind: 'refused',
      message: `Plannr refused this request (${status})${message ? `: ${message}` : '.'}`,
    })
  }
  if (status >= 300 && status < 400) {
    return new AppError({
      ...base,
      kind: 'server',
      message: `Plannr answered with an unexpected redirect (${status}).`,
    })
  }
  return new AppError({ ...base, kind: 'server', message: message ?? `Plannr answered ${status}.` })
}

/** A response whose body does not match the schema: name the endpoint and the first bad fields. */
export function malformedResponse(
  endpoint: string,
  issues: readonly z.core.$ZodIssue[] | 'not-json' | string,
): AppError {
  const detail =
    issues === 'not-json'
      ? 'the body is not JSON'
      : typeof issues === 'string'
        ? issues
        : issues
            .slice(0, 3)
            .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(body)'}: ${issue.message}`)
            .join('; ')
  return new AppError({
    kind: 'malformed-response',
    endpoint,
    message: `Plannr sent an answer the app does not understand for ${endpoint} (${detail}). Nothing was saved from it.`,
  })
}

/**
 * Error codes that mean the connection was never made, so the request cannot have reached Plannr:
 * Node's (the web shell, tests) and Chromium's (the desktop app, api/chromium-fetch.ts). Only
 * failures before anything was sent; a code that may also come after (Chromium's
 * ERR_INTERNET_DISCONNECTED, ERR_NETWORK_CHANGED) stays out, so a write it ends is looked up.
 */
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
  'ERR_CONNECTION_REFUSED',
  'ERR_NAME_NOT_RESOLVED',
  'ERR_NAME_RESOLUTION_FAILED',
  'ERR_ADDRESS_UNREACHABLE',
  'ERR_ADDRESS_INVALID',
  'ERR_CONNECTION_TIMED_OUT',
  // The proxy could not be reached, or would not open a tunnel to Plannr.
  'ERR_PROXY_CONNECTION_FAILED',
  'ERR_TUNNEL_CONNECTION_FAILED',
])

/** Chromium reports a failure as an Error whose message is its name: `net::ERR_CONNECTION_REFUSED`. */
const CHROMIUM_FAILURE = /^net::(ERR_[A-Z0-9_]+)$/

function failureCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current === 'object' && current !== null) {
      const code = (current as { code?: unknown }).code
      if (typeof code === 'string') return code
      const chromium = current instanceof Error ? CHROMIUM_FAILURE.exec(current.message) : null
      if (chromium) return chromium[1]
      current = (current as { cause?: unknown }).cause
    } else break
  }
  return undefined
}

export type TransportFailure = 'timeout' | 'cancelled' | 'network'

/**
 * The `code` of a write given up on while it waited for the write before it (chromium-fetch.ts
 * sends writes one at a time): it never left, so it is never in doubt.
 */
export const WRITE_NOT_SENT = 'ERR_PLANNR_WRITE_NOT_SENT'

/** Whether a transport failure is a write that waited its turn and never left. */
export function writeNotSent(error: unknown): boolean {
  return failureCode(error) === WRITE_NOT_SENT
}

/**
 * A request that got no HTTP answer. For a write, anything short of "never connected" means the
 * server may have committed it: the outbox must look before retrying, so it is 'outcome-unknown'.
 */
export function errorFromTransport(
  failure: TransportFailure,
  error: unknown,
  ctx: { endpoint: string; write: boolean; timeoutMs: number },
): AppError {
  const code = failureCode(error)
  if (code === WRITE_NOT_SENT && failure !== 'cancelled') {
    return new AppError({
      kind: 'network',
      endpoint: ctx.endpoint,
      message: 'This change was not sent: the one before it was still on its way to Plannr.',
    })
  }
  const neverSent =
    (failure === 'network' && code !== undefined && NEVER_CONNECTED.has(code)) || code === WRITE_NOT_SENT
  if (ctx.write && !neverSent) {
    return new AppError({
      kind: 'outcome-unknown',
      endpoint: ctx.endpoint,
      message:
        failure === 'cancelled'
          ? 'The request was cancelled after it was sent; Plannr may or may not have saved it.'
          : 'The connection was lost before Plannr answered; it may or may not have saved this.',
    })
  }
  if (failure === 'cancelled')
    return new AppError({ kind: 'cancelled', endpoint: ctx.endpoint, message: 'The request was cancelled.' })
  if (failure === 'timeout') {
    return new AppError({
      kind: 'timeout',
      endpoint: ctx.endpoint,
      message: `Plannr did not answer within ${Math.round(ctx.timeoutMs / 1000)} s.`,
    })
  }
  return new AppError({
    kind: 'network',
    endpoint: ctx.endpoint,
    message: `Cannot reach Plannr${code ? ` (${code})` : ''}. Check your connection.`,
  })
}
