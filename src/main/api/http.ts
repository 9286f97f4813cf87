import type { z } from 'zod'
import { AppError } from '../../shared/ipc/errors'
import { noticingRepeats } from '../../shared/plannr/lenient'
import { monotonicNow } from '../../shared/monotonic-clock'
import { clampTimerMs } from '../../shared/timers'
import {
  endpointLabel,
  errorFromResponse,
  errorFromTransport,
  writeNotSent,
  malformedResponse,
  type TransportFailure,
} from './errors'
import { declaresJson, readAnswerBody } from './api-answer'
import type { RateLimiter } from './rate-limiter'
import { readLimited, ResponseTooLarge } from './read-limited'
import { DEFAULT_RETRY, retryRead, type RetryPolicy } from './retry'

/**
 * One HTTP exchange with Plannr: headers, limiter, timeout, cancellation, error mapping and
 * schema parsing. Reads are retried (retry.ts); writes are sent exactly once per call.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

/**
 * An answer that came back: its status, and whether it is the API's own answer (JSON) rather
 * than a page something else put in its place (see api-answer.ts).
 */
export interface Answer {
  status: number
  fromApi: boolean
}

/** What one exchange with Plannr showed: nothing answered (and why), or an answer. */
export type Exchange = { answered: false; reason: string } | ({ answered: true } & Answer)

/** Where the bearer token and account come from; the auth session implements it. */
export interface Credentials {
  accessToken(signal?: AbortSignal): Promise<string>
  /** The session's account now: a request bound to another account is not sent. */
  accountUuid(): string | null
  /**
   * Called when Plannr answers 401 to `refusedToken`. Resolves true when a new token is ready
   * and the request should be tried once more (an OAuth refresh); false otherwise.
   */
  unauthenticated(refusedToken: string): Promise<boolean>
}

export interface HttpOptions {
  baseUrl: string
  credentials: Credentials
  limiter: RateLimiter
  retry?: RetryPolicy
  timeoutMs?: number
  fetch?: typeof fetch
  /** Overrides MAX_RESPONSE_BYTES (tests). */
  maxResponseBytes?: number
  /** Told the `Date` header of every answer, with when the request left and the answer came (ms, our clock). */
  onServerDate?: (dateHeader: string | null, sentAt: number, receivedAt: number) => void
  /** Told after every exchange whether Plannr answered, and with which status. */
  onReachability?: (exchange: Exchange) => void
  /**
   * Told when a request goes on the wire; the function it returns is called once the request has
   * settled (answered, failed or cancelled).
   */
  onSend?: () => () => void
  log?: (message: string) => void
}

export interface RequestSpec<T> {
  method: Method
  /** A path under the base URL (`/api/v1/group`) or an absolute URL on the same origin (links.next). */
  path: string
  query?: URLSearchParams
  body?: unknown
  /** Send X-PLANNR-ACCOUNT-UUID (every call except /logins and /me). */
  account?: boolean
  /**
   * The account this request was made for, captured when it was asked: sent as
   * X-PLANNR-ACCOUNT-UUID. Required unless `account` is false; never read from the session at
   * send time (after a limiter wait the session may be on another account).
   */
  accountUuid?: string
  schema: z.ZodType<T>
  /**
   * Optional fast path for big, common answers: returns exactly what `schema` would, or
   * undefined to let `schema` decide (and report any problem). See fastApiAccountPage.
   */
  fast?: (json: unknown) => T | undefined
  /** For answers that may legitimately be empty (204): returns null instead of parsing. */
  allowEmpty?: boolean
  signal?: AbortSignal
  timeoutMs?: number
  /** The outbox's operation id, for the log. */
  opId?: string
}

const DEFAULT_TIMEOUT_MS = 20_000

/**
 * The largest answer main reads (decoded bytes). A participant page of 500 is about 5 MB; an
 * answer past this is cut off with a clear error instead of filling main's memory.
 */
const MAX_RESPONSE_BYTES = 20 * 1024 * 1024

