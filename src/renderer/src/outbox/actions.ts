import { deletePendingRecord, markChanged, type OutboxRecord, type PlannrDb } from '../data'
import { dependenciesOf, validateOperation } from './enqueue'
import { applyOp, revertOp } from './local-effect'
import { describeOp } from './describe'
import { isOperationKindName, operationKinds, type OperationKindName } from './operations/registry'
import { rebaseSubject } from './rebase'
import { isUnreadable, type OpOf, type StoredOp } from './record'
import { mayHaveLanded } from './in-doubt'
import { refuse, type EnqueueRefusal } from './refusal'
import { settleEnd } from './settle'
import { followCreated } from './rewrite'
import { claimsOnFreedName } from './unique-name'
import { deleteOp, getOp, opsWaitingFor, putOp, releaseDependents } from './store'
import { inOutboxTransaction } from './tables'
import { TakenBackMembers } from './taken-back'
import type { OpProblem } from './types'
import { containsUuid } from './uuids'

export type ActionResult =
  { ok: true } | { ok: false; error: EnqueueRefusal | { kind: 'not-found' | 'busy' | 'deleted'; message: string } }

const GONE = { ok: false, error: { kind: 'not-found', message: 'This item is no longer waiting to sync.' } } as const
const BUSY = {
  ok: false,
  error: { kind: 'busy', message: 'This item is being sent right now. Try again in a moment.' },
} as const

/** The fields a fresh start resets: a new backoff, nothing wrong yet. */
const FRESH = { status: 'queued', attempts: 0, nextAttemptAt: 0, lastError: null } as const

/**
 * The user's "send again": after needs-attention (optionally with an edited payload, checked like
 * a new one), after a dependency was discarded (an edit is then required), or to skip a backoff.
 * An unreadable item can only be sent again with an edited payload its kind accepts. A change to
 * a record deleted on Plannr is never sent again (see deletedOnPlannr).
 */
export async function retryOperation(db: PlannrDb, id: string, editedPayload?: unknown): Promise<ActionResult> {
  const current = await getOp(db, id)
  if (!current) return GONE
  const deleted = deletedOnPlannr(current)
  if (deleted) return deleted
  if (!isOperationKindName(current.kind)) return refuse({ _: [`Unknown kind of operation: ${current.kind}.`] })
  if (editedPayload === undefined) {
    if (isUnreadable(current)) return refuse({ _: [current.unreadable] })
    // A write Plannr may still be saving keeps its settle window: "Try now" cannot bring the
    // lookup forward (it would find nothing yet, and send it a second time).
    if (current.status === 'outcome-unknown' && (settleEnd(current) ?? 0) > Date.now()) return { ok: true }
    return retryAs(db, current, current.payload)
  }
  // An unreadable one cannot be sent as it is either: its own words say so.
  if (mayHaveLanded(current)) return refuse({ _: [isUnreadable(current) ? current.unreadable : MAY_HAVE_LANDED] })
  const checked = await validateOperation(db, current.kind, editedPayload, {
    opId: current.id,
    subjectUuid: current.subjectUuid,
  })
  if (!checked.ok) return checked
  return retryEdited(db, current, current.kind, checked.payload)
}

const MAY_HAVE_LANDED =
  'Plannr may already have this as it was sent. Send it again as it is: the app looks for it first, and ' +
  'you can change it once it is on Plannr. Or discard it.'

/** Sends again as it is (no edit): the same payload, a fresh backoff. */
function retryAs<K extends OperationKindName>(
  db: PlannrDb,
  current: OpOf<K>,
  payload: OpOf<K>['payload'],
): Promise<ActionResult> {
  return sendAgain(db, current, payload, async (op) => {
    if (isUnreadable(op)) return GONE
    // A fresh start for the backoff; reconcileFirst is kept: an earlier attempt may still have landed.
    await db.outbox.update(op.id, {
      ...FRESH,
      dependsOn: await dependenciesOf(db, current.kind, payload, op.subjectUuid, op),
    })
    return { ok: true }
  })
}

/** Sends again with the user's corrected payload (already checked against the kind), shown in the cache at once. */
function retryEdited<K extends OperationKindName>(
  db: PlannrDb,
  current: StoredOp,
  kind: K,
  payload: OpOf<K>['payload'],
): Promise<ActionResult> {
  return sendAgain(db, current, payload, async (op, takenBack) => {
    // The form was opened on the item as it was then: a record it names may have been created since.
    const followed = await followCreated(db, payload)
    const dependsOn = await dependenciesOf(db, kind, followed, op.subjectUuid, op)
    if (isUnreadable(op)) {
      // Nothing of it could be shown before; everything else stays as stored.
      const row: OutboxRecord = { ...op.raw, ...FRESH, kind, payload: followed, dependsOn }
      await db.outbox.put(row)
      return { ok: true }
    }
    const next: OpOf<K> = { ...op, ...FRESH, kind, payload: followed, dependsOn }
    await revertOp(db, op, takenBack)
    await applyOp(db, next)
    await putOp(db, next)
    return { ok: true }
  })
}

