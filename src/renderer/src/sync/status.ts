import type { AppErrorData } from '../../../shared/ipc/errors'
import type { SyncProgress } from './progress'

export type SyncState =
  /** Not started, or stopped. */
  | 'stopped'
  | 'idle'
  | 'syncing'
  /** Signed out or the token was refused: nothing runs until auth says signed-in again. */
  | 'paused-auth'
  /** The last run could not reach Plannr; it retries with backoff and when connectivity returns. */
  | 'offline'
  /** The last run failed otherwise (malformed answer…); the next trigger tries again. */
  | 'error'

export interface SyncStatus {
  state: SyncState
  /** Progress of the run under way (or the last one, once it ended). */
  progress: SyncProgress | null
  lastSyncAt: string | null
  lastError: AppErrorData | null
  /** Epoch ms of the next automatic attempt (timer or backoff), when one is scheduled. */
  nextRunAt: number | null
  /** The group the user opened whose participants are loading ahead of the background run. */
  focusGroup: string | null
}

/**
 * How participants were read: `accounts` (each account once, with its groups) or `per-group`
 * (every group's participants; the fallback when the account endpoint refuses the plan).
 */
export type SyncPlan = 'accounts' | 'per-group'

export type SyncOutcome =
  | { ok: true; requests: number; records: number; durationMs: number; plan: SyncPlan }
  | { ok: false; error: AppErrorData; requests: number; records: number; durationMs: number }

/** An engine that has not started (or was stopped): nothing run, nothing known. */
export function stoppedStatus(): SyncStatus {
  return { state: 'stopped', progress: null, lastSyncAt: null, lastError: null, nextRunAt: null, focusGroup: null }
}
