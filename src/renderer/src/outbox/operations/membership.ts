import type { Group } from '../../../../shared/plannr/models'
import { groupCountKey, noteMemberCommit, type PlannrDb, toMembership } from '../../data'
import type { OperationKind } from '../types'
import { MembershipOp } from './edit-payloads'
import { notFoundAsDeleted } from './deleted'
import { refreshGroupMarker } from './pending-marker'

async function addMembers(db: PlannrDb, groupUuid: string, uuids: readonly string[]): Promise<void> {
  const rows = (await db.participants.bulkGet([...uuids])).filter((row) => row !== undefined)
  // pass '' : no full pass has seen these yet; the next one confirms them.
  await db.memberships.bulkPut(rows.map((participant) => toMembership(groupUuid, participant, '')))
  await db.meta.delete(groupCountKey(groupUuid))
}

async function removeMembers(db: PlannrDb, groupUuid: string, uuids: readonly string[]): Promise<void> {
  await db.memberships.bulkDelete(uuids.map((uuid): [string, string] => [groupUuid, uuid]))
  await db.meta.delete(groupCountKey(groupUuid))
}

/**
 * add-participants and remove-participants: deltas, idempotent on Plannr (re-adding a member or
 * removing an absent one changes nothing), so they compose with whatever changed on the server
 * meanwhile without asking, and a resend after an unknown outcome is harmless.
 */
function membershipKind(kind: 'add-participants' | 'remove-participants'): OperationKind<MembershipOp, Group> {
  const adding = kind === 'add-participants'
  return {
    kind,
    schema: MembershipOp,
    creates: false,
    subjectOf: (payload) => payload.uuid,
    describe: (payload) => {
      const who = payload.participants.length === 1 ? '1 person' : `${payload.participants.length} people`
      const group = payload.group_name ? `group “${payload.group_name}”` : 'a group'
      return adding ? `${who} added to ${group}` : `${who} removed from ${group}`
    },
    dependencies: () => [],
    checkLocally: async () => null,

    async applyLocally(db, op) {
      if (adding) await addMembers(db, op.payload.uuid, op.payload.participants)
      else await removeMembers(db, op.payload.uuid, op.payload.participants)
      await refreshGroupMarker(db, op.payload.uuid)
    },

    async revertLocally(db, op) {
      if (adding) await removeMembers(db, op.payload.uuid, op.payload.participants)
      else await addMembers(db, op.payload.uuid, op.payload.participants)
      await refreshGroupMarker(db, op.payload.uuid)
    },

    async send(api, op) {
      const input = { opId: op.id, uuid: op.payload.uuid, body: { participants: op.payload.participants } }
      const result = adding ? await api.groups.addParticipants(input) : await api.groups.removeParticipants(input)
      return notFoundAsDeleted(result, 'group')
    },

    // Idempotent: after an unknown outcome, sending again is the lookup.
    reconcile: async () => ({ ok: true, value: null }),
    isNoop: (payload) => payload.participants.length === 0,
    resultUuid: (group) => group.uuid,

    async commit(db, op, group) {
      const cached = await db.groups.get(op.payload.uuid)
      if (!cached) return
      // Keep the name etc. the cache shows (a queued rename is re-applied after commit anyway).
      await db.groups.put({
        ...cached,
        participantsCount: group.participantsCount ?? cached.participantsCount,
        updatedAt: group.updatedAt,
        committedAt: new Date().toISOString(),
      })
      // A sync that read this group's participants before now must not undo the change.
      const participants = op.payload.participants
      await noteMemberCommit(
        db,
        op.payload.uuid,
        adding ? { added: participants, removed: [] } : { added: [], removed: participants },
      )
    },
  }
}

export const addParticipants = membershipKind('add-participants')
export const removeParticipants = membershipKind('remove-participants')
