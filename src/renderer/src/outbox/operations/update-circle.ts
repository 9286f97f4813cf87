import type { Circle } from '../../../../shared/plannr/models'
import type { UpdateCircleBody } from '../../../../shared/plannr/request-bodies'
import type { OperationKind } from '../types'
import { sameUuidSet } from '../uuids'
import { compareFields } from './conflicts'
import { notFoundAsDeleted } from './deleted'
import { UpdateCircleOp } from './edit-payloads'
import { applyDelta } from './set-delta'
import { groupRefs, participantRefs } from './local-refs'
import { refreshCircleMarker } from './pending-marker'

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

/** Change a circle's name, colour, accounts and groups (PUT /circles/{uuid}, a full replacement). */
export const updateCircle: OperationKind<UpdateCircleOp, Circle> = {
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
    await db.circles.put({
      ...circle,
      name: op.payload.name ?? circle.name,
      bgColour: op.payload.bg_colour ?? circle.bgColour,
      accounts: await participantRefs(db, accounts),
      groups: await groupRefs(db, groups),
    })
    await refreshCircleMarker(db, op.payload.uuid)
  },

  async revertLocally(db, op) {
    const circle = await db.circles.get(op.payload.uuid)
    if (!circle) return
    const accounts = applyDelta(uuidsOf(circle.accounts), op.payload.remove_accounts, op.payload.add_accounts)
    const groups = applyDelta(uuidsOf(circle.groups), op.payload.remove_groups, op.payload.add_groups)
    await db.circles.put({
      ...circle,
      name: op.payload.base_name,
      bgColour: op.payload.base_bg_colour,
      accounts: await participantRefs(db, accounts),
      groups: await groupRefs(db, groups),
    })
    await refreshCircleMarker(db, op.payload.uuid)
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
    return notFoundAsDeleted(
      await api.circles.update({ opId: op.id, uuid: op.payload.uuid, body: circleBody(op.payload, server) }),
      'circle',
    )
  },

  reconcile: async () => ({ ok: true, value: null }),
  isNoop: (payload) =>
    payload.name === undefined && payload.bg_colour === undefined && !accountsChange(payload) && !groupsChange(payload),
  resultUuid: (circle) => circle.uuid,

  async commit(db, _op, circle) {
    await db.circles.put({ ...circle, pendingOpId: null })
  },
}