export class Http {
  readonly baseUrl: URL
  private readonly fetchImpl: typeof fetch
  private readonly timeoutMs: number
  private readonly retry: RetryPolicy

  constructor(private readonly options: HttpOptions) {
    this.baseUrl = new URL(options.baseUrl)
    this.fetchImpl = options.fetch ?? fetch
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.retry = options.retry ?? DEFAULT_RETRY
  }

  get origin(): string {
    return this.baseUrl.origin
  }

  url(path: string, query?: URLSearchParams): URL {
    const url = /^https?:\/\//.test(path)
      ? new URL(path)
      : new URL(this.baseUrl.pathname.replace(/\/$/, '') + path, this.baseUrl.origin)
    if (url.origin !== this.baseUrl.origin) {
      throw new AppError({ kind: 'internal', message: 'Refused to send a request outside the Plannr API.' })
    }
    if (query) for (const [key, value] of query) url.searchParams.set(key, value)
    return url
  }

  async request<T>(spec: RequestSpec<T>): Promise<T | null> {
    const url = this.url(spec.path, spec.query)
    const endpoint = endpointLabel(spec.method, url)
    if (spec.method !== 'GET') return this.withReauth(spec, url, endpoint)
    return retryRead(() => this.withReauth(spec, url, endpoint), {
      policy: this.retry,
      signal: spec.signal,
      onRetry: (error, delay) => this.options.log?.(`retrying ${endpoint} after ${error.kind} in ${delay} ms`),
    })
  }

  /** Same as request, for endpoints that always answer with a body. */
  async requestBody<T>(spec: RequestSpec<T>): Promise<T> {
    const value = await this.request({ ...spec, allowEmpty: false })
    return value as T
  }

  /** A 401 gets one more try when the credentials could renew themselves (OAuth refresh). */
  private async withReauth<T>(spec: RequestSpec<T>, url: URL, endpoint: string): Promise<T | null> {
    try {
      return await this.once(spec, url, endpoint)
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error
      if (!(await this.options.credentials.unauthenticated(error.refusedToken))) throw stripToken(error)
      try {
        return await this.once(spec, url, endpoint)
      } catch (again) {
        if (again instanceof UnauthenticatedError) {
          await this.options.credentials.unauthenticated(again.refusedToken)
          throw stripToken(again)
        }
        throw again
      }
    }
  }

  private async once<T>(spec: RequestSpec<T>, url: URL, endpoint: string): Promise<T | null> {
    const write = spec.method !== 'GET'
    const timeoutMs = spec.timeoutMs ?? this.timeoutMs
    await this.options.limiter.acquire(spec.signal)
    const token = await this.options.credentials.accessToken(spec.signal)
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
    }
    if (spec.account !== false) {
      if (!spec.accountUuid) {
        throw new AppError({ kind: 'internal', message: `${endpoint} was asked without the account it is for.` })
      }
      // Belt and braces: a switch aborts the old account's calls, but none may leave as another account.
      const current = this.options.credentials.accountUuid()
      if (!current || current.toLowerCase() !== spec.accountUuid.toLowerCase()) {
        throw new AppError({
          kind: 'account-mismatch',
          endpoint,
          message: 'This request was made for another Plannr account than the one now in use, so it was not sent.',
        })
      }
      headers['X-PLANNR-ACCOUNT-UUID'] = spec.accountUuid
    }

    const controller = new AbortController()
    let failure: TransportFailure = 'network'
    const timer = setTimeout(() => {
      failure = 'timeout'
      controller.abort()
    }, clampTimerMs(timeoutMs))
    const onCancel = (): void => {
      failure = 'cancelled'
      controller.abort()
    }
    if (spec.signal?.aborted) onCancel()
    spec.signal?.addEventListener('abort', onCancel, { once: true })

