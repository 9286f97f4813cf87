import type { PlannrDb } from '../data'
import { operationKinds, type OperationKindName } from './operations/registry'
import type { OpOf } from './record'
import { refreshMarkers } from './pending-marker'
import type { TakenBackMembers } from './taken-back'

/**
 * An operation's effect on the cache, shown (apply) or taken back (revert), always followed by
 * the edited record's pending markers recomputed: kinds only change the record itself. A create
 * marks its new row itself (its row is its own marker).
 */
export async function applyOp<K extends OperationKindName>(db: PlannrDb, op: OpOf<K>): Promise<void> {
  const kind = operationKinds[op.kind]
  await kind.applyLocally(db, op)
  if (!kind.creates) await refreshMarkers(db, op.subjectUuid)
}

/**
 * Takes an operation's effect back. The members it showed are noted in `takenBack`: the caller's
 * transaction settles them at its end (any left in no group leave the cache).
 */
export async function revertOp<K extends OperationKindName>(
  db: PlannrDb,
  op: OpOf<K>,
  takenBack: TakenBackMembers,
): Promise<void> {
  const kind = operationKinds[op.kind]
  await kind.revertLocally(db, op)
  takenBack.note(kind.membersShown?.(op.payload) ?? [])
  if (!kind.creates) await refreshMarkers(db, op.subjectUuid)
}
