import { AppError } from '../../shared/ipc/errors'
import { monotonicNow, type MonotonicClock } from '../../shared/monotonic-clock'
import { clampTimerMs } from '../../shared/timers'
import { MAX_WAIT_MS, sleep as defaultSleep, type Sleep } from './retry'

/**
 * Client-side limiter so the app stays under Plannr's 500 requests a minute per user
 * (docs/plannr-api.md, "Rate limits").
 * A token bucket (burst `capacity`, refilled at `perMinute`) bounds any 60 s window to
 * capacity + perMinute requests, chosen below 500. Two signals from the server slow it further:
 * a low X-Ratelimit-Remaining spaces requests out (the same user may run other clients), and a
 * 429 pauses every request until Retry-After has passed.
 * One limiter per sign-in session (services.ts): what one server or sign-in asked for never holds
 * the calls of the next.
 * Every wait and spacing is measured on a monotonic clock: on the wall clock, a clock set back an
 * hour would put the last grant an hour in the future and refuse every call for that hour.
 */
export interface RateLimiterOptions {
  capacity?: number
  perMinute?: number
  /** Below this many remaining requests, requests are spaced out over the rest of the minute. */
  lowWater?: number
  /** Longest spacing applied because of a low remaining count. */
  maxSpacingMs?: number
  /** A call that would wait longer than this fails at once with `rate-limited` (default MAX_WAIT_MS). */
  maxWaitMs?: number
  /** The clock waits are measured on (default monotonicNow); never the wall clock. */
  now?: MonotonicClock
  sleep?: Sleep
  /**
   * Told when a 429 starts (or lengthens) a wait, with how long it lasts from now, and with null
   * when that wait is over.
   */
  onWaitChange?: (waitMs: number | null) => void
}

export class RateLimiter {
  private readonly capacity: number
  private readonly perMs: number
  private readonly lowWater: number
  private readonly maxSpacingMs: number
  private readonly maxWaitMs: number
  private readonly now: MonotonicClock
  private readonly sleep: Sleep
  private tokens: number
  private refilledAt: number
  private pausedUntil = 0
  private spacingMs = 0
  private lastGrantAt = -Infinity
  private waitEndTimer: ReturnType<typeof setTimeout> | null = null
  private closed = false

  constructor(private readonly options: RateLimiterOptions = {}) {
    this.capacity = options.capacity ?? 25
    this.perMs = (options.perMinute ?? 450) / 60_000
    this.lowWater = options.lowWater ?? 50
    this.maxSpacingMs = options.maxSpacingMs ?? 10_000
    this.maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS
    this.now = options.now ?? monotonicNow
    this.sleep = options.sleep ?? defaultSleep
    this.tokens = this.capacity
    this.refilledAt = this.now()
  }

  /** How long the next request would have to wait now (0 = go). */
  delayNeeded(): number {
    const now = this.now()
    this.refill(now)
    const pause = this.pausedUntil - now
    const spacing = this.lastGrantAt + this.spacingMs - now
    const bucket = this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs)
    return Math.max(0, pause, spacing, bucket)
  }

  /**
   * Resolves when a request may be sent; rejects with 'cancelled' if the signal aborts first
   * (sign-out, account switch), and with 'rate-limited' at once when the wait is over maxWaitMs.
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.delayNeeded()
      if (wait <= 0) {
        this.tokens -= 1
        this.lastGrantAt = this.now()
        return
      }
      if (wait > this.maxWaitMs) {
        throw new AppError({
          kind: 'rate-limited',
          message: 'Plannr asked us to slow down for a while. Waiting before trying again.',
          retryAfterMs: clampTimerMs(wait),
        })
      }
      await this.sleep(wait, signal)
    }
  }

  /** Feed X-Ratelimit-Remaining from every response. */
  observeRemaining(remaining: number): void {
    if (!Number.isFinite(remaining) || remaining < 0) return
    if (remaining >= this.lowWater) {
      this.spacingMs = 0
      return
    }
    // Spread what is left over the (at most) one minute until the server's window resets.
    this.spacingMs = Math.min(this.maxSpacingMs, Math.ceil(60_000 / (remaining + 1)))
    this.tokens = Math.min(this.tokens, remaining)
  }

  /** A 429: nobody sends until `ms` from now. */
  pause(ms: number): void {
    const before = this.pausedUntil
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + clampTimerMs(ms))
    this.tokens = Math.min(this.tokens, 0)
    if (this.pausedUntil > before) this.announceWait()
  }

  /**
   * The session this limiter paced is over (signed out, or replaced by another sign-in, which
   * gets a limiter of its own): a wait it announced ends now for whoever was shown it, and it
   * announces nothing more.
   */
  close(): void {
    if (this.closed) return
    this.closed = true
    if (!this.waitEndTimer) return
    clearTimeout(this.waitEndTimer)
    this.waitEndTimer = null
    this.options.onWaitChange?.(null)
  }

  private announceWait(): void {
    const notify = this.options.onWaitChange
    if (!notify || this.closed) return
    const waitMs = Math.max(0, this.pausedUntil - this.now())
    notify(waitMs)
    if (this.waitEndTimer) clearTimeout(this.waitEndTimer)
    this.waitEndTimer = setTimeout(() => {
      this.waitEndTimer = null
      notify(null)
    }, clampTimerMs(waitMs))
    // The end of a wait must not keep the process (or a test run) alive.
    this.waitEndTimer.unref?.()
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.refilledAt)
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.perMs)
    this.refilledAt = now
  }
}
