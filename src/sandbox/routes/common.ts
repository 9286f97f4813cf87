import type { BusinessUnitRecord, CircleRecord, GroupRecord } from '../data/model'
import type { SandboxStore } from '../store'
import { HttpError, type AuthInfo, type RequestContext } from '../http/types'
import { addError, type FieldErrors } from '../http/validation'

export interface RouteDeps {
  store: SandboxStore
}

/** The authenticated caller; routes registered with an auth mode always have one. */
export function caller(context: RequestContext): AuthInfo {
  if (!context.auth) throw new HttpError(401, { message: 'Unauthenticated.' })
  return context.auth
}

/** Laravel's route-model-binding miss (non-debug): names the model class and the key. */
function modelNotFound(model: 'Group' | 'Circle' | 'BusinessUnit' | 'Account', uuid: string): HttpError {
  return new HttpError(404, { message: `No query results for model [App\\Models\\${model}] ${uuid}` })
}

/** Records of another firm are as invisible as missing ones. */
export function findGroup(store: SandboxStore, auth: AuthInfo, uuid: string): GroupRecord {
  const group = store.group(uuid)
  if (!group || group.firm !== auth.firm) throw modelNotFound('Group', uuid)
  return group
}
export function findCircle(store: SandboxStore, auth: AuthInfo, uuid: string): CircleRecord {
  const circle = store.circle(uuid)
  if (!circle || circle.firm !== auth.firm) throw modelNotFound('Circle', uuid)
  return circle
}
export function findBusinessUnit(store: SandboxStore, auth: AuthInfo, uuid: string): BusinessUnitRecord {
  const unit = store.businessUnit(uuid)
  if (!unit || unit.firm !== auth.firm) throw modelNotFound('BusinessUnit', uuid)
  return unit
}

/** Laravel `exists` rule over a list of uuids: one error per unknown entry (`participants.3`). */
export function checkAccountsExist(
  store: SandboxStore,
  auth: AuthInfo,
  field: string,
  uuids: readonly string[],
  errors: FieldErrors,
): void {
  uuids.forEach((uuid, index) => {
    const account = store.account(uuid)
    if (!account || account.firm !== auth.firm)
      addError(errors, `${field}.${index}`, `The selected ${field}.${index} is invalid.`)
  })
}

/** Laravel `exists` rule for an optional business unit of the caller's firm. */
export function checkBusinessUnitExists(
  store: SandboxStore,
  auth: AuthInfo,
  uuid: string | null | undefined,
  errors: FieldErrors,
): void {
  if (!uuid) return
  const unit = store.businessUnit(uuid)
  if (!unit || unit.firm !== auth.firm) addError(errors, 'business_unit', 'The selected business unit is invalid.')
}

export function checkGroupsExist(
  store: SandboxStore,
  auth: AuthInfo,
  field: string,
  uuids: readonly string[],
  errors: FieldErrors,
): void {
  uuids.forEach((uuid, index) => {
    const group = store.group(uuid)
    if (!group || group.firm !== auth.firm)
      addError(errors, `${field}.${index}`, `The selected ${field}.${index} is invalid.`)
  })
}
