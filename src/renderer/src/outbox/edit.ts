import { ulid } from 'ulid'
import { zodFieldErrors } from '../../../shared/ipc/errors'
import { CreateCircleBody, CreateGroupBody, Name, UpdateCircleBody } from '../../../shared/plannr/request-bodies'
import { markChanged, type OutboxRecord, type PlannrDb } from '../data'
import { releaseDependents } from './actions'
import { dependenciesOf, nextSeq, refuse, type EnqueueRefusal } from './enqueue'
import type { MembershipOp, UpdateCircleOp, UpdateGroupOp } from './operations/edit-payloads'
import { opsOn } from './operations/pending-marker'
import { operationKind } from './operations/registry'
import { composeDelta, deltaBetween, lowerSet, minus, union } from './operations/set-delta'
import { rebaseSubject } from './rebase'
import { inOutboxTransaction } from './tables'
import type { AnyOperationKind } from './types'

/** What the user asked for, in the terms of the screen (full sets for a circle, deltas for a group). */
export type EditIntent =
  | { kind: 'update-group'; uuid: string; name?: string; business_unit?: string | null }
  | { kind: 'add-participants' | 'remove-participants'; uuid: string; participants: string[] }
  | {
      kind: 'update-circle'
      uuid: string
      name?: string
      bg_colour?: string
      account_uuids?: string[]
      group_uuids?: string[]
    }

export type EditResult =
  /**
   * queued: a new operation; folded: merged into the record's pending create; coalesced: merged
   * into a queued edit; nothing: it cancelled out (add X then remove X) or changed nothing.
   */
  | { ok: true; outcome: 'queued' | 'folded' | 'coalesced' | 'nothing'; opId: string | null }
  | { ok: false; error: EnqueueRefusal }

/**
 * An operation still waiting in the outbox with nothing sent that could have landed: changing its
 * payload changes what will be sent, nothing else. Once one is being sent, or might have landed
 * (reconcileFirst: its lookup relies on the payload as sent), a later edit queues behind it.
 */
function mergeable(op: OutboxRecord): boolean {
  return (op.status === 'queued' || op.status === 'retry-wait') && !op.reconcileFirst
}

interface Plan {
  db: PlannrDb
  now: () => number
  ops: OutboxRecord[]
}

/**
 * Queues an edit in ONE durable transaction, after trying, in order: to fold it into the
 * record's pending create (one request instead of two), to coalesce it with a queued edit of the
 * same record (two renames → one; add X then remove X → nothing), and only then to add a new
 * operation. The cache shows the result at once, marked pending.
 */
export async function edit(
  db: PlannrDb,
  intent: EditIntent,
  options: { now?: () => number } = {},
): Promise<EditResult> {
  const now = options.now ?? Date.now
  const result = await inOutboxTransaction(db, async (): Promise<EditResult> => {
    const plan: Plan = { db, now, ops: await opsOn(db, intent.uuid) }
    switch (intent.kind) {
      case 'update-group':
        return editGroup(plan, intent)
      case 'add-participants':
      case 'remove-participants':
        return editMembers(plan, intent)
      case 'update-circle':
        return editCircle(plan, intent)
    }
  })
  if (result.ok) markChanged(db)
  return result
}

function pendingCreate(plan: Plan, kind: string): OutboxRecord | undefined {
  return plan.ops.find((op) => op.kind === kind && mergeable(op))
}

function hasCreate(plan: Plan): boolean {
  return plan.ops.some((op) => operationKind(op.kind)?.creates === true)
}

function lastMergeable(plan: Plan, kind: string): OutboxRecord | undefined {
  return plan.ops.filter((op) => op.kind === kind && mergeable(op)).at(-1)
}

function kindOf(name: string): AnyOperationKind {
  const kind = operationKind(name)
  if (!kind) throw new Error(`Unknown kind of operation: ${name}`)
  return kind
}

/** Replaces an op's payload, re-deriving its dependencies and its effect on the cache. */
async function rewrite(plan: Plan, op: OutboxRecord, payload: unknown): Promise<OutboxRecord> {
  const kind = kindOf(op.kind)
  const next: OutboxRecord = {
    ...op,
    payload,
    dependsOn: await dependenciesOf(plan.db, kind, payload, op.subjectUuid, op),
  }
  await kind.revertLocally(plan.db, op)
  await plan.db.outbox.put(next)
  await kind.applyLocally(plan.db, next)
  await rebaseSubject(plan.db, op.subjectUuid)
  return next
}

/** Drops an op whose effect cancelled out. */
async function drop(plan: Plan, op: OutboxRecord): Promise<void> {
  await plan.db.outbox.delete(op.id)
  await kindOf(op.kind).revertLocally(plan.db, op)
  await releaseDependents(plan.db, op.id)
  await rebaseSubject(plan.db, op.subjectUuid)
}

