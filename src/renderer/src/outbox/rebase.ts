import type { PlannrDb } from '../data'
import { operationKinds, type OperationKindName } from './operations/registry'
import { refreshMarkers } from './pending-marker'
import { isUnreadable, type OpOf } from './record'
import { opsOn } from './store'

async function reapply<K extends OperationKindName>(db: PlannrDb, op: OpOf<K>): Promise<void> {
  const kind = operationKinds[op.kind]
  if (!kind.creates) await kind.applyLocally(db, op)
}

/**
 * After Plannr's copy of a record was written into the cache (a commit), the edits still queued
 * for it are applied on top again, oldest first, and the pending markers recomputed: the cache
 * shows the server's record plus what is still on its way, never an older local state.
 */
export async function rebaseSubject(db: PlannrDb, uuid: string): Promise<void> {
  for (const op of await opsOn(db, uuid)) {
    if (!isUnreadable(op)) await reapply(db, op)
  }
  await refreshMarkers(db, uuid)
}
