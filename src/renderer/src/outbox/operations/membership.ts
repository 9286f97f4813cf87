import type { Group } from '../../../../shared/plannr/models'
import { CreateGroupBody, MAX_PARTICIPANTS_PER_REQUEST } from '../../../../shared/plannr/request-bodies'
import {
  addGroupMembers,
  dropParticipantsInNoGroup,
  noteMemberCommit,
  removeGroupMembers,
  replaceGroup,
} from '../../data'
import { GONE, type EditHook } from '../edit-plan'
import { refuse } from '../refusal'
import type { OperationKind } from '../types'
import { MembershipOp } from './edit-payloads'
import { notFoundAsDeleted } from './deleted'
import { groupFormFieldsAfter } from './group-answer'
import { lowerSet, minus, union } from './set-delta'

type MembershipKind = 'add-participants' | 'remove-participants'

/** What the screen asks for: these participants added to (or removed from) the group. */
export interface MembershipIntent<K extends MembershipKind = MembershipKind> {
  kind: K
  uuid: string
  participants: string[]
}

/**
 * Queues a membership change: folded into the group's pending create; else a participant in a
 * queued change of the opposite direction cancels it (add X then remove X leaves X as it was on
 * Plannr, so nothing is sent for X), one already in a queued change of the same direction needs
 * nothing more, and the rest joins the last such change while it has room, then new ones. One
 * request names at most MAX_PARTICIPANTS_PER_REQUEST participants, so a bigger change (a bulk
 * add of a very large group) is several changes, never one the contract would refuse.
 */
function membershipEdit<K extends MembershipKind>(kind: K): EditHook<MembershipIntent<K>> {
  const adding = kind === 'add-participants'
  const own: MembershipKind = kind
  const opposite: MembershipKind = adding ? 'remove-participants' : 'add-participants'
  return {
    async queue(plan, intent) {
      const group = await plan.db.groups.get(intent.uuid)
      if (!group) return GONE
      if (intent.participants.length === 0) return refuse({ participants: ['Choose at least one participant.'] })

      const create = plan.mergeable('create-group')[0]
      if (create) {
        const body = CreateGroupBody.parse(create.payload)
        const current = body.participants ?? []
        const participants = adding ? union(current, intent.participants) : minus(current, intent.participants)
        if (participants.length > MAX_PARTICIPANTS_PER_REQUEST) {
          // A create is one request: it cannot be split, and the group has no uuid for more yet.
          return refuse({
            participants: [
              `A new group can start with at most ${MAX_PARTICIPANTS_PER_REQUEST.toLocaleString('en-GB')} participants: add the others once it is on Plannr.`,
            ],
          })
        }
        return { ok: true, outcome: 'folded', opId: (await plan.rewrite(create, { ...body, participants })).id }
      }

      let remaining = [...intent.participants]
      let outcome: 'queued' | 'coalesced' | 'nothing' = 'nothing'
      let opId: string | null = null
      for (const op of plan.mergeable(opposite)) {
        const payload = op.payload
        const cancelled = lowerSet(minus(payload.participants, minus(payload.participants, remaining)))
        if (cancelled.size === 0) continue
        remaining = remaining.filter((uuid) => !cancelled.has(uuid.toLowerCase()))
        const left = payload.participants.filter((uuid) => !cancelled.has(uuid.toLowerCase()))
        if (left.length === 0) await plan.drop(op)
        else await plan.rewrite(op, { ...payload, participants: left })
      }
      const same = plan.mergeable(own)
      for (const op of same) remaining = minus(remaining, op.payload.participants)
      if (remaining.length === 0) return { ok: true, outcome, opId }

      const target = same.at(-1)
      const room = target ? MAX_PARTICIPANTS_PER_REQUEST - target.payload.participants.length : 0
      if (target && room > 0) {
        const payload = target.payload
        opId = (
          await plan.rewrite(target, {
            ...payload,
            participants: [...payload.participants, ...remaining.slice(0, room)],
            group_name: group.name,
          })
        ).id
        remaining = remaining.slice(room)
        outcome = 'coalesced'
      }
      for (let start = 0; start < remaining.length; start += MAX_PARTICIPANTS_PER_REQUEST) {
        const participants = remaining.slice(start, start + MAX_PARTICIPANTS_PER_REQUEST)
        const payload: MembershipOp = { uuid: intent.uuid, participants, group_name: group.name }
        opId = (await plan.add(own, payload)).id
        outcome = 'queued'
      }
      return { ok: true, outcome, opId }
    },
  }
}

/**
 * add-participants and remove-participants: deltas, idempotent on Plannr (re-adding a member or
 * removing an absent one changes nothing), so they compose with whatever changed on the server
 * meanwhile without asking, and a resend after an unknown outcome is harmless.
 */
function membershipKind<K extends MembershipKind>(kind: K): OperationKind<MembershipOp, Group, K, MembershipIntent<K>> {
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
      if (adding) await addGroupMembers(db, op.payload.uuid, op.payload.participants)
      else await removeGroupMembers(db, op.payload.uuid, op.payload.participants)
    },

    async revertLocally(db, op) {
      if (adding) await removeGroupMembers(db, op.payload.uuid, op.payload.participants)
      else await addGroupMembers(db, op.payload.uuid, op.payload.participants)
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
      // The answer's name is Plannr's current one (a queued rename is re-applied after commit).
      await replaceGroup(db, op.payload.uuid, {
        ...cached,
        ...groupFormFieldsAfter(cached, group),
        participantsCount: group.participantsCount ?? cached.participantsCount,
        committedAt: new Date().toISOString(),
      })
      // A sync that read this group's participants before now must not undo the change.
      const participants = op.payload.participants
      await noteMemberCommit(
        db,
        op.payload.uuid,
        adding ? { added: participants, removed: [] } : { added: [], removed: participants },
      )
      return adding ? undefined : dropParticipantsInNoGroup(db, op.payload.uuid, participants)
    },

    pendingMembers: (payload) =>
      adding ? { added: payload.participants, removed: [] } : { added: [], removed: payload.participants },
    membersShown: (payload) => (adding ? payload.participants : []),

    edit: membershipEdit(kind),
  }
}

export const addParticipants = membershipKind('add-participants')
export const removeParticipants = membershipKind('remove-participants')
