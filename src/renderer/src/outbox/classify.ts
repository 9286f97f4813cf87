import { errorPolicy } from '../../../shared/ipc/error-policy'
import type { AppErrorData } from '../../../shared/ipc/errors'

/** What the engine does with a failed send or lookup. */
export type Failure =
  /** Try again after a backoff. `mayHaveCommitted`: look the record up before resending. */
  | { type: 'retry'; mayHaveCommitted: boolean }
  /** 429: the request was refused before doing anything; the whole outbox waits. */
  | { type: 'rate-limited'; retryAfterMs: number | null }
  /** The sign-in is gone: pause everything until the user signs in again. Nothing is dropped. */
  | { type: 'auth' }
  /** Plannr refused this operation as it stands: the user must edit or discard it. */
  | { type: 'attention' }

/**
 * The outbox's reading of the shared error policy (src/shared/ipc/error-policy.ts): a 429 makes
 * the whole outbox wait, a lost sign-in pauses it with nothing dropped, a transient failure or
 * one after which the write may have landed is retried with backoff (looked up first when it may
 * have committed: the outbox never drops an operation on its own), and a refusal waits for the
 * user to edit or discard it.
 */
export function classify(error: AppErrorData): Failure {
  if (error.kind === 'rate-limited') return { type: 'rate-limited', retryAfterMs: error.retryAfterMs ?? null }
  const policy = errorPolicy(error.kind)
  if (policy.authLost) return { type: 'auth' }
  if (policy.transient || policy.mayHaveCommitted) return { type: 'retry', mayHaveCommitted: policy.mayHaveCommitted }
  return { type: 'attention' }
}
