import { isOperationKindName, operationKinds } from './operations/registry'
import type { StoredOp } from './record'

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
 * discarded, not edited. A row this version cannot read is no different (see mayHaveLandedAs):
 * it cannot be sent as it is either, so it can only be discarded.
 */
export function mayHaveLanded(op: Pick<StoredOp, 'kind' | 'reconcileFirst'>): boolean {
  return mayHaveLandedAs(op.kind, op.reconcileFirst)
}

/**
 * mayHaveLanded for a row as stored, readable or not, by the kind it names and its
 * `reconcileFirst`. A kind this version does not know may be a create, so it counts as one.
 */
export function mayHaveLandedAs(kind: string, reconcileFirst: boolean): boolean {
  return reconcileFirst && (isOperationKindName(kind) ? operationKinds[kind].creates : true)
}
