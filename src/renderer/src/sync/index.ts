export { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './engine'
export { stoppedStatus, type SyncOutcome, type SyncState, type SyncStatus } from './status'
export type { SyncPhase, SyncProgress } from './progress'
