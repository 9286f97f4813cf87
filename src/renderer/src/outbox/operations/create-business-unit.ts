import { CreateBusinessUnitBody } from '../../../../shared/plannr/request-bodies'
import type { BusinessUnit } from '../../../../shared/plannr/models'
import type { CachedBusinessUnit } from '../../data/records'
import type { OperationKind } from '../types'
import { foldName } from '../uuids'
import { findAll } from './lookup'
import { nameTaken } from './unique-name'

export const createBusinessUnit: OperationKind<CreateBusinessUnitBody, BusinessUnit> = {
  kind: 'create-business-unit',
  schema: CreateBusinessUnitBody,
  creates: true,
  subjectOf: () => null,
  describe: (payload) => `business unit “${payload.name}”`,
  dependencies: () => [],

  // The API does not say business-unit names are unique (REFERENCE §15.3), but the lookup after
  // an unknown outcome finds ours by name, so two queued units may not share one.
  async checkLocally(db, payload, self) {
    const taken = await nameTaken(db, db.businessUnits, 'create-business-unit', payload.name, self)
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
    await db.businessUnits.put(record)
  },

  async revertLocally(db, op) {
    await db.businessUnits.delete(op.subjectUuid)
  },

  send: (api, op) => api.businessUnits.create({ opId: op.id, body: op.payload }),

  async reconcile(api, op) {
    const wanted = foldName(op.payload.name)
    const found = await findAll(
      (page, perPage) => api.businessUnits.list({ name: op.payload.name, sort: '-created_at', page, perPage }),
      (unit) => foldName(unit.name) === wanted,
    )
    if (!found.ok) return found
    return { ok: true, value: found.value[0] ?? null }
  },

  resultUuid: (unit) => unit.uuid,

  async commit(db, op, unit) {
    await db.businessUnits.delete(op.subjectUuid)
    await db.businessUnits.put({ ...unit, pendingOpId: null })
  },
}
