import type { Table } from 'dexie'
import type { PlannrDb } from '../../data'
import { foldName } from '../uuids'

/**
 * Is `name` free for a new record of this kind? Checked against the cache (which holds both
 * synced and pending records) AND the outbox's own queued creates, so a pending record that the
 * cache lost (cleared, re-synced) still counts. `self` is the operation being edited, which may
 * keep its own name.
 */
export async function nameTaken(
  db: PlannrDb,
  table: Table<{ uuid: string; name: string }, string>,
  createKind: string,
  name: string,
  self: { opId: string | null; subjectUuid: string | null },
): Promise<'cache' | 'outbox' | null> {
  // Both lookups go through a name index (cache rows, queued payloads), so the cost does not
  // grow with the cache or the queue. Payload names are trimmed by the shared Name schema.
  const wanted = foldName(name)
  const sameName = await table.where('name').equalsIgnoreCase(name.trim()).toArray()
  if (sameName.some((row) => row.uuid !== self.subjectUuid && foldName(row.name) === wanted)) return 'cache'
  const queued = await db.outbox.where('payload.name').equalsIgnoreCase(name.trim()).toArray()
  const clash = queued.some((op) => {
    // The record being renamed may itself be a pending create: its own name is no clash.
    if (op.kind !== createKind || op.id === self.opId || op.subjectUuid === self.subjectUuid) return false
    const payloadName = (op.payload as { name?: unknown } | null)?.name
    return typeof payloadName === 'string' && foldName(payloadName) === wanted
  })
  return clash ? 'outbox' : null
}
