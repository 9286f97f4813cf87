import { errorPolicy } from '../../../shared/ipc/error-policy'
import type { AppErrorKind } from '../../../shared/ipc/errors'

/** What the sync engine does when a run ends with an error of this kind. */
export type SyncReaction = 'pause-auth' | 'stopped' | 'offline' | 'error'

/**
 * The sync's reading of the shared error policy (src/shared/ipc/error-policy.ts): a lost sign-in
 * pauses until the user signs in again (as the outbox pauses); `cancelled` is the run being
 * stopped; a transient failure means Plannr could not be reached, retried with backoff and as
 * soon as connectivity returns; anything else is an error shown to the user, retried at the next
 * scheduled run.
 */
export function syncReaction(kind: AppErrorKind): SyncReaction {
  const policy = errorPolicy(kind)
  if (policy.authLost) return 'pause-auth'
  if (kind === 'cancelled') return 'stopped'
  return policy.transient ? 'offline' : 'error'
}
