import type { BusinessUnitRecord, CircleRecord, LoginRecord, UserRecord } from '../data/model'
import { formatTimestamp } from '../data/dates'
import type { SandboxStore } from '../store'
import { renderAccountStub, renderParticipant } from './account'
import { renderFirm } from './firm'
import { renderNestedGroup } from './group'
import { avatarUrl, deriveUuid } from './shared'

/** A circle as POST/PUT/GET /circles return it (newer capture, test/fixtures/plannr-seeds/circle-create.201.json). */
export function renderCircle(
  store: SandboxStore,
  circle: CircleRecord,
  include: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    uuid: circle.uuid,
    created_at: formatTimestamp(circle.createdAt),
    updated_at: formatTimestamp(circle.updatedAt),
    name: circle.name,
    photo_url: avatarUrl(circle.name),
    bg_colour: circle.bgColour,
    accounts: circle.accounts.flatMap((uuid) => {
      const account = store.account(uuid)
      return account ? [renderAccountStub(account, { agreements: true })] : []
    }),
    groups: circle.groups.flatMap((uuid) => {
      const group = store.group(uuid)
      return group ? [renderNestedGroup(group)] : []
    }),
    joint_account_uuid: circle.jointAccountUuid,
    login_access_level: 'write',
    current_life_stage_uuid: null,
    external_references:
      circle.externalReference === null
        ? []
        : [
            {
              uuid: deriveUuid(circle.uuid, 3),
              created_at: formatTimestamp(circle.createdAt),
              updated_at: formatTimestamp(circle.createdAt),
              third_party: 'nucleus',
              reference: circle.externalReference,
            },
          ],
  }
  if (include.has('firm')) {
    const firm = store.firms[circle.firm]
    out.firm = firm ? renderFirm(firm, 'full') : null
  }
  return out
}

/**
 * A business unit (as in test/fixtures/plannr-seeds/business-unit-create.201.json): `brand_colours`
 * is `[]`, counts are integers, members are stubs.
 */
export function renderBusinessUnit(store: SandboxStore, unit: BusinessUnitRecord): Record<string, unknown> {
  const members = [...unit.members].flatMap((uuid) => {
    const account = store.account(uuid)
    return account ? [renderAccountStub(account, { agreements: false })] : []
  })
  const groups = store.groups(unit.firm).filter((group) => group.businessUnit === unit.uuid)
  const firm = store.firms[unit.firm]
  return {
    uuid: unit.uuid,
    name: unit.name,
    has_alternative_branding: unit.hasAlternativeBranding,
    brand_colours: [],
    members_count: members.length,
    members,
    groups_count: groups.length,
    groups: groups.map(renderNestedGroup),
    firm: firm ? renderFirm(firm, 'full') : null,
    created_at: formatTimestamp(unit.createdAt),
    updated_at: formatTimestamp(unit.updatedAt),
  }
}

/** One entry of GET /logins: the login's flags with its full `account` and `firm`. */
export function renderLogin(store: SandboxStore, user: UserRecord, login: LoginRecord): Record<string, unknown> | null {
  const account = store.account(login.accountUuid)
  if (!account) return null
  const firm = store.firms[account.firm]
  const senior = account.role === 'owner' || account.role === 'admin'
  return {
    uuid: login.uuid,
    created_at: formatTimestamp(login.createdAt),
    updated_at: formatTimestamp(login.createdAt),
    expires_at: null,
    has_write_permission: true,
    has_delete_permission: senior,
    primary: login.primary,
    receives_unread_notifications_email: true,
    wealth_enabled: true,
    goals_enabled: true,
    factfind_enabled: true,
    tasks_enabled: true,
    welcome_enabled: false,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    account: renderParticipant(store, account),
    firm: firm ? renderFirm(firm, 'full') : null,
  }
}