async function add(plan: Plan, kindName: string, subjectUuid: string, payload: unknown): Promise<OutboxRecord> {
  const kind = kindOf(kindName)
  const op: OutboxRecord = {
    id: ulid(plan.now()),
    seq: await nextSeq(plan.db),
    kind: kindName,
    status: 'queued',
    payload,
    dependsOn: await dependenciesOf(plan.db, kind, payload, subjectUuid),
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    createdAt: new Date(plan.now()).toISOString(),
    subjectUuid,
    reconcileFirst: false,
  }
  await plan.db.outbox.add(op)
  await kind.applyLocally(plan.db, op)
  return op
}

const GONE: EditResult = {
  ok: false,
  error: {
    kind: 'validation',
    message: 'This item is not in the cache any more.',
    fieldErrors: { _: ['This item is not in the cache any more.'] },
  },
}

async function editGroup(plan: Plan, intent: Extract<EditIntent, { kind: 'update-group' }>): Promise<EditResult> {
  const group = await plan.db.groups.get(intent.uuid)
  if (!group) return GONE
  let name: string | undefined
  if (intent.name !== undefined) {
    const parsed = Name.safeParse(intent.name)
    if (!parsed.success) return refuse({ name: parsed.error.issues.map((issue) => issue.message) })
    name = parsed.data
  }
  const local = await kindOf('update-group').checkLocally(
    plan.db,
    { uuid: intent.uuid, name },
    { opId: null, subjectUuid: intent.uuid },
  )
  if (local) return refuse(local)

  const create = pendingCreate(plan, 'create-group')
  if (create) {
    const body = CreateGroupBody.parse(create.payload)
    const next: CreateGroupBody = {
      ...body,
      ...(name !== undefined ? { name } : {}),
      ...(intent.business_unit !== undefined ? { business_unit: intent.business_unit } : {}),
    }
    return { ok: true, outcome: 'folded', opId: (await rewrite(plan, create, next)).id }
  }

  const target = lastMergeable(plan, 'update-group')
  const base: UpdateGroupOp = target
    ? (target.payload as UpdateGroupOp)
    : {
        uuid: intent.uuid,
        base_name: group.name,
        base_business_unit: group.businessUnit?.uuid ?? null,
        // A record whose create is still on its way has no server copy to date the edit by.
        base_updated_at: hasCreate(plan) ? null : group.updatedAt,
      }
  const payload: UpdateGroupOp = { ...base }
  if (name !== undefined) payload.name = name
  if (intent.business_unit !== undefined) payload.business_unit = intent.business_unit
  // Back to where it started: nothing left to send for that field.
  if (payload.name === payload.base_name) delete payload.name
  if (payload.business_unit !== undefined && payload.business_unit === payload.base_business_unit)
    delete payload.business_unit
  const empty = payload.name === undefined && payload.business_unit === undefined
  if (target) {
    if (empty) {
      await drop(plan, target)
      return { ok: true, outcome: 'nothing', opId: null }
    }
    return { ok: true, outcome: 'coalesced', opId: (await rewrite(plan, target, payload)).id }
  }
  if (empty) return { ok: true, outcome: 'nothing', opId: null }
  return { ok: true, outcome: 'queued', opId: (await add(plan, 'update-group', intent.uuid, payload)).id }
}

