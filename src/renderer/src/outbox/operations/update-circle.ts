import { zodFieldErrors } from '../../../../shared/ipc/errors'
import type { Circle } from '../../../../shared/plannr/models'
import { CreateCircleBody, UpdateCircleBody } from '../../../../shared/plannr/request-bodies'
import { renameCircleGroupRef, replaceCircle } from '../../data'
import { coalesceOrQueue, FORM_UNREADABLE, GONE, openedOrCached, type EditHook } from '../edit-plan'
import { refuse } from '../refusal'
import type { OperationKind } from '../types'
import { sameUuidSet, withoutUuid } from '../uuids'
import { compareFields } from './conflicts'
import { notFoundAsDeleted } from './deleted'
import { echoedValueProblem } from './echoed'
import { CircleOpened, UpdateCircleOp } from './edit-payloads'
import { applyDelta, composeDelta, deltaBetween } from './set-delta'
import { groupRefs, participantRefs } from './local-refs'

const uuidsOf = (refs: readonly { uuid: string }[]): string[] => refs.map((ref) => ref.uuid)

function accountsChange(payload: UpdateCircleOp): boolean {
  return payload.add_accounts.length + payload.remove_accounts.length > 0
}

function groupsChange(payload: UpdateCircleOp): boolean {
  return payload.add_groups.length + payload.remove_groups.length > 0
}

/** The PUT body: name/colour as the user set them, accounts and groups as `server ∪ added − removed`. */
function circleBody(payload: UpdateCircleOp, server: Circle): UpdateCircleBody {
  return {
    name: payload.name ?? server.name,
    ...(accountsChange(payload)
      ? { account_uuids: applyDelta(uuidsOf(server.accounts), payload.add_accounts, payload.remove_accounts) }
      : {}),
    ...(groupsChange(payload)
      ? { group_uuids: applyDelta(uuidsOf(server.groups), payload.add_groups, payload.remove_groups) }
      : {}),
    ...(payload.bg_colour !== undefined ? { bg_colour: payload.bg_colour } : {}),
  }
}

/**
 * What the circle form asks for: full sets, and what the form showed when it opened (`opened`);
 * without it, the cache's values at save time stand in (an edit made at once).
 */
export interface UpdateCircleIntent {
  kind: 'update-circle'
  uuid: string
  name?: string
  bg_colour?: string
  account_uuids?: string[]
  group_uuids?: string[]
  opened?: CircleOpened
}

const isNoop = (payload: UpdateCircleOp): boolean =>
  payload.name === undefined && payload.bg_colour === undefined && !accountsChange(payload) && !groupsChange(payload)

/**
 * Folds into the circle's pending create, or composes with a queued edit of it, or queues. The
 * user edits full sets; the op keeps the difference from what the form showed when it opened,
 * which composes with queued differences and, at send time, with the server's set: an account a
 * colleague added while the form was open (brought in by a sync) is not taken for one the user
 * removed. Likewise a name or colour is a change only when it differs from what the form showed.
 */