/**
 * What every "send again" checks before it rewrites the item: the payload names no discarded
 * record, and, read again inside the outbox transaction, the item still waits (not gone, not
 * being sent right now).
 */
async function sendAgain(
  db: PlannrDb,
  current: Pick<StoredOp, 'id' | 'lastError'>,
  payload: unknown,
  rewrite: (op: StoredOp, takenBack: TakenBackMembers) => Promise<ActionResult>,
): Promise<ActionResult> {
  const missing = stillMissing(current, payload)
  if (missing) return missing
  return stored(db, async (takenBack) => {
    const op = await getOp(db, current.id)
    if (!op) return GONE
    if (op.status === 'sending') return BUSY
    // Its 404 may have been recorded since it was read above.
    const deleted = deletedOnPlannr(op)
    if (deleted) return deleted
    return rewrite(op, takenBack)
  })
}

/**
 * A change to a record Plannr answered 404 for (problem kind `deleted`): sent again, edited or not,
 * it meets the same 404, and until it is discarded the app shows the record as deleted on Plannr.
 * Refused here, for every caller, not only left out of the card's buttons.
 */
function deletedOnPlannr(op: Pick<StoredOp, 'lastError'>): ActionResult | null {
  if (op.lastError?.kind !== 'deleted') return null
  return { ok: false, error: { kind: 'deleted', message: op.lastError.message } }
}

/** A payload that still names a record whose create was discarded cannot be sent: say where. */
function stillMissing(current: Pick<StoredOp, 'lastError'>, payload: unknown): ActionResult | null {
  const missing = (current.lastError?.missing ?? []).filter((uuid) => containsUuid(payload, uuid))
  return missing.length > 0 ? refuse(fieldsContaining(payload, missing, 'Choose something that still exists.')) : null
}

/**
 * Runs an action in one outbox transaction; the members its reverts took back are settled at its
 * end (those left in no group leave the cache with it).
 */
async function stored(
  db: PlannrDb,
  work: (takenBack: TakenBackMembers) => Promise<ActionResult>,
): Promise<ActionResult> {
  let afterTakenBack = (): void => {}
  const result = await inOutboxTransaction(db, async () => {
    const takenBack = new TakenBackMembers()
    const done = await work(takenBack)
    afterTakenBack = await takenBack.settle(db)
    return done
  })
  afterTakenBack()
  if (result.ok) markChanged(db)
  return result
}

/**
 * Drops an operation and its pending record. What named the discarded record only in a set (a
 * circle's groups) goes on without it, told what was left out (`leaveOut`). What cannot do
 * without it can never be sent as it stands: it becomes 'blocked', with the reason next to the
 * field that references the discarded record, in words offering only what its card offers.
 * An unreadable item is dropped as stored (its effect on the cache cannot be read back; the
 * record's pending markers are recomputed without it).
 */
