import { createdUuids, forgetCreatedUuidsBefore, noteCreatedUuid, type OutboxRecord, type PlannrDb } from '../data'
import { operationKinds, type OperationKindName } from './operations/registry'
import { isUnreadable, readRecord, type OpOf, type StoredOp } from './record'
import { opsOn, opsWaitingFor } from './store'
import { inOutboxTransaction } from './tables'
import { replaceUuid, replaceUuids, stringsIn } from './uuids'

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
 * its kind's `commit`. What is not stored yet (an edit form open meanwhile) follows at its save,
 * from the note kept here (`followCreated`).
 */
export async function rewriteTempUuid(
  db: PlannrDb,
  from: string,
  to: string,
  finishedOpId: string,
  at: Date,
): Promise<void> {
  const byId = new Map<string, StoredOp>()
  for (const op of await opsWaitingFor(db, finishedOpId)) byId.set(op.id, op)
  if (from !== to) {
    for (const op of await opsOn(db, from)) byId.set(op.id, op)
  }
  const rows = [...byId.values()].map((op) => rewritten(op, from, to, finishedOpId))
  await db.outbox.bulkPut(rows)
  // Edits of existing records already carry the real uuid: only their dependents needed releasing.
  if (from === to) return
  await noteCreatedUuid(db, from, to, at)
  for (const row of rows) {
    const op = readRecord(row)
    if (!isUnreadable(op)) await rewriteReference(db, op, from, to)
  }
}

/**
 * `value` (what a form hands over: its fields and what it opened on) with every temporary uuid
 * whose create has landed replaced by Plannr's, as `rewriteTempUuid` replaced it in the cache
 * and the queue. A form opened before the create landed is then measured against the cache in
 * the same terms: a unit it showed is not taken for a change to the unit it became, nor a group
 * it takes out of a circle for one the circle does not hold. Call inside the outbox transaction
 * that uses the result.
 */
export async function followCreated<T>(db: PlannrDb, value: T): Promise<T> {
  return replaceUuids(value, await createdUuids(db, stringsIn(value)))
}

/**
 * How long the note of a landed create is kept for forms opened before it: far longer than a
 * form is left open, short enough that the notes of years of offline creates do not pile up.
 */
const CREATED_NOTE_KEPT_MS = 30 * 24 * 60 * 60 * 1000

/** Drops the notes of creates that landed more than CREATED_NOTE_KEPT_MS before `now`. */
export async function forgetOldCreated(db: PlannrDb, now: number): Promise<void> {
  await inOutboxTransaction(db, () => forgetCreatedUuidsBefore(db, new Date(now - CREATED_NOTE_KEPT_MS)))
}