const editCircle: EditHook<UpdateCircleIntent> = {
  async queue(plan, intent) {
    const circle = await plan.db.circles.get(intent.uuid)
    if (!circle) return GONE
    const cached: CircleOpened = {
      name: circle.name,
      bg_colour: circle.bgColour,
      account_uuids: uuidsOf(circle.accounts),
      group_uuids: uuidsOf(circle.groups),
      updated_at: plan.hasCreate ? null : circle.updatedAt,
    }
    const start = openedOrCached(CircleOpened, intent.opened, cached)
    if (!start) return FORM_UNREADABLE
    // Only what differs from what the form showed is checked: a value left alone is Plannr's own
    // (more accounts than the documented 100, a colour in another format), which the edit does
    // not send or change, so the app's reading of Plannr's rules must not refuse the edit for it.
    const wanted = UpdateCircleBody.partial().safeParse({
      ...(intent.name !== undefined && intent.name !== start.name ? { name: intent.name } : {}),
      ...(intent.account_uuids && !sameUuidSet(intent.account_uuids, start.account_uuids)
        ? { account_uuids: intent.account_uuids }
        : {}),
      ...(intent.group_uuids && !sameUuidSet(intent.group_uuids, start.group_uuids)
        ? { group_uuids: intent.group_uuids }
        : {}),
      ...(intent.bg_colour !== undefined && intent.bg_colour !== start.bg_colour
        ? { bg_colour: intent.bg_colour }
        : {}),
    })
    if (!wanted.success) return refuse(zodFieldErrors(wanted.error))
    const body = wanted.data
    const accounts = deltaBetween(start.account_uuids, body.account_uuids ?? start.account_uuids)
    const groups = deltaBetween(start.group_uuids, body.group_uuids ?? start.group_uuids)
    const name = body.name !== undefined && body.name !== start.name ? body.name : undefined
    const colour = body.bg_colour !== undefined && body.bg_colour !== start.bg_colour ? body.bg_colour : undefined

    const create = plan.mergeable('create-circle')[0]
    if (create) {
      const created = CreateCircleBody.parse(create.payload)
      const next: CreateCircleBody = {
        ...created,
        ...(name !== undefined ? { name } : {}),
        account_uuids: applyDelta(created.account_uuids, accounts.add, accounts.remove),
        group_uuids: applyDelta(created.group_uuids ?? [], groups.add, groups.remove),
        ...(colour !== undefined ? { bg_colour: colour } : {}),
      }
      return { ok: true, outcome: 'folded', opId: (await plan.rewrite(create, next)).id }
    }

    const target = plan.mergeable('update-circle').at(-1)
    const prior: UpdateCircleOp = target
      ? target.payload
      : {
          uuid: intent.uuid,
          add_accounts: [],
          remove_accounts: [],
          add_groups: [],
          remove_groups: [],
          // A changed field is based on what the user saw, so Plannr's change to it since is a
          // conflict; one left alone on the cache's value, which is what discarding puts back.
          base_name: name !== undefined ? start.name : cached.name,
          base_bg_colour: colour !== undefined ? start.bg_colour : cached.bg_colour,
          base_updated_at: plan.hasCreate ? null : start.updated_at,
        }
    const accountDelta = composeDelta({ add: prior.add_accounts, remove: prior.remove_accounts }, accounts)
    const groupDelta = composeDelta({ add: prior.add_groups, remove: prior.remove_groups }, groups)
    const payload: UpdateCircleOp = {
      ...prior,
      add_accounts: accountDelta.add,
      remove_accounts: accountDelta.remove,
      add_groups: groupDelta.add,
      remove_groups: groupDelta.remove,
    }
    if (name !== undefined) payload.name = name
    if (colour !== undefined) payload.bg_colour = colour
    if (payload.name === payload.base_name) delete payload.name
    if (payload.bg_colour !== undefined && payload.bg_colour === payload.base_bg_colour) delete payload.bg_colour
    const empty = isNoop(payload)
    return coalesceOrQueue(plan, 'update-circle', target, payload, empty)
  },
}

