import { markChanged, type OutboxRecord, type PlannrDb } from '../data'
import { dependenciesOf, refuse, validateOperation, type EnqueueRefusal } from './enqueue'
import { operationKind, type OperationKindName } from './operations/registry'
import { rebaseSubject } from './rebase'
import { inOutboxTransaction } from './tables'
import type { OpProblem } from './types'
import { containsUuid } from './uuids'
import { readProblem } from './problem'

export type ActionResult =
  { ok: true } | { ok: false; error: EnqueueRefusal | { kind: 'not-found' | 'busy'; message: string } }

const GONE = { ok: false, error: { kind: 'not-found', message: 'This item is no longer waiting to sync.' } } as const
const BUSY = {
  ok: false,
  error: { kind: 'busy', message: 'This item is being sent right now. Try again in a moment.' },
} as const

/**
 * The user's "send again": after needs-attention (optionally with an edited payload, checked like
 * a new one), after a dependency was discarded (an edit is then required), or to skip a backoff.
 */
export async function retryOperation(db: PlannrDb, id: string, editedPayload?: unknown): Promise<ActionResult> {
  const current = await db.outbox.get(id)
  if (!current) return GONE
  const kind = operationKind(current.kind)
  if (!kind) return refuse({ _: [`Unknown kind of operation: ${current.kind}.`] })
  let payload = current.payload
  if (editedPayload !== undefined) {
    const checked = await validateOperation(db, current.kind as OperationKindName, editedPayload, {
      opId: current.id,
      subjectUuid: current.subjectUuid,
    })
    if (!checked.ok) return checked
    payload = checked.payload
  }
  const missing = readProblem(current.lastError)?.missing ?? []
  const stillMissing = missing.filter((uuid) => containsUuid(payload, uuid))
  if (stillMissing.length > 0)
    return refuse(fieldsContaining(payload, stillMissing, 'Choose something that still exists.'))

  const result = await inOutboxTransaction(db, async (): Promise<ActionResult> => {
    const op = await db.outbox.get(id)
    if (!op) return GONE
    if (op.status === 'sending') return BUSY
    const next: OutboxRecord = {
      ...op,
      payload,
      status: 'queued',
      // A fresh start for the backoff; reconcileFirst is kept: an earlier attempt may still have landed.
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      dependsOn: await dependenciesOf(db, kind, payload, op.subjectUuid, op),
    }
    if (editedPayload !== undefined) {
      await kind.revertLocally(db, op)
      await kind.applyLocally(db, next)
    }
    await db.outbox.put(next)
    return { ok: true }
  })
  if (result.ok) markChanged(db)
  return result
}

/**
 * Drops an operation and its pending record. What waited for it can never be sent as it stands:
 * it becomes 'blocked', with the reason next to the field that references the discarded record.
 */
export async function discardOperation(db: PlannrDb, id: string): Promise<ActionResult> {
  const result = await inOutboxTransaction(db, async (): Promise<ActionResult> => {
    const op = await db.outbox.get(id)
    if (!op) return GONE
    if (op.status === 'sending') return BUSY
    const kind = operationKind(op.kind)
    await db.outbox.delete(op.id)
    if (kind) await kind.revertLocally(db, op)
    if (kind && !kind.creates) {
      // An edit's record still exists: later edits of it only waited for their turn.
      await releaseDependents(db, op.id)
      return { ok: true }
    }
    const label = kind?.schema.safeParse(op.payload).success ? kind.describe(kind.schema.parse(op.payload)) : op.kind
    const message = `Waits for ${label}, which was discarded. Edit this item or discard it.`
    const dependents = await db.outbox.where('dependsOn').equals(op.id).toArray()
    for (const dependent of dependents) {
      const previous = readProblem(dependent.lastError)?.missing ?? []
      const missing = [...previous, op.subjectUuid]
      const problem: OpProblem = {
        kind: 'blocked',
        message,
        fieldErrors: fieldsContaining(dependent.payload, missing, `${capitalise(label)} was discarded.`),
        missing,
      }
      await db.outbox.update(dependent.id, {
        status: 'blocked',
        lastError: problem,
        dependsOn: dependent.dependsOn.filter((other) => other !== op.id),
      })
    }
    return { ok: true }
  })
  if (result.ok) markChanged(db)
  return result
}

/** Removes a finished or dropped operation from what the others wait for (inside a transaction). */
export async function releaseDependents(db: PlannrDb, id: string): Promise<void> {
  await db.outbox
    .where('dependsOn')
    .equals(id)
    .modify((other) => {
      other.dependsOn = other.dependsOn.filter((dependency) => dependency !== id)
    })
}

export type ConflictChoice = 'mine' | 'theirs'

const NO_CONFLICT = {
  ok: false,
  error: { kind: 'not-found', message: 'This item has no conflict to resolve.' },
} as const

/**
 * The user's answer to a conflict. Both choices first rebase the edit onto Plannr's copy (its
 * values become the edit's base, its updated_at the base time), so the next check passes unless
 * Plannr changes again. 'mine' then sends the edit as it is; 'theirs' drops the conflicting
 * fields, shows Plannr's values in the cache at once, and leaves the outbox if nothing is left.
 */
export async function resolveConflict(db: PlannrDb, id: string, choice: ConflictChoice): Promise<ActionResult> {
  const result = await inOutboxTransaction(db, async (): Promise<ActionResult> => {
    const op = await db.outbox.get(id)
    if (!op) return GONE
    const problem = readProblem(op.lastError)
    const kind = operationKind(op.kind)
    if (op.status !== 'needs-attention' || problem?.kind !== 'conflict' || !problem.conflicts || !kind)
      return NO_CONFLICT
    if (op.payload === null || typeof op.payload !== 'object') return NO_CONFLICT
    const rebased: Record<string, unknown> = {
      ...(op.payload as Record<string, unknown>),
      base_updated_at: problem.serverUpdatedAt ?? null,
    }
    for (const conflict of problem.conflicts) rebased[`base_${conflict.field}`] = conflict.theirs
    const next = { ...rebased }
    if (choice === 'theirs') {
      const current = kind.schema.safeParse(rebased)
      if (!current.success) return NO_CONFLICT
      await kind.revertLocally(db, { ...op, payload: current.data })
      for (const conflict of problem.conflicts) delete next[conflict.field]
    }
    const parsed = kind.schema.safeParse(next)
    if (!parsed.success) return NO_CONFLICT
    if (kind.isNoop?.(parsed.data)) {
      await db.outbox.delete(op.id)
      await releaseDependents(db, op.id)
      await rebaseSubject(db, op.subjectUuid)
      return { ok: true }
    }
    const queued: OutboxRecord = {
      ...op,
      payload: parsed.data,
      status: 'queued',
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      reconcileFirst: false,
    }
    await db.outbox.put(queued)
    await kind.applyLocally(db, queued)
    return { ok: true }
  })
  if (result.ok) markChanged(db)
  return result
}

/** Field errors on each top-level payload field that contains one of `uuids`. */
function fieldsContaining(payload: unknown, uuids: readonly string[], message: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {}
  if (payload !== null && typeof payload === 'object') {
    for (const [key, value] of Object.entries(payload)) {
      if (uuids.some((uuid) => containsUuid(value, uuid))) fields[key] = [message]
    }
  }
  return Object.keys(fields).length > 0 ? fields : { _: [message] }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
