import type { Table } from 'dexie'
import type { PlannrDb } from '../../data/db'
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
  const wanted = foldName(name)
  let inCache = false
  await table.each((row) => {
    if (row.uuid !== self.subjectUuid && foldName(row.name) === wanted) inCache = true
  })
  if (inCache) return 'cache'
  const queued = await db.outbox.toArray()
  const clash = queued.some((op) => {
    // The record being renamed may itself be a pending create: its own name is no clash.
    if (op.kind !== createKind || op.id === self.opId || op.subjectUuid === self.subjectUuid) return false
    const payloadName = (op.payload as { name?: unknown } | null)?.name
    return typeof payloadName === 'string' && foldName(payloadName) === wanted
  })
  return clash ? 'outbox' : null
}
