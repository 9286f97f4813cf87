import { ulid } from 'ulid'
import { zodFieldErrors } from '../../../shared/ipc/errors'
import { markChanged, type OutboxRecord, type PlannrDb } from '../data'
import { operationKinds, type OperationKindName, type PayloadOf } from './operations/registry'
import { inOutboxTransaction } from './tables'
import type { AnyOperationKind, Operation } from './types'
import { newTempUuid } from './uuids'

/** Why the form cannot be queued, field by field (same keys as the API's 422 errors). */
export interface EnqueueRefusal {
  /** validation: the form's fields; not-saved: this computer could not store it (nothing queued). */
  kind: 'validation' | 'not-saved'
  message: string
  fieldErrors: Record<string, string[]>
}

export type EnqueueResult<K extends OperationKindName> =
  { ok: true; op: Operation<PayloadOf<K>>; tempUuid: string } | { ok: false; error: EnqueueRefusal }

export type ValidationResult<K extends OperationKindName> =
  { ok: true; payload: PayloadOf<K> } | { ok: false; error: EnqueueRefusal }

export interface EnqueueOptions {
  now?: () => number
}

/**
 * Checks a form's payload the way enqueue will: the shared zod schema, then what only the local
 * data can answer (a group name already used by a cached or pending group). For validation on the
 * spot; enqueue repeats it inside its transaction, so a race cannot slip a duplicate through.
 */
export async function validateOperation<K extends OperationKindName>(
  db: PlannrDb,
  kind: K,
  payload: unknown,
  self: { opId: string | null; subjectUuid: string | null } = { opId: null, subjectUuid: null },
): Promise<ValidationResult<K>> {
  const definition: AnyOperationKind = operationKinds[kind]
  const parsed = definition.schema.safeParse(payload)
  if (!parsed.success) return refuse(zodFieldErrors(parsed.error))
  const local = await definition.checkLocally(db, parsed.data, self)
  if (local) return refuse(local)
  return { ok: true, payload: parsed.data as PayloadOf<K> }
}

/**
 * Queues an operation and shows its effect in the cache, in ONE strict-durability transaction:
 * when this resolves ok, the operation and its pending record are on disk and the UI may say
 * "queued". `db` must be the durable instance (PlannrDatabases.durable).
 */
export async function enqueue<K extends OperationKindName>(
  db: PlannrDb,
  kind: K,
  payload: PayloadOf<K>,
  options: EnqueueOptions = {},
): Promise<EnqueueResult<K>> {
  const definition: AnyOperationKind = operationKinds[kind]
  const parsed = definition.schema.safeParse(payload)
  if (!parsed.success) return refuse(zodFieldErrors(parsed.error))
  const body = parsed.data
  const now = options.now ?? Date.now

  const result = await inOutboxTransaction(db, async (): Promise<EnqueueResult<K>> => {
    const local = await definition.checkLocally(db, body, { opId: null, subjectUuid: null })
    if (local) return refuse(local)
    const subjectUuid = definition.creates ? newTempUuid() : (definition.subjectOf(body) ?? newTempUuid())
    const op: OutboxRecord = {
      id: ulid(now()),
      seq: await nextSeq(db),
      kind,
      status: 'queued',
      payload: body,
      dependsOn: await dependenciesOf(db, definition, body, subjectUuid),
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      createdAt: new Date(now()).toISOString(),
      subjectUuid,
      reconcileFirst: false,
    }
    await db.outbox.add(op)
    await definition.applyLocally(db, op)
    return { ok: true, op: op as Operation<PayloadOf<K>>, tempUuid: subjectUuid }
  })
  if (result.ok) markChanged(db)
  return result
}

/** The seq after the highest queued one (inside the caller's transaction). */
export async function nextSeq(db: PlannrDb): Promise<number> {
  const last = await db.outbox.orderBy('seq').last()
  return (last?.seq ?? 0) + 1
}

/**
 * Which queued operations this one must wait for: creates of the records it references
 * (whatever their position), and for edits the earlier operations on the same record, so a chain
 * runs in order. Read by index (`subjectUuid`), so the cost does not grow with the queue.
 * `self` is the operation itself when it is already stored (an edit rewriting its payload).
 */
export async function dependenciesOf(
  db: PlannrDb,
  definition: AnyOperationKind,
  payload: unknown,
  subjectUuid: string,
  self: { id: string; seq: number } | null = null,
): Promise<string[]> {
  const refs = new Set(definition.dependencies(payload).map((uuid) => uuid.toLowerCase()))
  const subject = definition.creates ? null : subjectUuid.toLowerCase()
  const keys = [...refs, ...(subject === null ? [] : [subject])]
  if (keys.length === 0) return []
  const selfSeq = self?.seq ?? Number.POSITIVE_INFINITY
  const candidates = await db.outbox.where('subjectUuid').anyOfIgnoreCase(keys).toArray()
  return candidates
    .filter((op) => {
      if (op.id === self?.id) return false
      const uuid = op.subjectUuid.toLowerCase()
      return refs.has(uuid) || (uuid === subject && op.seq < selfSeq)
    })
    .sort((a, b) => a.seq - b.seq)
    .map((op) => op.id)
}

export function refuse(fieldErrors: Record<string, string[]>): { ok: false; error: EnqueueRefusal } {
  const first = Object.values(fieldErrors)[0]?.[0]
  return {
    ok: false,
    error: { kind: 'validation', message: first ?? 'Please check the highlighted fields.', fieldErrors },
  }
}