export async function discardOperation(db: PlannrDb, id: string): Promise<ActionResult> {
  return stored(db, async (takenBack) => {
    const op = await getOp(db, id)
    if (!op) return GONE
    if (op.status === 'sending') return BUSY
    await deleteOp(db, op.id)
    const creates = isOperationKindName(op.kind) ? operationKinds[op.kind].creates : true
    if (!isUnreadable(op)) {
      await revertOp(db, op, takenBack)
      // The revert put back the base values: later edits of the record, still queued, show again.
      if (!creates) await rebaseSubject(db, op.subjectUuid)
    } else {
      // Its effect cannot be read back; a create's pending row is still known by its marker.
      if (creates) await deletePendingRecord(db, op.subjectUuid, op.id)
      await rebaseSubject(db, op.subjectUuid)
    }
    if (!creates) {
      await blockClaimsOnFreedName(db, op)
      // An edit's record still exists: later edits of it only waited for their turn.
      await releaseDependents(db, op.id)
      return { ok: true }
    }
    const label = describeOp(op)
    for (const dependent of await opsWaitingFor(db, op.id)) {
      if (await leaveOut(db, dependent, op, takenBack)) continue
      const missing = [...(dependent.lastError?.missing ?? []), op.subjectUuid]
      // An item about the discarded record itself (an add to a group never made) has nothing a
      // form could change: only Discard is offered, so only that is said.
      const about = dependent.subjectUuid.toLowerCase() === op.subjectUuid.toLowerCase()
      const problem: OpProblem = {
        kind: 'blocked',
        message: about
          ? `Waits for ${label}, which was discarded: it cannot be sent without it. Discard it.`
          : `Waits for ${label}, which was discarded. Edit this item or discard it.`,
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
}

/**
 * A dependent that names the discarded create only as one member of a set (a circle's groups)
 * goes on without it: the uuid leaves its payload and its cache row, it no longer waits for the
 * create, and its card says what was left out. False when the kind cannot do without the record.
 * A change left with nothing to do leaves the outbox, as after "keep Plannr's".
 */
async function leaveOut(db: PlannrDb, dependent: StoredOp, discarded: StoredOp, takenBack: TakenBackMembers) {
  if (isUnreadable(dependent)) return false
  return leaveOutOf(db, dependent, discarded, takenBack)
}

async function leaveOutOf<K extends OperationKindName>(
  db: PlannrDb,
  dependent: OpOf<K>,
  discarded: StoredOp,
  takenBack: TakenBackMembers,
): Promise<boolean> {
  const kind = operationKinds[dependent.kind]
  const hook = kind.leaveOut
  if (!hook || !containsUuid(dependent.payload, discarded.subjectUuid)) return false
  const payload = hook.without(dependent.payload, discarded.subjectUuid)
  if (containsUuid(payload, discarded.subjectUuid)) return false
  await revertOp(db, dependent, takenBack)
  if (kind.isNoop?.(payload)) {
    await deleteOp(db, dependent.id)
    await releaseDependents(db, dependent.id)
    await rebaseSubject(db, dependent.subjectUuid)
    return true
  }
  const notice: OpProblem = {
    kind: 'left-out',
    message: `${capitalise(describeOp(discarded))} was left out of ${hook.from}: it was discarded.`,
  }
  const next: OpOf<K> = {
    ...dependent,
    payload,
    dependsOn: dependent.dependsOn.filter((other) => other !== discarded.id),
    // A stored block for another reason stays; a waiting item only gains the notice.
    lastError: dependent.status === 'blocked' ? dependent.lastError : notice,
  }
  await applyOp(db, next)
  await putOp(db, next)
  // Later edits of the same record, queued behind it, show on top again.
  await rebaseSubject(db, dependent.subjectUuid)
  return true
}

/**
 * A discarded rename leaves its record the name it was moving away from: what waited to take that
 * name is blocked until the user gives it another one (Plannr would refuse it as it stands).
 */
async function blockClaimsOnFreedName(db: PlannrDb, rename: StoredOp): Promise<void> {
  const freed = await claimsOnFreedName(db, rename)
  if (!freed) return
  const record = freed.scope === 'group' ? 'group' : 'business unit'
  const why = `"${freed.name}" stays the name of the ${record} whose rename was discarded.`
  for (const claim of freed.claims) {
    const problem: OpProblem = {
      kind: 'blocked',
      message: `${why} Give this item another name, or discard it.`,
      fieldErrors: { name: [`${why} Choose another name.`] },
    }
    // Its wait for the rename goes with the rename's other dependents (releaseDependents).
    await db.outbox.update(claim.id, { status: 'blocked', lastError: problem })
  }
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
  return stored(db, async (takenBack) => {
    const op = await getOp(db, id)
    if (!op) return GONE
    if (isUnreadable(op)) return NO_CONFLICT
    return resolveAs(db, op, choice, takenBack)
  })
}

async function resolveAs<K extends OperationKindName>(
  db: PlannrDb,
  op: OpOf<K>,
  choice: ConflictChoice,
  takenBack: TakenBackMembers,
): Promise<ActionResult> {
  const problem = op.lastError
  const kind = operationKinds[op.kind]
  if (op.status !== 'needs-attention' || problem?.kind !== 'conflict' || !problem.conflicts) return NO_CONFLICT
  const rebased: Record<string, unknown> = { ...op.payload, base_updated_at: problem.serverUpdatedAt ?? null }
  for (const conflict of problem.conflicts) rebased[`base_${conflict.field}`] = conflict.theirs
  const next = { ...rebased }
  if (choice === 'theirs') {
    const current = kind.schema.safeParse(rebased)
    if (!current.success) return NO_CONFLICT
    await revertOp(db, { ...op, payload: current.data }, takenBack)
    for (const conflict of problem.conflicts) delete next[conflict.field]
  }
  const parsed = kind.schema.safeParse(next)
  if (!parsed.success) return NO_CONFLICT
  if (kind.isNoop?.(parsed.data)) {
    await deleteOp(db, op.id)
    await releaseDependents(db, op.id)
    await rebaseSubject(db, op.subjectUuid)
    return { ok: true }
  }
  const queued: OpOf<K> = { ...op, ...FRESH, payload: parsed.data, reconcileFirst: false }
  await putOp(db, queued)
  await applyOp(db, queued)
  // Later edits of the record, queued behind this one, show on top of what it now sets.
  await rebaseSubject(db, op.subjectUuid)
  return { ok: true }
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
