import { backoffWait, type Backoff } from '../../../shared/backoff'
import { errorPolicy } from '../../../shared/ipc/error-policy'
import { AppError, type IpcResult } from '../../../shared/ipc/errors'
import { throwIfAborted, type Sleep } from './wait'

/** A 429 without Retry-After. */
const RATE_LIMIT_BACKOFF: Backoff = { baseMs: 1_000, capMs: 60_000, jitter: 'equal' }
/** A transient failure retried within the pass. */
const TRANSIENT_BACKOFF: Backoff = { baseMs: 500, capMs: 15_000, jitter: 'equal' }

export interface RequestPolicy {
  signal: AbortSignal
  sleep: Sleep
  random: () => number
  /** Transient failures retried per request before the pass gives up (and the engine backs off). */
  maxTransientRetries: number
  /** 429s waited out per request before giving up; the server says how long, we listen. */
  maxRateLimitWaits: number
  onRequest(): void
  onWait(reason: 'rate-limited' | 'retry', ms: number): void
  /** Shared across concurrent requests: after a 429 the whole engine holds back, not just one call. */
  holdUntil: { at: number }
  /** The clock `holdUntil` is on: a monotonic one (a wall clock set back would stretch the hold). */
  now(): number
}

/**
 * One contract call with the sync's error policy: wait out 429s (Retry-After, else backoff),
 * retry transient failures with jittered backoff, and throw anything else as AppError for the
 * engine to classify (unauthenticated pauses, the rest ends the pass without deleting anything).
 */
export async function request<T>(policy: RequestPolicy, call: () => Promise<IpcResult<T>>): Promise<T> {
  let transient = 0
  let limited = 0
  for (;;) {
    const hold = policy.holdUntil.at - policy.now()
    if (hold > 0) await policy.sleep(hold, policy.signal)
    throwIfAborted(policy.signal)
    policy.onRequest()
    const result = await call()
    throwIfAborted(policy.signal)
    if (result.ok) return result.value
    const error = result.error
    if (error.kind === 'rate-limited' && limited < policy.maxRateLimitWaits) {
      limited += 1
      const wait = error.retryAfterMs ?? backoffWait(limited, RATE_LIMIT_BACKOFF, policy.random)
      policy.holdUntil.at = Math.max(policy.holdUntil.at, policy.now() + wait)
      policy.onWait('rate-limited', wait)
      continue
    }
    // Transient by the shared policy (a 429 past its waits is not retried here any more).
    if (error.kind !== 'rate-limited' && errorPolicy(error.kind).transient && transient < policy.maxTransientRetries) {
      transient += 1
      const wait = backoffWait(transient, TRANSIENT_BACKOFF, policy.random)
      policy.onWait('retry', wait)
      await policy.sleep(wait, policy.signal)
      continue
    }
    throw new AppError(error)
  }
}
