import { CreateGroupBody } from '../../../../shared/plannr/request-bodies'
import type { Group } from '../../../../shared/plannr/models'
import { type CachedGroup, deleteGroup, putNewGroup, renameGroupUnitRef, replaceGroup } from '../../data'
import type { OperationKind } from '../types'
import { sameUuidSet } from '../uuids'
import { createdWithin, creationWindow, groupMemberUuids, sameName, sameUuid } from './evidence'
import { findAll } from './lookup'
import { businessUnitRef, participantRefs } from './local-refs'

export const createGroup: OperationKind<CreateGroupBody, Group, 'create-group'> = {
  kind: 'create-group',
  schema: CreateGroupBody,
  creates: true,
  subjectOf: () => null,
  describe: (payload) => `group “${payload.name}”`,
  dependencies: (payload) => (payload.business_unit ? [payload.business_unit] : []),

  uniqueName: { scope: 'group', of: (payload) => payload.name },

  async checkLocally(_db, payload, self, nameTaken) {
    const taken = await nameTaken('group', payload.name, self)
    if (taken === 'cache') return { name: [`A group called “${payload.name}” already exists.`] }
    if (taken === 'outbox') return { name: [`A group called “${payload.name}” is already waiting to be created.`] }
    return null
  },

  async applyLocally(db, op) {
    const participants = op.payload.participants ?? []
    const refs = await participantRefs(db, participants)
    const record: CachedGroup = {
      uuid: op.subjectUuid,
      name: op.payload.name,
      slug: null,
      participantsCount: participants.length,
      participants: refs,
      businessUnit: await businessUnitRef(db, op.payload.business_unit),
      createdAt: op.createdAt,
      updatedAt: op.createdAt,
      pendingOpId: op.id,
    }
    // Members the cache knows appear in the group's participant list at once; the first sync of
    // the real group fills in any the cache did not have.
    await putNewGroup(db, record, participants)
  },

  async revertLocally(db, op) {
    await deleteGroup(db, op.subjectUuid)
  },
  membersShown: (payload) => payload.participants ?? [],

  send: (api, op) => api.groups.create({ opId: op.id, body: op.payload }),

  async reconcile(api, op, context) {
    const sent = op.payload
    const found = await findAll(
      (page, perPage) => api.groups.list({ name: sent.name, sort: 'name', page, perPage }),
      (group) => sameName(group.name, sent.name),
    )
    if (!found.ok) return found
    // Names are unique per firm, so at most one matches; it is ours only with evidence (created
    // while our sends could have made it, same business unit, same participants). A group somebody
    // else made under this name is not found: the resend gets Plannr's "already taken" and the
    // user decides.
    const when = await creationWindow(api, op, context)
    for (const group of found.value) {
      if (!createdWithin(group.createdAt, when)) continue
      if (!sameUuid(group.businessUnit?.uuid, sent.business_unit)) continue
      const members = await groupMemberUuids(api, group.uuid)
      if (!members.ok) return members
      if (sameUuidSet(members.value, sent.participants ?? [])) return { ok: true, value: group }
    }
    return { ok: true, value: null }
  },

  resultUuid: (group) => group.uuid,

  async commit(db, op, group) {
    const pending = await db.groups.get(op.subjectUuid)
    // Under Plannr's uuid from now on, with the memberships shown meanwhile.
    await replaceGroup(
      db,
      op.subjectUuid,
      {
        ...group,
        // The create answer may omit participants; keep what we showed until sync brings the truth.
        participants: group.participants ?? pending?.participants ?? null,
        participantsCount: group.participantsCount ?? pending?.participantsCount ?? null,
        // Plannr's answer to a create carries no business unit (only lists include it), yet it
        // accepted the one we sent: keep showing it rather than "—" until the next sync.
        businessUnit: group.businessUnit ?? pending?.businessUnit ?? null,
        pendingOpId: null,
        committedAt: new Date().toISOString(),
      },
      pending,
    )
  },

  rewriteReference: (db, op, from, to) => renameGroupUnitRef(db, op.subjectUuid, from, to),
}
