import { operationKinds } from './operations/registry'
import { isUnreadable, type StoredOp } from './record'

/**
 * An operation an earlier send may have reached Plannr with, not looked up since: what Plannr
 * has is looked for before anything is sent again.
 */
export function inDoubt(op: Pick<StoredOp, 'status' | 'reconcileFirst'>): boolean {
  return op.reconcileFirst || op.status === 'outcome-unknown'
}

/**
 * A create whose earlier send may have reached Plannr and that was not looked up yet. Its lookup
 * looks for the payload: edited, it would look for something never sent, find nothing, and make
 * a second record beside the first. So it can be sent again as it is (looked up first) or
 * discarded, not edited.
 */
export function mayHaveLanded(op: StoredOp): boolean {
  return !isUnreadable(op) && op.reconcileFirst && operationKinds[op.kind].creates
}
