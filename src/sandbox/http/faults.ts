import { createRng, type Rng } from '../data/rng'
import { normaliseRouteKey } from './router'

/** All optional; rates are 0..1, drawn from a seeded RNG so runs are repeatable. */
export interface FaultRule {
  /** Added delay before answering. */
  latencyMs?: number
  /** Share of requests answered 500/502/503 (`{"message":"Server Error."}`) WITHOUT performing the action. */
  errorRate?: number
  /** The next N matching requests get 429 `{"message":"Too Many Attempts."}` with Retry-After — a burst. */
  rateLimitBurst?: number
  /** Retry-After of the burst's 429s, in seconds (default 1). */
  retryAfterSeconds?: number
  /** Share of requests whose socket is destroyed before any response (action NOT performed). */
  resetRate?: number
  /** Share of write requests that ARE performed, then the socket is destroyed without an answer. */
  commitThenDropRate?: number
  /**
   * Writes only: a gateway that gives up on a slow server. The request is answered 504 Gateway
   * Timeout at once (the gateway's HTML page), and performed this many ms later, as the server
   * behind the gateway still does.
   */
  commitLateMs?: number
  /** With `commitLateMs`: only the next N matching writes are late (default: every one). */
  commitLateTimes?: number
  /** The response body is trickled out over this long. */
  slowBodyMs?: number
  /**
   * Answer every matching request with this status (e.g. 409, 413, 414, 418, 431) and a Laravel
   * style `{"message": …}` body, WITHOUT performing the action: a proxy or server refusing it.
   */
  status?: number
  /**
   * Answer every matching request 422 with these field errors (Laravel's `{message, errors}`),
   * WITHOUT performing the action: for answers a real server may give that the sandbox's own
   * validation never does (fields the app does not send, a message repeated).
   */
  validationErrors?: Record<string, string[]>
  /** Retry-After (seconds, sent as given) on every 429 this rule sends: an unbounded wait from a server. */
  retryAfterHeader?: string
  /** Pad a successful JSON answer with a `padding` field of this many bytes: an oversized body. */
  padBodyBytes?: number
  /**
   * Answer every page as page 1, whatever `page` asks, with the listing's own `last_page` and
   * next link: a server that ignores the page number, so a client paging on never sees the end.
   */
  ignorePage?: boolean
}

/** What to do to one request, decided before its handler runs. */
export interface FaultDecision {
  reset: boolean
  latencyMs: number
  /** Retry-After seconds when this request is part of a 429 burst, else null. */
  burst: number | null
  error: 500 | 502 | 503 | null
  dropAfterCommit: boolean
  /** Answer 504 now and perform the write this many ms later (0: no). */
  commitLateMs: number
  slowBodyMs: number
  /** A refusal status to answer instead of running the handler, else null. */
  status: number | null
  /** Field errors to answer 422 with instead of running the handler, else null. */
  validationErrors: Record<string, string[]> | null
  /** Overrides the Retry-After header of the burst's 429s. */
  retryAfterHeader: string | null
  padBodyBytes: number
  ignorePage: boolean
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const ERROR_STATUSES = [500, 502, 503] as const

/**
 * Per-route fault rules. A request matches the rule for its concrete path, else the rule for its
 * route pattern (`GET /api/v1/group/:uuid/participants`), else `'*'`; fields of a specific rule
 * override those of `'*'`. Draws come from one RNG seeded with the sandbox seed, and a rate is
 * drawn only when it is set, so the same rules and requests give the same faults on every run.
 */
export class FaultInjector {
  private readonly rules = new Map<string, FaultRule>()
  /** Remaining 429s of each rule's burst. */
  private readonly bursts = new Map<string, number>()
  /** Remaining late writes of each rule that counts them (commitLateTimes). */
  private readonly lateWrites = new Map<string, number>()
  private readonly rng: Rng

  constructor(seed: number, initial: Record<string, FaultRule> = {}) {
    // A stream of its own: fault draws never shift the data generator's.
    this.rng = createRng((seed ^ 0x5eed_fa17) >>> 0)
    for (const [route, rule] of Object.entries(initial)) this.set(route, rule)
  }