async function editMembers(
  plan: Plan,
  intent: Extract<EditIntent, { kind: 'add-participants' | 'remove-participants' }>,
): Promise<EditResult> {
  const group = await plan.db.groups.get(intent.uuid)
  if (!group) return GONE
  if (intent.participants.length === 0) return refuse({ participants: ['Choose at least one participant.'] })
  const adding = intent.kind === 'add-participants'

  const create = pendingCreate(plan, 'create-group')
  if (create) {
    const body = CreateGroupBody.parse(create.payload)
    const current = body.participants ?? []
    const participants = adding ? union(current, intent.participants) : minus(current, intent.participants)
    return { ok: true, outcome: 'folded', opId: (await rewrite(plan, create, { ...body, participants })).id }
  }

  // A participant in a queued change of the opposite direction cancels it: add X then remove X
  // leaves X as it was on Plannr, so nothing is sent for X.
  const opposite = intent.kind === 'add-participants' ? 'remove-participants' : 'add-participants'
  let remaining = [...intent.participants]
  let outcome: 'queued' | 'coalesced' | 'nothing' = 'nothing'
  let opId: string | null = null
  for (const op of plan.ops.filter((other) => other.kind === opposite && mergeable(other))) {
    const payload = op.payload as MembershipOp
    const cancelled = lowerSet(minus(payload.participants, minus(payload.participants, remaining)))
    if (cancelled.size === 0) continue
    remaining = remaining.filter((uuid) => !cancelled.has(uuid.toLowerCase()))
    const left = payload.participants.filter((uuid) => !cancelled.has(uuid.toLowerCase()))
    if (left.length === 0) await drop(plan, op)
    else await rewrite(plan, op, { ...payload, participants: left })
  }
  // Already in a queued change of the same direction: nothing more to do for them.
  const same = plan.ops.filter((other) => other.kind === intent.kind && mergeable(other))
  for (const op of same) remaining = minus(remaining, (op.payload as MembershipOp).participants)
  if (remaining.length === 0) return { ok: true, outcome, opId }

  const target = same.at(-1)
  if (target) {
    const payload = target.payload as MembershipOp
    opId = (
      await rewrite(plan, target, {
        ...payload,
        participants: [...payload.participants, ...remaining],
        group_name: group.name,
      })
    ).id
    outcome = 'coalesced'
  } else {
    const payload: MembershipOp = { uuid: intent.uuid, participants: remaining, group_name: group.name }
    opId = (await add(plan, intent.kind, intent.uuid, payload)).id
    outcome = 'queued'
  }
  return { ok: true, outcome, opId }
}

async function editCircle(plan: Plan, intent: Extract<EditIntent, { kind: 'update-circle' }>): Promise<EditResult> {
  const circle = await plan.db.circles.get(intent.uuid)
  if (!circle) return GONE
  const currentAccounts = circle.accounts.map((ref) => ref.uuid)
  const currentGroups = circle.groups.map((ref) => ref.uuid)
  const wanted = UpdateCircleBody.safeParse({
    name: intent.name ?? circle.name,
    account_uuids: intent.account_uuids ?? currentAccounts,
    group_uuids: intent.group_uuids ?? currentGroups,
    ...(intent.bg_colour !== undefined ? { bg_colour: intent.bg_colour } : {}),
  })
  if (!wanted.success) return refuse(zodFieldErrors(wanted.error))
  const body = wanted.data
  const accounts = body.account_uuids ?? currentAccounts
  const groups = body.group_uuids ?? currentGroups

  const create = pendingCreate(plan, 'create-circle')
  if (create) {
    const created = CreateCircleBody.parse(create.payload)
    const next: CreateCircleBody = {
      ...created,
      name: body.name,
      account_uuids: accounts,
      group_uuids: groups,
      ...(body.bg_colour !== undefined ? { bg_colour: body.bg_colour } : {}),
    }
    return { ok: true, outcome: 'folded', opId: (await rewrite(plan, create, next)).id }
  }

  // The user edits full sets; the op keeps the difference from what the cache showed, which
  // composes with queued differences and, at send time, with the server's set.
  const target = lastMergeable(plan, 'update-circle')
  const prior: UpdateCircleOp = target
    ? (target.payload as UpdateCircleOp)
    : {
        uuid: intent.uuid,
        add_accounts: [],
        remove_accounts: [],
        add_groups: [],
        remove_groups: [],
        base_name: circle.name,
        base_bg_colour: circle.bgColour,
        base_updated_at: hasCreate(plan) ? null : circle.updatedAt,
      }
  const accountDelta = composeDelta(
    { add: prior.add_accounts, remove: prior.remove_accounts },
    deltaBetween(currentAccounts, accounts),
  )
  const groupDelta = composeDelta(
    { add: prior.add_groups, remove: prior.remove_groups },
    deltaBetween(currentGroups, groups),
  )
  const payload: UpdateCircleOp = {
    ...prior,
    add_accounts: accountDelta.add,
    remove_accounts: accountDelta.remove,
    add_groups: groupDelta.add,
    remove_groups: groupDelta.remove,
  }
  if (body.name !== circle.name || prior.name !== undefined) payload.name = body.name
  if (body.bg_colour !== undefined) payload.bg_colour = body.bg_colour
  if (payload.name === payload.base_name) delete payload.name
  if (payload.bg_colour !== undefined && payload.bg_colour === payload.base_bg_colour) delete payload.bg_colour
  const empty = kindOf('update-circle').isNoop?.(payload) ?? false
  if (target) {
    if (empty) {
      await drop(plan, target)
      return { ok: true, outcome: 'nothing', opId: null }
    }
    return { ok: true, outcome: 'coalesced', opId: (await rewrite(plan, target, payload)).id }
  }
  if (empty) return { ok: true, outcome: 'nothing', opId: null }
  return { ok: true, outcome: 'queued', opId: (await add(plan, 'update-circle', intent.uuid, payload)).id }
}
