import type { Group } from '../../../../shared/plannr/models'
import type { OperationKind } from '../types'
import { compareFields } from './conflicts'
import { UpdateGroupOp } from './edit-payloads'
import { businessUnitRef } from './local-refs'
import { refreshGroupMarker } from './pending-marker'
import { notFoundAsDeleted } from './deleted'
import { nameTaken } from './unique-name'

function checks(payload: UpdateGroupOp, server: Group) {
  return [
    { field: 'name', mine: payload.name, base: payload.base_name, theirs: server.name },
    {
      field: 'business_unit',
      mine: payload.business_unit,
      base: payload.base_business_unit,
      theirs: server.businessUnit?.uuid ?? null,
    },
  ]
}

/** Rename a group and/or change its business unit (PUT /group/{uuid}). */
export const updateGroup: OperationKind<UpdateGroupOp, Group> = {
  kind: 'update-group',
  schema: UpdateGroupOp,
  creates: false,
  subjectOf: (payload) => payload.uuid,
  describe: (payload) =>
    payload.name !== undefined && payload.name !== payload.base_name
      ? `group “${payload.base_name}” renamed to “${payload.name}”`
      : `business unit of group “${payload.name ?? payload.base_name}” changed`,
  dependencies: (payload) => (payload.business_unit ? [payload.business_unit] : []),

  async checkLocally(db, payload, self) {
    if (payload.name === undefined) return null
    const taken = await nameTaken(db, db.groups, 'create-group', payload.name, {
      opId: self.opId,
      subjectUuid: payload.uuid,
    })
    if (taken === 'cache') return { name: [`A group called “${payload.name}” already exists.`] }
    if (taken === 'outbox') return { name: [`A group called “${payload.name}” is already waiting to be created.`] }
    return null
  },

  async applyLocally(db, op) {
    const changes: { name?: string; businessUnit?: Awaited<ReturnType<typeof businessUnitRef>> } = {}
    if (op.payload.name !== undefined) changes.name = op.payload.name
    if (op.payload.business_unit !== undefined)
      changes.businessUnit = await businessUnitRef(db, op.payload.business_unit)
    await db.groups.update(op.payload.uuid, changes)
    await refreshGroupMarker(db, op.payload.uuid)
  },

  async revertLocally(db, op) {
    await db.groups.update(op.payload.uuid, {
      name: op.payload.base_name,
      businessUnit: await businessUnitRef(db, op.payload.base_business_unit),
    })
    await refreshGroupMarker(db, op.payload.uuid)
  },

  async prepare(api, op) {
    const read = notFoundAsDeleted(await api.groups.get({ uuid: op.payload.uuid }), 'group')
    if (!read.ok) return read
    const server = read.value
    const { conflicts, toSend } = compareFields(
      checks(op.payload, server),
      op.payload.base_updated_at,
      server.updatedAt,
    )
    if (conflicts.length > 0)
      return { ok: true, value: { action: 'conflict', conflicts, serverUpdatedAt: server.updatedAt } }
    // A rename that already took effect (an earlier attempt landed) is done: exactly once.
    if (toSend.length === 0) return { ok: true, value: { action: 'done', result: server } }
    return { ok: true, value: { action: 'send', server } }
  },

  send(api, op, server) {
    // PUT requires the name: a business-unit change sends the server's current name back unchanged.
    const name = op.payload.name ?? server?.name ?? op.payload.base_name
    const body = op.payload.business_unit !== undefined ? { name, business_unit: op.payload.business_unit } : { name }
    return api.groups.update({ opId: op.id, uuid: op.payload.uuid, body })
  },

  // prepare reads the server copy before every send, which is the lookup.
  reconcile: async () => ({ ok: true, value: null }),
  isNoop: (payload) => payload.name === undefined && payload.business_unit === undefined,
  resultUuid: (group) => group.uuid,

  async commit(db, op, group) {
    const cached = await db.groups.get(op.payload.uuid)
    await db.groups.put({
      ...group,
      participants: group.participants ?? cached?.participants ?? null,
      participantsCount: group.participantsCount ?? cached?.participantsCount ?? null,
      // The answer to a PUT carries no business unit; the one shown is the one Plannr accepted.
      businessUnit: group.businessUnit ?? cached?.businessUnit ?? null,
      pendingOpId: null,
      pendingMembers: cached?.pendingMembers ?? null,
      committedAt: new Date().toISOString(),
    })
  },
}