/** Change a circle's name, colour, accounts and groups (PUT /circles/{uuid}, a full replacement). */
export const updateCircle: OperationKind<UpdateCircleOp, Circle, 'update-circle', UpdateCircleIntent> = {
  kind: 'update-circle',
  schema: UpdateCircleOp,
  creates: false,
  subjectOf: (payload) => payload.uuid,
  describe: (payload) => `circle “${payload.name ?? payload.base_name}” changed`,
  // Groups it adds may be pending creates: wait for them.
  dependencies: (payload) => [...payload.add_groups],
  checkLocally: async () => null,

  async applyLocally(db, op) {
    const circle = await db.circles.get(op.payload.uuid)
    if (!circle) return
    const accounts = applyDelta(uuidsOf(circle.accounts), op.payload.add_accounts, op.payload.remove_accounts)
    const groups = applyDelta(uuidsOf(circle.groups), op.payload.add_groups, op.payload.remove_groups)
    await replaceCircle(db, circle.uuid, {
      ...circle,
      name: op.payload.name ?? circle.name,
      bgColour: op.payload.bg_colour ?? circle.bgColour,
      accounts: await participantRefs(db, accounts),
      groups: await groupRefs(db, groups),
    })
  },

  async revertLocally(db, op) {
    const circle = await db.circles.get(op.payload.uuid)
    if (!circle) return
    const accounts = applyDelta(uuidsOf(circle.accounts), op.payload.remove_accounts, op.payload.add_accounts)
    const groups = applyDelta(uuidsOf(circle.groups), op.payload.remove_groups, op.payload.add_groups)
    await replaceCircle(db, circle.uuid, {
      ...circle,
      name: op.payload.base_name,
      bgColour: op.payload.base_bg_colour,
      accounts: await participantRefs(db, accounts),
      groups: await groupRefs(db, groups),
    })
  },

  async prepare(api, op) {
    const read = notFoundAsDeleted(await api.circles.get({ uuid: op.payload.uuid }), 'circle')
    if (!read.ok) return read
    const server = read.value
    const { conflicts, toSend } = compareFields(
      [
        { field: 'name', mine: op.payload.name, base: op.payload.base_name, theirs: server.name },
        { field: 'bg_colour', mine: op.payload.bg_colour, base: op.payload.base_bg_colour, theirs: server.bgColour },
      ],
      op.payload.base_updated_at,
      server.updatedAt,
    )
    if (conflicts.length > 0)
      return { ok: true, value: { action: 'conflict', conflicts, serverUpdatedAt: server.updatedAt } }
    // Sets compose as differences, never conflict; they are done when the server already has them.
    const body = circleBody(op.payload, server)
    const setsDone =
      (body.account_uuids === undefined || sameUuidSet(body.account_uuids, uuidsOf(server.accounts))) &&
      (body.group_uuids === undefined || sameUuidSet(body.group_uuids, uuidsOf(server.groups)))
    if (toSend.length === 0 && setsDone) return { ok: true, value: { action: 'done', result: server } }
    return { ok: true, value: { action: 'send', server } }
  },

  async send(api, op, server) {
    if (!server)
      return { ok: false, error: { kind: 'internal', message: 'update-circle sent without reading the circle first.' } }
    const body = circleBody(op.payload, server)
    // The name unless the user changed it, and a sent set's members other than those the user added.
    const echoed = [...(op.payload.name === undefined ? ['name'] : []), 'account_uuids', 'group_uuids']
    const problem = echoedValueProblem(UpdateCircleBody, body, echoed, 'circle')
    if (problem) return { ok: false, error: problem }
    return notFoundAsDeleted(await api.circles.update({ opId: op.id, uuid: op.payload.uuid, body }), 'circle')
  },

  reconcile: async () => ({ ok: true, value: null }),
  isNoop,
  resultUuid: (circle) => circle.uuid,

  async commit(db, op, circle) {
    // The answer is this circle's (engine.ts checks), but its uuid may differ in letter case.
    await replaceCircle(db, op.payload.uuid, { ...circle, uuid: op.payload.uuid, pendingOpId: null })
  },

  rewriteReference: (db, op, from, to) => renameCircleGroupRef(db, op.subjectUuid, from, to),
  // The rest of the change still stands without a group that will never exist: it is left out.
  leaveOut: {
    without: (payload, uuid) => ({
      ...payload,
      add_groups: withoutUuid(payload.add_groups, uuid),
      remove_groups: withoutUuid(payload.remove_groups, uuid),
    }),
    from: 'this circle',
  },
  edit: editCircle,
}
