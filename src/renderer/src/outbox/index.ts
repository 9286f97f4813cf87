/**
 * The outbox: operations created offline, applied to the cache at once, sent to Plannr exactly
 * once when it can be reached. The entry point callers use; README.md in this folder describes it.
 */
export { createOutbox, type CreatedRecord, type Outbox, type OutboxOptions } from './engine'
export { enqueue, validateOperation, type EnqueueRefusal, type EnqueueResult, type ValidationResult } from './enqueue'
export { deletedSubjects } from './deleted-subject'
export { discardOperation, resolveConflict, retryOperation, type ActionResult, type ConflictChoice } from './actions'
export { edit, type Alongside, type EditIntent, type EditResult } from './edit'
export { isOperationKindName, operationKinds, type OperationKindName, type PayloadOf } from './operations/registry'
export {
  CircleOpened,
  GroupOpened,
  MembershipOp,
  UpdateCircleOp,
  UpdateGroupOp,
  withoutUnchangedGroupFields,
} from './operations/edit-payloads'
export type { EditStart } from './opened'
export type { OutboxCounts, OutboxItem, OutboxPause, OutboxSnapshot } from './snapshot'
export type { BackoffPolicy } from './backoff'
export type { FieldConflict, Operation, OperationKind, OpProblem, OutboxApi, OutboxRecord, OutboxStatus } from './types'
