import type { PlannrDb } from '../data'
import type { OutboxRecord } from '../data'
import { inOutboxTransaction } from './tables'

/**
 * The queue store's status writes for the drain loop (enqueue.ts makes new records with their
 * seq and dependencies; actions.ts releases and refuses them): each one durable, and none of
 * them resurrects an operation discarded meanwhile.
 */

/** Applies `changes` to the operation if it is still queued. */
export async function updateOperation(db: PlannrDb, op: OutboxRecord, changes: Partial<OutboxRecord>): Promise<void> {
  await inOutboxTransaction(db, async () => {
    if (await db.outbox.get(op.id)) await db.outbox.update(op.id, changes)
  })
}

/**
 * Durably 'sending' with the attempt counted BEFORE the request leaves, so a crash is visible.
 * Null when the user discarded or edited the operation since it was picked: pick again.
 */
export async function markSending(db: PlannrDb, op: OutboxRecord, now: number): Promise<OutboxRecord | null> {
  return inOutboxTransaction(db, async () => {
    const fresh = await db.outbox.get(op.id)
    if (!fresh || fresh.status !== op.status || JSON.stringify(fresh.payload) !== JSON.stringify(op.payload))
      return null
    const next: OutboxRecord = {
      ...fresh,
      status: 'sending',
      attempts: fresh.attempts + 1,
      reconcileFirst: false,
      firstSentAt: fresh.firstSentAt ?? now,
    }
    await db.outbox.put(next)
    return next
  })
}
