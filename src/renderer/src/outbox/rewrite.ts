import type { OutboxRecord, PlannrDb } from '../data'
import { operationKinds, type OperationKindName } from './operations/registry'
import { isUnreadable, readRecord, type OpOf, type StoredOp } from './record'
import { opsOn, opsWaitingFor } from './store'
import { replaceUuid } from './uuids'

async function rewriteReference<K extends OperationKindName>(
  db: PlannrDb,
  op: OpOf<K>,
  from: string,
  to: string,
): Promise<void> {
  await operationKinds[op.kind].rewriteReference?.(db, op, from, to)
}

/** The row of a dependent with `from` replaced by `to` and `finishedOpId` released; an unreadable one as stored otherwise. */
function rewritten(op: StoredOp, from: string, to: string, finishedOpId: string): OutboxRecord {
  const row: OutboxRecord = isUnreadable(op) ? op.raw : op
  return {
    ...row,
    payload: from === to ? row.payload : replaceUuid(row.payload, from, to),
    subjectUuid: op.subjectUuid.toLowerCase() === from.toLowerCase() ? to : op.subjectUuid,
    dependsOn: op.dependsOn.filter((id) => id !== finishedOpId),
  }
}

/**
 * Replaces a temporary uuid by the server's in every queued operation and every cached record
 * that references it. Runs inside the transaction that records the server's answer, so no
 * reader — and no restart — can ever see a dependent pointing at a uuid Plannr does not know.
 *
 * Only operations waiting for the finished one can reference its temporary uuid (enqueue, edits
 * and retries make an operation wait for the create of every pending record it names), and only
 * their records' cache rows can show it: both are found by index, so a commit touches what it
 * changes and nothing else, however long the queue. Each dependent's kind updates the references
 * its own cache row shows (its `rewriteReference` hook); the created record's own rows moved in
 * its kind's `commit`.
 */
export async function rewriteTempUuid(db: PlannrDb, from: string, to: string, finishedOpId: string): Promise<void> {
  const byId = new Map<string, StoredOp>()
  for (const op of await opsWaitingFor(db, finishedOpId)) byId.set(op.id, op)
  if (from !== to) {
    for (const op of await opsOn(db, from)) byId.set(op.id, op)
  }
  const rows = [...byId.values()].map((op) => rewritten(op, from, to, finishedOpId))
  await db.outbox.bulkPut(rows)
  // Edits of existing records already carry the real uuid: only their dependents needed releasing.
  if (from === to) return
  for (const row of rows) {
    const op = readRecord(row)
    if (!isUnreadable(op)) await rewriteReference(db, op, from, to)
  }
}
