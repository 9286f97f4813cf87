import type { PlannrDb } from '../data'
import { operationKinds, type OperationKindName } from './operations/registry'
import type { OpOf } from './record'
import { refreshMarkers } from './pending-marker'

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

export async function revertOp<K extends OperationKindName>(db: PlannrDb, op: OpOf<K>): Promise<void> {
  const kind = operationKinds[op.kind]
  await kind.revertLocally(db, op)
  if (!kind.creates) await refreshMarkers(db, op.subjectUuid)
}