    // Set once the headers are in, so a body cut off for its size is still reported as an answer.
    let response: Response | undefined
    let text: string
    const sentAtMonotonic = monotonicNow()
    const settled = this.options.onSend?.()
    try {
      if (spec.opId) this.options.log?.(`${endpoint} op ${spec.opId}`)
      response = await this.fetchImpl(url, {
        method: spec.method,
        headers,
        // undici sends a body with DELETE as long as one is given (Plannr's participant removal needs it).
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: controller.signal,
        redirect: 'manual',
      })
      // The timeout covers the body too: a server that trickles its answer is as stuck as a silent one.
      text = await readLimited(response, this.options.maxResponseBytes ?? MAX_RESPONSE_BYTES)
    } catch (error) {
      if (error instanceof ResponseTooLarge && response) {
        // Not read, so not checked: what the answer says it is stands in for what it is.
        this.options.onReachability?.({
          answered: true,
          status: response.status,
          fromApi: declaresJson(response.headers),
        })
        throw malformedResponse(endpoint, `the answer is larger than ${Math.round(error.limit / (1024 * 1024))} MB`)
      }
      const mapped = errorFromTransport(failure, error, { endpoint, write, timeoutMs })
      // A write that never left (it waited its turn) says nothing of whether Plannr can be reached.
      if (mapped.kind !== 'cancelled' && !writeNotSent(error))
        this.options.onReachability?.({ answered: false, reason: mapped.message })
      throw mapped
    } finally {
      settled?.()
      clearTimeout(timer)
      spec.signal?.removeEventListener('abort', onCancel)
    }

    const ok = response.status >= 200 && response.status < 300
    const body = readAnswerBody(text)
    // Reported once the body is read: a status alone cannot tell Plannr from a portal's page.
    this.options.onReachability?.({
      answered: true,
      status: response.status,
      fromApi: body.kind === 'json' || (ok && body.kind === 'empty' && spec.allowEmpty === true),
    })
    // The round trip is timed on the monotonic clock and placed on the wall clock as it reads now:
    // a step of the wall clock during the request must not count as time on the wire.
    const roundTripMs = monotonicNow() - sentAtMonotonic
    const receivedAt = Date.now()
    this.options.onServerDate?.(response.headers.get('date'), receivedAt - roundTripMs, receivedAt)
    // On a 429 the remaining count is 0 by definition and Retry-After says how long; spacing
    // requests out on top of that pause would only slow the recovery.
    const remaining = Number(response.headers.get('x-ratelimit-remaining') ?? NaN)
    if (response.status !== 429 && Number.isFinite(remaining)) this.options.limiter.observeRemaining(remaining)

    if (!ok) {
      const error = errorFromResponse(response.status, text, response.headers, endpoint)
      if (error.kind === 'rate-limited') this.options.limiter.pause(error.data.retryAfterMs ?? 2_000)
      if (error.kind === 'unauthenticated') throw new UnauthenticatedError(error, token)
      throw error
    }

    if (body.kind === 'empty' && spec.allowEmpty) return null
    if (body.kind !== 'json') throw malformedResponse(endpoint, 'not-json')
    const json = body.value
    let repeats = 0
    const parsed = noticingRepeats(
      () => (repeats += 1),
      () => {
        const quick = spec.fast?.(json)
        if (quick !== undefined) return { success: true as const, data: quick }
        // What a fast path that gave up counted, the schema counts again.
        repeats = 0
        return spec.schema.safeParse(json)
      },
    )
    if (!parsed.success) throw malformedResponse(endpoint, parsed.error.issues)
    if (repeats > 0)
      this.options.log?.(`${endpoint}: ${repeats} repeated record(s) in the answer's lists, each kept once`)
    return parsed.data
  }
}

/** Carries the refused token inside main only, so the credentials know which token failed. */
class UnauthenticatedError extends AppError {
  constructor(
    error: AppError,
    readonly refusedToken: string,
  ) {
    super(error.data)
  }
}

/** What leaves http.ts is a plain AppError: no token, even in memory, past this point. */
function stripToken(error: AppError): AppError {
  return new AppError(error.data)
}
