import type { AppErrorKind } from './errors'

/**
 * What every part of the app that sends a request does with each failure kind, decided once:
 * main's read retries (`src/main/api/retry.ts`), the pull sync (`sync/request.ts`,
 * `sync/engine.ts`) and the outbox (`outbox/classify.ts`) all read this table, so they cannot
 * disagree (e.g. one pausing for sign-in where the other reports an error).
 */
export interface ErrorPolicy {
  /** The same request, unchanged, may well succeed a moment later: retry it after a backoff. */
  transient: boolean
  /**
   * A write may have reached Plannr and been applied although no clear answer came back: look
   * the record up before sending it again.
   */
  mayHaveCommitted: boolean
  /** The sign-in (or the account it was made for) is gone: pause until the user signs in again. */
  authLost: boolean
}

const TRANSIENT: ErrorPolicy = { transient: true, mayHaveCommitted: false, authLost: false }
/** Transient, and the write may have landed (a proxy's 5xx, a timeout, a dropped answer). */
const IN_DOUBT: ErrorPolicy = { transient: true, mayHaveCommitted: true, authLost: false }
/**
 * No usable answer: not simply sent again (only writes get `outcome-unknown`, and a write in doubt
 * is looked up first), yet a write may have landed before things went wrong.
 */
const NO_CLEAR_ANSWER: ErrorPolicy = { transient: false, mayHaveCommitted: true, authLost: false }
const AUTH_LOST: ErrorPolicy = { transient: false, mayHaveCommitted: false, authLost: true }
/** Refused as it stands: resending it unchanged would be refused again. */
const REFUSED: ErrorPolicy = { transient: false, mayHaveCommitted: false, authLost: false }

export const ERROR_POLICY: Record<AppErrorKind, ErrorPolicy> = {
  // The connection was never made: nothing reached Plannr.
  network: TRANSIENT,
  // Refused before doing anything; callers wait Retry-After (their own rule on top of transient).
  'rate-limited': TRANSIENT,
  server: IN_DOUBT,
  timeout: IN_DOUBT,
  'outcome-unknown': NO_CLEAR_ANSWER,
  cancelled: NO_CLEAR_ANSWER,
  'malformed-response': NO_CLEAR_ANSWER,
  'invalid-output': NO_CLEAR_ANSWER,
  internal: NO_CLEAR_ANSWER,
  unauthenticated: AUTH_LOST,
  'not-signed-in': AUTH_LOST,
  // No token can be read until the keyring answers or the user signs in again.
  'keyring-unavailable': AUTH_LOST,
  // A refresh whose grant is dead: only a new sign-in helps.
  oauth: AUTH_LOST,
  // Made for another account than the signed-in one: wait until that account is chosen again.
  'account-mismatch': AUTH_LOST,
  forbidden: REFUSED,
  'not-found': REFUSED,
  validation: REFUSED,
  refused: REFUSED,
  'invalid-input': REFUSED,
  'unknown-channel': REFUSED,
  'forbidden-sender': REFUSED,
}

export function errorPolicy(kind: AppErrorKind): ErrorPolicy {
  return ERROR_POLICY[kind]
}
