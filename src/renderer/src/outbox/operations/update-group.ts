import type { Group } from '../../../../shared/plannr/models'
import { CreateGroupBody, Name, UpdateGroupBody } from '../../../../shared/plannr/request-bodies'
import { renameGroupUnitRef, replaceGroup, updateGroupRow } from '../../data'
import { coalesceOrQueue, FORM_UNREADABLE, GONE, openedOrCached } from '../edit-plan'
import { refuse } from '../refusal'
import type { NameTaken, OperationKind, SelfRef } from '../types'
import { compareFields } from './conflicts'
import { groupFormFieldsAfter } from './group-answer'
import { GroupOpened, UpdateGroupOp, withoutUnchangedGroupFields } from './edit-payloads'
import { businessUnitRef } from './local-refs'
import { notFoundAsDeleted } from './deleted'
import { echoedValueProblem } from './echoed'

/**
 * What the group's details form asks for: a new name and/or business unit, and what the form
 * showed when it opened (`opened`); without it, the cache's values at save time stand in (an
 * edit made at once, with nothing to go stale).
 */
export interface UpdateGroupIntent {
  kind: 'update-group'
  uuid: string
  name?: string
  business_unit?: string | null
  opened?: GroupOpened
}

/** A new name another group (cached or queued) already has; null when free. */
async function renameProblem(
  nameTaken: NameTaken,
  name: string | undefined,
  self: SelfRef,
): Promise<Record<string, string[]> | null> {
  if (name === undefined) return null
  const taken = await nameTaken('group', name, self)
  if (taken === 'cache') return { name: [`A group called “${name}” already exists.`] }
  if (taken === 'outbox') return { name: [`A group called “${name}” is already waiting to be created.`] }
  return null
}

function checks(payload: UpdateGroupOp, server: Group) {
  return [
    { field: 'name', mine: payload.name, base: payload.base_name, theirs: server.name },
    {
      field: 'business_unit',
      mine: payload.business_unit,
      base: payload.base_business_unit,
      theirs: server.businessUnit?.uuid ?? null,
      theirsName: server.businessUnit?.name ?? null,
    },
  ]
}

