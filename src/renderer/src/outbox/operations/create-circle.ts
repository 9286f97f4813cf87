import { CreateCircleBody } from '../../../../shared/plannr/request-bodies'
import type { Circle } from '../../../../shared/plannr/models'
import { deleteCircle, putCircle, renameCircleGroupRef, replaceCircle, type CachedCircle } from '../../data'
import type { OperationKind } from '../types'
import { sameUuidSet, withoutUuid } from '../uuids'
import { createdWithin, creationWindow, oldest, sameName } from './evidence'
import { findAll } from './lookup'
import { groupRefs, participantRefs } from './local-refs'

export const createCircle: OperationKind<CreateCircleBody, Circle, 'create-circle'> = {
  kind: 'create-circle',
  schema: CreateCircleBody,
  creates: true,
  subjectOf: () => null,
  describe: (payload) => `circle “${payload.name}”`,
  dependencies: (payload) => [...payload.group_uuids],

  // Circle names are not unique on Plannr (two families may share a surname).
  checkLocally: async () => null,

  async applyLocally(db, op) {
    const record: CachedCircle = {
      uuid: op.subjectUuid,
      name: op.payload.name,
      bgColour: op.payload.bg_colour ?? null,
      accounts: await participantRefs(db, op.payload.account_uuids),
      groups: await groupRefs(db, op.payload.group_uuids),
      jointAccountUuid: null,
      createdAt: op.createdAt,
      updatedAt: op.createdAt,
      pendingOpId: op.id,
    }
    await putCircle(db, record)
  },

  async revertLocally(db, op) {
    await deleteCircle(db, op.subjectUuid)
  },

  send: (api, op) => api.circles.create({ opId: op.id, body: op.payload }),

  async reconcile(api, op, context) {
    // No unique field: a circle is ours only with evidence, created while our sends could have
    // made it (after our first, before our latest could have stopped running on Plannr) with the
    // name, accounts, groups (and colour, when we chose one) we sent. Of several such, the oldest
    // is the one our request made. An identical circle made earlier, or long after, is somebody
    // else's.
    const sent = op.payload
    const found = await findAll(
      (page, perPage) => api.circles.list({ name: sent.name, sort: '-created_at', page, perPage }),
      (circle) =>
        sameName(circle.name, sent.name) &&
        sameUuidSet(
          circle.accounts.map((ref) => ref.uuid),
          sent.account_uuids,
        ) &&
        sameUuidSet(
          circle.groups.map((ref) => ref.uuid),
          sent.group_uuids,
        ) &&
        (sent.bg_colour === undefined || (circle.bgColour ?? '').toLowerCase() === sent.bg_colour.toLowerCase()),
    )
    if (!found.ok) return found
    const when = await creationWindow(api, op, context)
    return { ok: true, value: oldest(found.value.filter((circle) => createdWithin(circle.createdAt, when))) }
  },

  resultUuid: (circle) => circle.uuid,

  async commit(db, op, circle) {
    await replaceCircle(db, op.subjectUuid, { ...circle, pendingOpId: null })
  },

  rewriteReference: (db, op, from, to) => renameCircleGroupRef(db, op.subjectUuid, from, to),

  // A circle is still a circle without one of its groups: a discarded one is left out of it.
  leaveOut: {
    without: (payload, uuid) => ({ ...payload, group_uuids: withoutUuid(payload.group_uuids, uuid) }),
    from: 'this circle',
  },
}
