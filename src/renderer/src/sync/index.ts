export { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './engine'
export type { SyncOutcome, SyncState, SyncStatus } from './status'
export type { SyncPhase, SyncProgress } from './progress'
