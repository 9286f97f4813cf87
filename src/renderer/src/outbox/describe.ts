import { operationKinds } from './operations/registry'
import { isUnreadable, type OpOf, type StoredOp } from './record'
import type { OperationKindName } from './operations/registry'

function describeAs<K extends OperationKindName>(op: OpOf<K>): string {
  return operationKinds[op.kind].describe(op.payload)
}

/** Short words for lists and messages, e.g. `group “Jones family”`; an unreadable row is named by its kind. */
export function describeOp(op: StoredOp): string {
  return isUnreadable(op) ? op.kind : describeAs(op)
}
