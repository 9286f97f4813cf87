import type { SessionApi } from '../../../shared/ipc/plannr-api'
import type { PlannrDb } from '../data'
import type { ProgressTracker } from './progress'
import type { RequestPolicy } from './request'

/** Everything one sync run needs, passed explicitly (tests and the bench build their own). */
export interface SyncContext {
  db: PlannrDb
  api: SessionApi
  policy: RequestPolicy
  progress: ProgressTracker
  /** Page size of full passes (the API's maximum is 500). */
  perPage: number
  /** Page size of incremental refreshes: usually one page says "nothing new". */
  incrementalPerPage: number
  now(): number
  /** A new full pass's id: its start time, unique per group since one sync runs at a time. */
  newPassId(): string
  /**
   * Called before the run syncs a group's participants. Resolves false when the group was just
   * fully synced another way (the user opened it and its pass ran first), so the run skips it.
   */
  beforeGroup?(groupUuid: string): Promise<boolean>
}
