import { CreateGroupBody } from '../../../../shared/plannr/request-bodies'
import type { Group } from '../../../../shared/plannr/models'
import { groupCountKey, groupRange } from '../../data/counts'
import { toMembership } from '../../data/normalise'
import type { CachedGroup } from '../../data/records'
import type { OperationKind } from '../types'
import { foldName } from '../uuids'
import { findAll } from './lookup'
import { businessUnitRef, participantRefs } from './local-refs'
import { nameTaken } from './unique-name'

export const createGroup: OperationKind<CreateGroupBody, Group> = {
  kind: 'create-group',
  schema: CreateGroupBody,
  creates: true,
  subjectOf: () => null,
  describe: (payload) => `group “${payload.name}”`,
  dependencies: (payload) => (payload.business_unit ? [payload.business_unit] : []),

  async checkLocally(db, payload, self) {
    const taken = await nameTaken(db, db.groups, 'create-group', payload.name, self)
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
    await db.groups.put(record)
    // Members the cache knows appear in the group's participant list at once; the first sync of
    // the real group fills in any the cache did not have.
    const known = (await db.participants.bulkGet(participants)).filter((row) => row !== undefined)
    await db.memberships.bulkPut(known.map((participant) => toMembership(op.subjectUuid, participant, '')))
    await db.meta.delete(groupCountKey(op.subjectUuid))
  },

  async revertLocally(db, op) {
    await db.groups.delete(op.subjectUuid)
    const { lower, upper } = groupRange(op.subjectUuid, 1)
    await db.memberships.where('[groupUuid+participantUuid]').between(lower, upper, true, true).delete()
    await db.meta.delete(groupCountKey(op.subjectUuid))
  },

  send: (api, op) => api.groups.create({ opId: op.id, body: op.payload }),

  async reconcile(api, op) {
    const wanted = foldName(op.payload.name)
    const found = await findAll(
      (page, perPage) => api.groups.list({ name: op.payload.name, sort: 'name', page, perPage }),
      (group) => foldName(group.name) === wanted,
    )
    if (!found.ok) return found
    // Names are unique per firm, so at most one matches. Enqueue refused names the cache knew,
    // so a match is almost surely ours; if someone else took the name meanwhile, our create could
    // only fail with a 422, and the user sees their group instead (documented trade-off).
    return { ok: true, value: found.value[0] ?? null }
  },

  resultUuid: (group) => group.uuid,

  async commit(db, op, group) {
    const pending = await db.groups.get(op.subjectUuid)
    await db.groups.delete(op.subjectUuid)
    await db.groups.put({
      ...group,
      // The create answer may omit participants; keep what we showed until sync brings the truth.
      participants: group.participants ?? pending?.participants ?? null,
      participantsCount: group.participantsCount ?? pending?.participantsCount ?? null,
      // Plannr's answer to a create carries no business unit (only lists include it), yet it
      // accepted the one we sent: keep showing it rather than "—" until the next sync.
      businessUnit: group.businessUnit ?? pending?.businessUnit ?? null,
      pendingOpId: null,
      committedAt: new Date().toISOString(),
    })
  },
}
