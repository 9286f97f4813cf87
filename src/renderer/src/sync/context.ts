import type { SessionApi } from '../../../shared/ipc/plannr-api'
import type { PlannrDb } from '../data'
import type { ProgressTracker } from './progress'
import type { RequestPolicy } from './request'
import type { SyncPlan } from './status'

/** Everything one sync run needs, passed explicitly (tests and the bench build their own). */
export interface SyncContext {
  db: PlannrDb
  api: SessionApi
  policy: RequestPolicy
  progress: ProgressTracker
  /**
   * The plan to try first. `accounts` falls back to `per-group` for the run when the account
   * endpoint refuses it (account-plan.ts); `per-group` never asks the account endpoint.
   */
  plan: SyncPlan
  /** Page size of full passes (the API's maximum is 500). */
  perPage: number
  /** Pages a full pass requests ahead of the one it writes (paged-pass.ts); its default when unset. */
  pagesAhead?: number
  /** Page size of incremental refreshes: usually one page says "nothing new". */
  incrementalPerPage: number
  now(): number
  /**
   * Participants this run already wrote or found current (uuid → updatedAt), so a participant met
   * again (in another group's pages) is not read from the cache again (ingest.ts).
   */
  known: Map<string, string>
  /** A new full pass's id: its start time, unique per group since one sync runs at a time. */
  newPassId(): string
  /**
   * Called before the run syncs a group's participants. Resolves false when the group was just
   * fully synced another way (the user opened it and its pass ran first), so the run skips it.
   */
  beforeGroup?(groupUuid: string): Promise<boolean>
}
