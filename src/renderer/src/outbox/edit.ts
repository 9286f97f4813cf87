import { ulid } from 'ulid'
import { markChanged, type PlannrDb } from '../data'
import { dependenciesOf } from './enqueue'
import type { EditPlan, EditResult } from './edit-plan'
import { applyOp, revertOp } from './local-effect'
import { operationKinds, type IntentMap, type OperationKindName } from './operations/registry'
import { rebaseSubject } from './rebase'
import { isUnreadable, type OpOf, type QueuedOp } from './record'
import { refuse } from './refusal'
import { followCreated } from './rewrite'
import { deleteOp, nextSeq, opsOn, putOp, releaseDependents } from './store'
import { inOutboxTransaction } from './tables'
import { TakenBackMembers } from './taken-back'
import { nameCheck } from './unique-name'

export type { EditResult }

/**
 * What the user asked for, in the terms of the screen (full sets for a circle, deltas for a
 * group): the intent of every kind that has an `edit` hook.
 */
export type EditIntent = IntentMap[OperationKindName]

/**
 * An operation still waiting in the outbox with nothing sent that could have landed: changing its
 * payload changes what will be sent, nothing else. Once one is being sent, or might have landed
 * (reconcileFirst: its lookup relies on the payload as sent), a later edit queues behind it.
 */
function mergeable(op: QueuedOp): boolean {
  return (op.status === 'queued' || op.status === 'retry-wait') && !op.reconcileFirst
}

/**
 * Cache writes that must stand or fall with an edit (the row an Undo puts back for the add that
 * puts it back): run first in the edit's transaction, so a crash or a closed window can never
 * keep one without the other, and taken back with it when the edit is refused. Resolves with
 * what to run once the transaction committed (e.g. quick search's in-memory update).
 */
export type Alongside = (db: PlannrDb) => Promise<() => void>

/** A refusal thrown out of the transaction to take back what `alongside` wrote. */
class RefusedAlongside extends Error {
  constructor(readonly result: EditResult) {
    super('edit refused')
  }
}

/**
 * Queues an edit in ONE durable transaction, through the edit kind's hook, which tries in order:
 * to fold it into the record's pending create (one request instead of two), to coalesce it with
 * a queued edit of the same record (two renames → one; add X then remove X → nothing), and only
 * then to add a new operation. The cache shows the result at once, marked pending.
 */
export async function edit(
  db: PlannrDb,
  intent: EditIntent,
  options: { now?: () => number; alongside?: Alongside } = {},
): Promise<EditResult> {
  const now = options.now ?? Date.now
  const { alongside } = options
  let afterCommit = (): void => {}
  let afterTakenBack = (): void => {}
  let result: EditResult
  try {
    result = await inOutboxTransaction(db, async (): Promise<EditResult> => {
      if (alongside) afterCommit = await alongside(db)
      // A form opened while a record it shows was a queued create still holds its temporary uuid.
      const followed = await followCreated(db, intent)
      const takenBack = new TakenBackMembers()
      const plan = await planFor(db, followed.uuid, now, takenBack)
      const queued = await queueEdit(plan, followed.kind, followed)
      if (!queued.ok && alongside) throw new RefusedAlongside(queued)
      afterTakenBack = await takenBack.settle(db)
      return queued
    })
  } catch (error) {
    if (error instanceof RefusedAlongside) return error.result
    throw error
  }
  afterTakenBack()
  if (result.ok) {
    markChanged(db)
    afterCommit()
  }
  return result
}

async function queueEdit<K extends OperationKindName>(
  plan: EditPlan,
  kind: K,
  intent: IntentMap[K],
): Promise<EditResult> {
  const hook = operationKinds[kind].edit
  if (!hook) return refuse({ _: [`${kind} is not an edit.`] })
  return hook.queue(plan, intent)
}

async function planFor(db: PlannrDb, uuid: string, now: () => number, takenBack: TakenBackMembers): Promise<EditPlan> {
  const ops = (await opsOn(db, uuid)).filter((op): op is QueuedOp => !isUnreadable(op))

  /** Replaces an op's payload, re-deriving its dependencies and its effect on the cache. */
  async function rewrite<K extends OperationKindName>(op: OpOf<K>, payload: OpOf<K>['payload']): Promise<OpOf<K>> {
    const next: OpOf<K> = {
      ...op,
      payload,
      dependsOn: await dependenciesOf(db, op.kind, payload, op.subjectUuid, op),
    }
    await revertOp(db, op, takenBack)
    await putOp(db, next)
    await applyOp(db, next)
    await rebaseSubject(db, op.subjectUuid)
    return next
  }

  return {
    db,
    uuid,
    nameTaken: nameCheck(db),
    hasCreate: ops.some((op) => operationKinds[op.kind].creates),
    mergeable: <K extends OperationKindName>(kind: K) =>
      ops.filter((op): op is Extract<QueuedOp, { kind: K }> => op.kind === kind && mergeable(op)),
    rewrite,
    async drop(op) {
      await deleteOp(db, op.id)
      await revertOp(db, op, takenBack)
      await releaseDependents(db, op.id)
      await rebaseSubject(db, op.subjectUuid)
    },
    async add(kind, payload) {
      const op: OpOf<typeof kind> = {
        id: ulid(now()),
        seq: await nextSeq(db),
        kind,
        status: 'queued',
        payload,
        dependsOn: await dependenciesOf(db, kind, payload, uuid),
        attempts: 0,
        nextAttemptAt: 0,
        lastError: null,
        createdAt: new Date(now()).toISOString(),
        subjectUuid: uuid,
        reconcileFirst: false,
      }
      await db.outbox.add(op)
      await applyOp(db, op)
      return op
    },
  }
}
