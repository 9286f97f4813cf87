import { backoffWait } from '../../shared/backoff'
import { errorPolicy } from '../../shared/ipc/error-policy'
import { AppError, isAppError } from '../../shared/ipc/errors'
import { abortableSleep, type Sleep } from '../../shared/sleep'

/**
 * Retries for reads only: exponential backoff with full jitter (AWS architecture blog,
 * "Exponential Backoff And Jitter"), never shorter than what Retry-After asked for.
 * Writes never come through here — whether to resend a create is the outbox's decision.
 */

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /**
   * A Retry-After longer than this is not waited out inside main: the read fails with
   * `rate-limited` and its caller schedules the next try (default 2 minutes).
   */
  maxWaitMs?: number
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 300, maxDelayMs: 10_000 }

/**
 * The longest any call waits inside main before it is sent (about 2 minutes): Retry-After and
 * the limiter's pause. Past it the call fails at once as `rate-limited` with the wait, and the
 * sync or the outbox schedules its next try; main never sits on a call for an hour.
 */
export const MAX_WAIT_MS = 120_000

/** Full jitter (src/shared/backoff.ts) with this policy: uniform in [0, min(cap, base · 2^(attempt-1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return backoffWait(attempt, { baseMs: policy.baseDelayMs, capMs: policy.maxDelayMs, jitter: 'full' }, random)
}

/** A read that failed in a way the shared error policy calls transient (src/shared/ipc/error-policy.ts). */
export function isRetryableRead(error: unknown): boolean {
  return isAppError(error) && errorPolicy(error.kind).transient
}

export type { Sleep }

/** Main's waits: an abort is the call being cancelled (sign-out, account switch). */
export const sleep: Sleep = abortableSleep(
  () => new AppError({ kind: 'cancelled', message: 'The request was cancelled.' }),
)

export async function retryRead<T>(
  run: (attempt: number) => Promise<T>,
  options: {
    policy: RetryPolicy
    signal?: AbortSignal
    random?: () => number
    sleep?: Sleep
    onRetry?: (error: AppError, delayMs: number) => void
  },
): Promise<T> {
  const wait = options.sleep ?? sleep
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt)
    } catch (error) {
      if (!isRetryableRead(error) || attempt >= options.policy.maxAttempts || options.signal?.aborted) throw error
      const appError = error as AppError
      const delay = Math.max(backoffDelay(attempt, options.policy, options.random), appError.data.retryAfterMs ?? 0)
      if (delay > (options.policy.maxWaitMs ?? MAX_WAIT_MS)) throw error
      options.onRetry?.(appError, delay)
      await wait(delay, options.signal)
    }
  }
}
