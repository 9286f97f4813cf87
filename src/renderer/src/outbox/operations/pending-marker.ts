import type { OutboxRecord, PlannrDb } from '../../data'

/** Operations still queued for one record, oldest first. */
export async function opsOn(db: PlannrDb, subjectUuid: string): Promise<OutboxRecord[]> {
  const ops = await db.outbox.where('subjectUuid').equalsIgnoreCase(subjectUuid).toArray()
  return ops.sort((a, b) => a.seq - b.seq)
}

/**
 * Recomputes a cached group's pending markers from the outbox: `pendingOpId` (the UI's
 * "Pending sync", and sync's "keep the local copy") and `pendingMembers` (which memberships sync
 * must neither bring back nor prune). Derived, never edited by hand, so commit, discard and
 * conflict resolution cannot leave a stale marker behind.
 */
export async function refreshGroupMarker(db: PlannrDb, groupUuid: string): Promise<void> {
  const ops = await opsOn(db, groupUuid)
  const added = new Set<string>()
  const removed = new Set<string>()
  for (const op of ops) {
    const participants = (op.payload as { participants?: unknown } | null)?.participants
    if (!Array.isArray(participants)) continue
    for (const uuid of participants) {
      if (typeof uuid !== 'string') continue
      if (op.kind === 'add-participants') {
        added.add(uuid)
        removed.delete(uuid)
      } else if (op.kind === 'remove-participants') {
        removed.add(uuid)
        added.delete(uuid)
      }
    }
  }
  await db.groups.update(groupUuid, {
    pendingOpId: ops.at(-1)?.id ?? null,
    pendingMembers: added.size + removed.size > 0 ? { added: [...added], removed: [...removed] } : null,
  })
}

export async function refreshCircleMarker(db: PlannrDb, circleUuid: string): Promise<void> {
  const ops = await opsOn(db, circleUuid)
  await db.circles.update(circleUuid, { pendingOpId: ops.at(-1)?.id ?? null })
}