  /** Sets (replaces) the rule for a route key and restarts its burst. */
  set(route: string, rule: FaultRule): void {
    const key = normaliseRouteKey(route)
    this.rules.set(key, { ...rule })
    if (rule.rateLimitBurst && rule.rateLimitBurst > 0) this.bursts.set(key, Math.floor(rule.rateLimitBurst))
    else this.bursts.delete(key)
    if (rule.commitLateTimes !== undefined) this.lateWrites.set(key, Math.max(0, Math.floor(rule.commitLateTimes)))
    else this.lateWrites.delete(key)
  }

  /** Removes one route's rule, or every rule when called without a route. */
  clear(route?: string): void {
    if (route === undefined) {
      this.rules.clear()
      this.bursts.clear()
      this.lateWrites.clear()
      return
    }
    const key = normaliseRouteKey(route)
    this.rules.delete(key)
    this.bursts.delete(key)
    this.lateWrites.delete(key)
  }

  decide(method: string, concretePath: string, pattern: string | null): FaultDecision {
    const keys = [
      normaliseRouteKey(`${method} ${concretePath}`),
      pattern ? normaliseRouteKey(`${method} ${pattern}`) : null,
      '*',
    ]
    const matching = keys.filter((key): key is string => key !== null && this.rules.has(key))
    const rule: FaultRule = {}
    // Most general first, so the specific rule's fields win.
    for (const key of [...matching].reverse()) Object.assign(rule, this.rules.get(key))
    const decision: FaultDecision = {
      reset: false,
      latencyMs: rule.latencyMs ?? 0,
      burst: null,
      error: null,
      dropAfterCommit: false,
      commitLateMs: 0,
      slowBodyMs: rule.slowBodyMs ?? 0,
      status: null,
      validationErrors: null,
      retryAfterHeader: rule.retryAfterHeader ?? null,
      padBodyBytes: rule.padBodyBytes ?? 0,
      ignorePage: rule.ignorePage ?? false,
    }
    if (matching.length === 0) return decision
    if (this.draw(rule.resetRate)) {
      decision.reset = true
      return decision
    }
    const burstKey = matching.find((key) => (this.bursts.get(key) ?? 0) > 0)
    if (burstKey !== undefined) {
      this.bursts.set(burstKey, (this.bursts.get(burstKey) ?? 1) - 1)
      decision.burst = Math.max(
        0,
        Math.round(this.rules.get(burstKey)?.retryAfterSeconds ?? rule.retryAfterSeconds ?? 1),
      )
      return decision
    }
    if (rule.status !== undefined) {
      decision.status = rule.status
      return decision
    }
    if (rule.validationErrors !== undefined) {
      decision.validationErrors = rule.validationErrors
      return decision
    }
    if (this.draw(rule.errorRate)) {
      decision.error = ERROR_STATUSES[Math.floor(this.rng.next() * ERROR_STATUSES.length)] ?? 500
      return decision
    }
    if (WRITE_METHODS.has(method) && (rule.commitLateMs ?? 0) > 0 && this.takeLateWrite(matching)) {
      decision.commitLateMs = rule.commitLateMs ?? 0
      return decision
    }
    if (WRITE_METHODS.has(method) && this.draw(rule.commitThenDropRate)) decision.dropAfterCommit = true
    return decision
  }

  /** Whether this write is late: always, unless the rule that set commitLateMs counts them down. */
  private takeLateWrite(matching: readonly string[]): boolean {
    // The most specific rule that names commitLateMs is the one whose count applies.
    const key = matching.find((candidate) => (this.rules.get(candidate)?.commitLateMs ?? 0) > 0)
    if (key === undefined) return false
    const left = this.lateWrites.get(key)
    if (left === undefined) return true
    if (left <= 0) return false
    this.lateWrites.set(key, left - 1)
    return true
  }

  private draw(rate: number | undefined): boolean {
    if (!rate || rate <= 0) return false
    return this.rng.next() < rate
  }
}
