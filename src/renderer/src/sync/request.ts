import { AppError, type AppErrorData, type IpcResult } from '../../../shared/ipc/errors'
import { backoffMs, throwIfAborted, type Sleep } from './wait'

/** Errors worth retrying within a pass: the request may well succeed a moment later. */
const TRANSIENT = new Set<AppErrorData['kind']>(['network', 'timeout', 'server', 'outcome-unknown'])
/** Errors that mean "stop and wait for the user to sign in". */
export const AUTH_LOST = new Set<AppErrorData['kind']>(['unauthenticated', 'not-signed-in'])

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
      const wait = error.retryAfterMs ?? backoffMs(limited, 1_000, 60_000, policy.random)
      limited += 1
      policy.holdUntil.at = Math.max(policy.holdUntil.at, policy.now() + wait)
      policy.onWait('rate-limited', wait)
      continue
    }
    if (TRANSIENT.has(error.kind) && transient < policy.maxTransientRetries) {
      const wait = backoffMs(transient, 500, 15_000, policy.random)
      transient += 1
      policy.onWait('retry', wait)
      await policy.sleep(wait, policy.signal)
      continue
    }
    throw new AppError(error)
  }
}
