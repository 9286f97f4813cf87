export { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './engine'
export { stoppedStatus, type SyncOutcome, type SyncPlan, type SyncState, type SyncStatus } from './status'
export type { SyncPhase, SyncProgress } from './progress'