/** Rename a group and/or change its business unit (PUT /group/{uuid}). */
export const updateGroup: OperationKind<UpdateGroupOp, Group, 'update-group', UpdateGroupIntent> = {
  kind: 'update-group',
  schema: UpdateGroupOp,
  creates: false,
  subjectOf: (payload) => payload.uuid,
  describe: (payload) =>
    payload.name !== undefined && payload.name !== payload.base_name
      ? `group “${payload.base_name}” renamed to “${payload.name}”`
      : `business unit of group “${payload.name ?? payload.base_name}” changed`,
  dependencies: (payload) => (payload.business_unit ? [payload.business_unit] : []),
  uniqueName: {
    scope: 'group',
    of: (payload) => payload.name,
    frees: (payload) =>
      payload.name !== undefined && payload.name !== payload.base_name ? payload.base_name : undefined,
  },

  checkLocally: (_db, payload, self, nameTaken) =>
    renameProblem(nameTaken, payload.name, { opId: self.opId, subjectUuid: payload.uuid }),

  async applyLocally(db, op) {
    const changes: { name?: string; businessUnit?: Awaited<ReturnType<typeof businessUnitRef>> } = {}
    if (op.payload.name !== undefined) changes.name = op.payload.name
    if (op.payload.business_unit !== undefined)
      changes.businessUnit = await businessUnitRef(db, op.payload.business_unit)
    await updateGroupRow(db, op.payload.uuid, changes)
  },

  async revertLocally(db, op) {
    await updateGroupRow(db, op.payload.uuid, {
      name: op.payload.base_name,
      businessUnit: await businessUnitRef(db, op.payload.base_business_unit),
    })
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

  async send(api, op, server) {
    // PUT requires the name: a business-unit change sends the server's current name back unchanged.
    const name = op.payload.name ?? server?.name ?? op.payload.base_name
    const body = op.payload.business_unit !== undefined ? { name, business_unit: op.payload.business_unit } : { name }
    const echoed = echoedValueProblem(UpdateGroupBody, body, op.payload.name === undefined ? ['name'] : [], 'group')
    if (echoed) return { ok: false, error: echoed }
    return api.groups.update({ opId: op.id, uuid: op.payload.uuid, body })
  },

  // prepare reads the server copy before every send, which is the lookup.
  reconcile: async () => ({ ok: true, value: null }),
  isNoop: (payload) => payload.name === undefined && payload.business_unit === undefined,
  resultUuid: (group) => group.uuid,

  async commit(db, op, group) {
    const cached = await db.groups.get(op.payload.uuid)
    // The answer to a PUT carries no business unit: a unit this change set is Plannr's now.
    const sentUnit =
      op.payload.business_unit !== undefined ? await businessUnitRef(db, op.payload.business_unit) : undefined
    await replaceGroup(
      db,
      op.payload.uuid,
      {
        ...group,
        // The answer is this group's (engine.ts checks), but its uuid may differ in letter case.
        uuid: op.payload.uuid,
        ...groupFormFieldsAfter(cached, group, sentUnit),
        participants: group.participants ?? cached?.participants ?? null,
        participantsCount: group.participantsCount ?? cached?.participantsCount ?? null,
        pendingOpId: null,
        pendingMembers: cached?.pendingMembers ?? null,
        committedAt: new Date().toISOString(),
      },
      cached,
    )
  },

  rewriteReference: (db, op, from, to) => renameGroupUnitRef(db, op.subjectUuid, from, to),

  edit: {
    async queue(plan, intent) {
      const group = await plan.db.groups.get(intent.uuid)
      if (!group) return GONE
      const cached: GroupOpened = {
        name: group.name,
        business_unit: group.businessUnit?.uuid ?? null,
        updated_at: plan.hasCreate ? null : group.updatedAt,
      }
      const start = openedOrCached(GroupOpened, intent.opened, cached)
      if (!start) return FORM_UNREADABLE

      // Only what differs from what the form showed is a change: a field left alone is not sent,
      // so a colleague's newer value for it (brought in by a sync) stays.
      let name: string | undefined
      if (intent.name !== undefined && intent.name !== start.name) {
        const parsed = Name.safeParse(intent.name)
        if (!parsed.success) return refuse({ name: parsed.error.issues.map((issue) => issue.message) })
        if (parsed.data !== start.name) name = parsed.data
      }
      const businessUnit =
        intent.business_unit !== undefined && intent.business_unit !== start.business_unit
          ? intent.business_unit
          : undefined
      const local = await renameProblem(plan.nameTaken, name, { opId: null, subjectUuid: intent.uuid })
      if (local) return refuse(local)

      // Fold into the group's pending create: one request instead of two.
      const create = plan.mergeable('create-group')[0]
      if (create) {
        const body = CreateGroupBody.parse(create.payload)
        const next: CreateGroupBody = {
          ...body,
          ...(name !== undefined ? { name } : {}),
          ...(businessUnit !== undefined ? { business_unit: businessUnit } : {}),
        }
        return { ok: true, outcome: 'folded', opId: (await plan.rewrite(create, next)).id }
      }

      // Coalesce with a queued rename: the first one's base is kept.
      const target = plan.mergeable('update-group').at(-1)
      const base: UpdateGroupOp = target
        ? target.payload
        : {
            uuid: intent.uuid,
            // A changed field is based on what the user saw, so Plannr's change to it since is a
            // conflict; one left alone on the cache's value, which is what discarding puts back.
            base_name: name !== undefined ? start.name : group.name,
            base_business_unit: businessUnit !== undefined ? start.business_unit : cached.business_unit,
            // A record whose create is still on its way has no server copy to date the edit by.
            base_updated_at: plan.hasCreate ? null : start.updated_at,
          }
      // Back to where it started: nothing left to send for that field.
      const payload = withoutUnchangedGroupFields({
        ...base,
        ...(name !== undefined ? { name } : {}),
        ...(businessUnit !== undefined ? { business_unit: businessUnit } : {}),
      })
      const empty = payload.name === undefined && payload.business_unit === undefined
      return coalesceOrQueue(plan, 'update-group', target, payload, empty)
    },
  },
}
