/**
 * Plannr's documented limit: N requests per rolling minute per user (500 by default,
 * docs/plannr-api.md, "Rate limits"), keyed here by bearer token (or by client address when
 * there is none).
 * A sliding log of request times per key: exact, and at most N numbers per key.
 */
export interface RateLimitResult {
  allowed: boolean
  limit: number
  remaining: number
  /** Seconds until a slot frees, when not allowed. */
  retryAfter: number
  /** Epoch seconds when a slot frees (X-RateLimit-Reset), when not allowed. */
  resetAt: number
}

const WINDOW_MS = 60_000

export class RateLimiter {
  private readonly log = new Map<string, number[]>()

  constructor(
    private limit: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A new limit from now on, with an empty log (the bench turns the documented limit on mid-run). */
  setLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`a rate limit is a whole number of requests, got ${limit}`)
    this.limit = limit
    this.log.clear()
  }

  hit(key: string): RateLimitResult {
    const now = this.clock()
    const times = (this.log.get(key) ?? []).filter((time) => time > now - WINDOW_MS)
    this.log.set(key, times)
    if (times.length >= this.limit) {
      const oldest = times[0] ?? now
      const retryAfter = Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000))
      return {
        allowed: false,
        limit: this.limit,
        remaining: 0,
        retryAfter,
        resetAt: Math.ceil(now / 1000) + retryAfter,
      }
    }
    times.push(now)
    return { allowed: true, limit: this.limit, remaining: this.limit - times.length, retryAfter: 0, resetAt: 0 }
  }
}
