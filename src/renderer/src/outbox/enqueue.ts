import { ulid } from 'ulid'
import { zodFieldErrors } from '../../../shared/ipc/errors'
import { markChanged, type PlannrDb } from '../data'
import { applyOp } from './local-effect'
import { operationKinds, type OperationKindName, type PayloadOf } from './operations/registry'
import type { OpOf } from './record'
import { refuse, type EnqueueRefusal } from './refusal'
import { followCreated } from './rewrite'
import { nextSeq, opsOnAny } from './store'
import { inOutboxTransaction } from './tables'
import type { SelfRef } from './types'
import { nameCheck, opsFreeingClaim } from './unique-name'
import { newTempUuid } from './uuids'

export { refuse, type EnqueueRefusal }

export type EnqueueResult<K extends OperationKindName> =
  { ok: true; op: OpOf<K>; tempUuid: string } | { ok: false; error: EnqueueRefusal }

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
  self: SelfRef = { opId: null, subjectUuid: null },
): Promise<ValidationResult<K>> {
  const definition = operationKinds[kind]
  const parsed = definition.schema.safeParse(payload)
  if (!parsed.success) return refuse(zodFieldErrors(parsed.error))
  const local = await definition.checkLocally(db, parsed.data, self, nameCheck(db))
  if (local) return refuse(local)
  return { ok: true, payload: parsed.data }
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
  const definition = operationKinds[kind]
  const parsed = definition.schema.safeParse(payload)
  if (!parsed.success) return refuse(zodFieldErrors(parsed.error))
  const now = options.now ?? Date.now

  const result = await inOutboxTransaction(db, async (): Promise<EnqueueResult<K>> => {
    // A form opened while a record it offers was a queued create may still name its temporary uuid.
    const body = await followCreated(db, parsed.data)
    const local = await definition.checkLocally(db, body, { opId: null, subjectUuid: null }, nameCheck(db))
    if (local) return refuse(local)
    const subjectUuid = definition.creates ? newTempUuid() : (definition.subjectOf(body) ?? newTempUuid())
    const op: OpOf<K> = {
      id: ulid(now()),
      seq: await nextSeq(db),
      kind,
      status: 'queued',
      payload: body,
      dependsOn: await dependenciesOf(db, kind, body, subjectUuid),
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      createdAt: new Date(now()).toISOString(),
      subjectUuid,
      reconcileFirst: false,
    }
    await db.outbox.add(op)
    await applyOp(db, op)
    return { ok: true, op, tempUuid: subjectUuid }
  })
  if (result.ok) markChanged(db)
  return result
}

/**
 * Which queued operations this one must wait for: creates of the records it references
 * (whatever their position), for edits the earlier operations on the same record, so a chain
 * runs in order, and earlier renames away from the name it claims (unique-name.ts). Read by
 * index (`subjectUuid`, `payload.base_name`), so the cost does not grow with the queue.
 * `self` is the operation itself when it is already stored (an edit rewriting its payload).
 */
export async function dependenciesOf<K extends OperationKindName>(
  db: PlannrDb,
  kind: K,
  payload: PayloadOf<K>,
  subjectUuid: string,
  self: { id: string; seq: number } | null = null,
): Promise<string[]> {
  const definition = operationKinds[kind]
  const refs = new Set(definition.dependencies(payload).map((uuid) => uuid.toLowerCase()))
  const subject = definition.creates ? null : subjectUuid.toLowerCase()
  const keys = [...refs, ...(subject === null ? [] : [subject])]
  const selfSeq = self?.seq ?? Number.POSITIVE_INFINITY
  const onRecords = (keys.length === 0 ? [] : await opsOnAny(db, keys)).filter((op) => {
    if (op.id === self?.id) return false
    const uuid = op.subjectUuid.toLowerCase()
    return refs.has(uuid) || (uuid === subject && op.seq < selfSeq)
  })
  const freeingName = await opsFreeingClaim(db, kind, payload, self)
  const ids = new Map([...onRecords, ...freeingName].map((op) => [op.id, op.seq]))
  return [...ids].sort(([, a], [, b]) => a - b).map(([id]) => id)
}
