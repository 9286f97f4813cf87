import { backoffWait } from '../../../shared/backoff'

/**
 * Exponential backoff with full jitter (AWS, "Exponential Backoff And Jitter"): the wait is
 * uniform in [0, min(cap, base · 2^(attempt-1))]. Full jitter spreads the retries of many queued
 * operations (and many clients of the same adviser) instead of firing them in waves.
 */
export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 }

/** `attempt` counts from 1 (the attempt that just failed). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  return backoffWait(attempt, { baseMs: policy.baseMs, capMs: policy.maxMs, jitter: 'full' }, random)
}

/**
 * The longest wait the outbox sets by itself: a backoff, the wait after a 429 that named none, or
 * the settle window of a write that may still be running on Plannr (failure.ts). Only Plannr's
 * own Retry-After can ask for longer.
 */
export function longestWaitMs(backoff: BackoffPolicy, rateLimitBackoff: BackoffPolicy, settleMs: number): number {
  return Math.max(backoff.maxMs, rateLimitBackoff.maxMs + rateLimitBackoff.baseMs, settleMs)
}

export interface PacePolicy {
  minGapMs: number
  maxGapMs: number
}

const DEFAULT_PACE: PacePolicy = { minGapMs: 250, maxGapMs: 5_000 }

/**
 * The whole outbox's pace after 429s: each one doubles the gap kept between requests, each
 * answer that is not a 429 halves it, so a rate-limited client slows down for a while instead of
 * resuming at full speed the moment Retry-After has passed.
 */
export class Pace {
  private gap = 0
  private readonly minGapMs: number
  private readonly maxGapMs: number
  constructor(policy: PacePolicy = DEFAULT_PACE) {
    this.minGapMs = policy.minGapMs
    this.maxGapMs = policy.maxGapMs
  }

  get gapMs(): number {
    return this.gap
  }

  slowDown(): void {
    this.gap = Math.min(this.maxGapMs, Math.max(this.minGapMs, this.gap * 2))
  }

  speedUp(): void {
    this.gap = this.gap / 2 < this.minGapMs / 4 ? 0 : Math.floor(this.gap / 2)
  }
}
