import { CreateCircleBody } from '../../../../shared/plannr/request-bodies'
import type { Circle } from '../../../../shared/plannr/models'
import type { CachedCircle } from '../../data/records'
import type { OperationKind } from '../types'
import { foldName, sameUuidSet } from '../uuids'
import { findAll } from './lookup'
import { groupRefs, participantRefs } from './local-refs'

export const createCircle: OperationKind<CreateCircleBody, Circle> = {
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
    await db.circles.put(record)
  },

  async revertLocally(db, op) {
    await db.circles.delete(op.subjectUuid)
  },

  send: (api, op) => api.circles.create({ opId: op.id, body: op.payload }),

  async reconcile(api, op) {
    // No unique field: the same name with the same accounts and groups is taken to be ours. The
    // newest such circle wins, so an older identical circle someone made on purpose is left alone
    // unless ours truly never arrived (then we adopt theirs rather than risk a duplicate).
    const wanted = foldName(op.payload.name)
    const found = await findAll(
      (page, perPage) => api.circles.list({ name: op.payload.name, sort: '-created_at', page, perPage }),
      (circle) =>
        foldName(circle.name) === wanted &&
        sameUuidSet(
          circle.accounts.map((ref) => ref.uuid),
          op.payload.account_uuids,
        ) &&
        sameUuidSet(
          circle.groups.map((ref) => ref.uuid),
          op.payload.group_uuids,
        ),
    )
    if (!found.ok) return found
    const newest = [...found.value].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]
    return { ok: true, value: newest ?? null }
  },

  resultUuid: (circle) => circle.uuid,

  async commit(db, op, circle) {
    await db.circles.delete(op.subjectUuid)
    await db.circles.put({ ...circle, pendingOpId: null })
  },
}
