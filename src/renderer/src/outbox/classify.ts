import type { AppErrorData, AppErrorKind } from '../../../shared/ipc/errors'

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
 * Maps an IPC error kind to the outbox's policy: network and server failures retry with backoff,
 * a 429 makes the whole outbox wait, a lost sign-in (or keyring) pauses it with nothing dropped,
 * and a refusal (403/404/422, other 4xx) waits for the user to edit or discard. Anything where
 * the request may have reached Plannr without a clear refusal counts as "may have committed": a
 * 5xx from a proxy, a timeout and an unparseable answer can all follow a successful write.
 */
const POLICY: Record<AppErrorKind, Failure> = {
  network: { type: 'retry', mayHaveCommitted: false },
  server: { type: 'retry', mayHaveCommitted: true },
  timeout: { type: 'retry', mayHaveCommitted: true },
  'outcome-unknown': { type: 'retry', mayHaveCommitted: true },
  cancelled: { type: 'retry', mayHaveCommitted: true },
  'malformed-response': { type: 'retry', mayHaveCommitted: true },
  'invalid-output': { type: 'retry', mayHaveCommitted: true },
  internal: { type: 'retry', mayHaveCommitted: true },
  'rate-limited': { type: 'rate-limited', retryAfterMs: null },
  unauthenticated: { type: 'auth' },
  'not-signed-in': { type: 'auth' },
  'keyring-unavailable': { type: 'auth' },
  oauth: { type: 'auth' },
  // Made for another account than the signed-in one: wait for that account to be chosen again.
  'account-mismatch': { type: 'auth' },
  forbidden: { type: 'attention' },
  'not-found': { type: 'attention' },
  validation: { type: 'attention' },
  // Any other 4xx (409, 413, 418…): Plannr refused it as it stands; resending unchanged would not help.
  refused: { type: 'attention' },
  'invalid-input': { type: 'attention' },
  'unknown-channel': { type: 'attention' },
  'forbidden-sender': { type: 'attention' },
}

export function classify(error: AppErrorData): Failure {
  const failure = POLICY[error.kind]
  if (failure.type === 'rate-limited') return { type: 'rate-limited', retryAfterMs: error.retryAfterMs ?? null }
  return failure
}
