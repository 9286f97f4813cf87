import { CreateBusinessUnitBody } from '../../../../shared/plannr/request-bodies'
import type { BusinessUnit } from '../../../../shared/plannr/models'
import { deleteBusinessUnit, putBusinessUnit, replaceBusinessUnit, type CachedBusinessUnit } from '../../data'
import type { OperationKind } from '../types'
import { createdWithin, creationWindow, oldest, sameName } from './evidence'
import { findAll } from './lookup'

export const createBusinessUnit: OperationKind<CreateBusinessUnitBody, BusinessUnit, 'create-business-unit'> = {
  kind: 'create-business-unit',
  schema: CreateBusinessUnitBody,
  creates: true,
  subjectOf: () => null,
  describe: (payload) => `business unit “${payload.name}”`,
  dependencies: () => [],

  // The API does not say business-unit names are unique (docs/plannr-api.md, "Open questions"),
  // but the lookup after
  // an unknown outcome finds ours by name, so two queued units may not share one.
  uniqueName: { scope: 'business-unit', of: (payload) => payload.name },

  async checkLocally(_db, payload, self, nameTaken) {
    const taken = await nameTaken('business-unit', payload.name, self)
    if (taken === 'cache') return { name: [`A business unit called “${payload.name}” already exists.`] }
    if (taken === 'outbox')
      return { name: [`A business unit called “${payload.name}” is already waiting to be created.`] }
    return null
  },

  async applyLocally(db, op) {
    const record: CachedBusinessUnit = {
      uuid: op.subjectUuid,
      name: op.payload.name,
      hasAlternativeBranding: false,
      membersCount: 0,
      groupsCount: 0,
      createdAt: op.createdAt,
      updatedAt: op.createdAt,
      pendingOpId: op.id,
    }
    await putBusinessUnit(db, record)
  },

  async revertLocally(db, op) {
    await deleteBusinessUnit(db, op.subjectUuid)
  },

  send: (api, op) => api.businessUnits.create({ opId: op.id, body: op.payload }),

  async reconcile(api, op, context) {
    // Ours only with evidence: the name we sent, created while our sends could have made it (the oldest such).
    const found = await findAll(
      (page, perPage) => api.businessUnits.list({ name: op.payload.name, sort: '-created_at', page, perPage }),
      (unit) => sameName(unit.name, op.payload.name),
    )
    if (!found.ok) return found
    const when = await creationWindow(api, op, context)
    return { ok: true, value: oldest(found.value.filter((unit) => createdWithin(unit.createdAt, when))) }
  },

  resultUuid: (unit) => unit.uuid,

  async commit(db, op, unit) {
    await replaceBusinessUnit(db, op.subjectUuid, { ...unit, pendingOpId: null })
  },
}
