import { updateCircleRow, updateGroupRow, type PlannrDb } from '../data'
import { operationKinds, type OperationKindName } from './operations/registry'
import { isUnreadable, type OpOf } from './record'
import { opsOn } from './store'

function pendingMembersOf<K extends OperationKindName>(op: OpOf<K>) {
  return operationKinds[op.kind].pendingMembers?.(op.payload) ?? null
}

/**
 * Recomputes a cached record's pending markers from the outbox: `pendingOpId` (the UI's
 * "Pending sync", and sync's "keep the local copy") and, for a group, `pendingMembers` (which
 * memberships sync must neither bring back nor prune, from each queued kind's `pendingMembers`
 * hook, later operations winning). Derived, never edited by hand, so commit, discard and
 * conflict resolution cannot leave a stale marker behind. Uuids are unique across kinds, so only
 * the record's own table has a row to update.
 */
export async function refreshMarkers(db: PlannrDb, subjectUuid: string): Promise<void> {
  const ops = await opsOn(db, subjectUuid)
  const added = new Set<string>()
  const removed = new Set<string>()
  for (const op of ops) {
    const change = isUnreadable(op) ? null : pendingMembersOf(op)
    for (const uuid of change?.added ?? []) {
      added.add(uuid)
      removed.delete(uuid)
    }
    for (const uuid of change?.removed ?? []) {
      removed.add(uuid)
      added.delete(uuid)
    }
  }
  const pendingOpId = ops.at(-1)?.id ?? null
  await updateGroupRow(db, subjectUuid, {
    pendingOpId,
    pendingMembers: added.size + removed.size > 0 ? { added: [...added], removed: [...removed] } : null,
  })
  await updateCircleRow(db, subjectUuid, { pendingOpId })
}
