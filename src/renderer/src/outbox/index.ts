/**
 * The outbox: operations created offline, applied to the cache at once, sent to Plannr exactly
 * once when it can be reached. See docs/ARCHITECTURE.md, "Outbox".
 */
export { enqueue, validateOperation, type EnqueueRefusal, type EnqueueResult, type ValidationResult } from './enqueue'
export { operationKinds, operationKind, type OperationKindName, type PayloadOf } from './operations/registry'
export type { Operation, OperationKind, OpProblem, OutboxApi, OutboxRecord, OutboxStatus } from './types'
