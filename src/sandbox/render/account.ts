import type { AccountRecord, CircleRecord, TagRecord } from '../data/model'
import { nullableDateOnly, nullableSqlDateTime } from '../data/dates'
import type { SandboxStore } from '../store'
import { renderFirm } from './firm'
import {
  R,
  avatarUrl,
  deriveUuid,
  memoRender,
  nullableTimestampMemo as nullableTimestamp,
  timestamp as formatTimestamp,
} from './shared'
import { renderNestedGroupMemo } from './group'

/**
 * Accounts appear in four renderings, each matching a documented example (copied in
 * test/fixtures/plannr-seeds/):
 * - `renderParticipant`: the full account of GET /group/{uuid}/participants
 *   (group-participants.200.json): firm embedded, tags / groups / circles / custom fields /
 *   contact details / assignees expanded;
 * - `renderNestedAccount`: an account inside that one (owners, assignees, introducer), whose own
 *   relations are resource-class strings (group-participants.200.json);
 * - `renderAccountStub`: an account inside a circle (circle-create.201.json, with the agreement
 *   dates) or a business unit (business-unit-create.201.json, without) — every relation a class
 *   string;
 * - `renderCompactAccount`: a group's included participants (docs/plannr-api.md, "Resource
 *   shapes", Group).
 */

export function displayName(account: AccountRecord): string {
  return `${account.firstName} ${account.lastName}`.trim()
}

function scalars(account: AccountRecord) {
  const name = displayName(account)
  return {
    uuid: account.uuid,
    created_at: formatTimestamp(account.createdAt),
    updated_at: formatTimestamp(account.updatedAt),
    type: account.type,
    role: account.role,
    first_name: account.firstName,
    last_name: account.lastName,
    name,
    email: account.email,
    photo_url: avatarUrl(name),
  }
}

function dates(account: AccountRecord) {
  return {
    first_contact_date: nullableTimestamp(account.firstContactAt),
    next_review_date: nullableTimestamp(account.nextReviewAt),
    previous_review_date: nullableTimestamp(account.previousReviewAt),
    anniversary_review_date: nullableTimestamp(account.anniversaryReviewAt),
  }
}

function flags(account: AccountRecord) {
  return {
    with_login: account.withLogin,
    has_joint_account: account.jointCircle !== null,
    // A string in every documented example; an account with a login cannot be deleted.
    can_be_deleted: account.withLogin ? 'false' : 'true',
  }
}

export function renderCompactAccount(account: AccountRecord): Record<string, unknown> {
  return {
    uuid: account.uuid,
    role: account.role,
    first_name: account.firstName,
    last_name: account.lastName,
    name: displayName(account),
    email: account.email,
  }
}

/** renderNestedAccount, reused while the fields it shows are unchanged (see memoRender). */
const nestedAccount = memoRender<AccountRecord>(
  (a) => [
    a.uuid,
    a.createdAt,
    a.updatedAt,
    a.type,
    a.role,
    a.firstName,
    a.lastName,
    a.email,
    a.firstContactAt,
    a.nextReviewAt,
    a.previousReviewAt,
    a.anniversaryReviewAt,
    a.withLogin,
    a.jointCircle,
    a.ownershipPercentage,
    a.inactiveAt,
  ],
  (a) => renderNestedAccount(a),
)

/** renderNestedCircle, reused while the circle is unchanged. */
const nestedCircle = memoRender<CircleRecord>(
  (c) => [c.uuid, c.createdAt, c.updatedAt, c.name, c.bgColour, c.jointAccountUuid],
  (c) => renderNestedCircle(c),
)

const renderTag = memoRender<TagRecord>(
  (t) => [t.uuid, t.name, t.slug, t.colour, t.createdAt, t.updatedAt],
  (t) => ({
    uuid: t.uuid,
    name: t.name,
    slug: t.slug,
    colour: t.colour,
    created_at: formatTimestamp(t.createdAt),
    updated_at: formatTimestamp(t.updatedAt),
  }),
)

function renderNestedAccount(account: AccountRecord): Record<string, unknown> {
  return {
    ...scalars(account),
    firm: R.firm,
    primary_phone_number: R.contactDetail,
    primary_email: R.contactDetail,
    current_time_entry: R.timeEntry,
    assigned_adviser: R.account,
    assigned_administrator: R.account,
    assigned_paraplanner: R.account,
    introduced_by: R.account,
    groups: R.group,
    tags: R.tag,
    owners: R.account,
    ...dates(account),
    ...flags(account),
    joint_account_circle: R.circle,
    circles: R.circle,
    ownership_percentage: account.ownershipPercentage,
    inactive_at: nullableDateOnly(account.inactiveAt),
    custom_fields: R.customField,
    external_references: R.externalReference,
  }
}

export function renderAccountStub(account: AccountRecord, options: { agreements: boolean }): Record<string, unknown> {
  const agreement = account.type === 'client' ? account.createdAt + 7 * 86_400 : null
  return {
    ...scalars(account),
    firm: R.firm,
    primary_phone_number: R.contactDetail,
    primary_email: R.contactDetail,
    current_time_entry: R.timeEntry,
    assigned_adviser: R.account,
    assigned_administrator: R.account,
    assigned_paraplanner: R.account,
    introduced_by: R.account,
    business_unit: R.businessUnit,
    groups: R.group,
    tags: R.tag,
    owners: R.account,
    ...dates(account),
    ...(options.agreements
      ? { terms_of_business_at: nullableTimestamp(agreement), client_agreement_at: nullableTimestamp(agreement) }
      : {}),
    ...flags(account),
    joint_account_circle: R.circle,
    circles: R.circle,
    ownership_percentage: account.ownershipPercentage,
    inactive_at: nullableDateOnly(account.inactiveAt),
    last_interaction_at: nullableSqlDateTime(account.lastInteractionAt),
    referral_code: account.referralCode,
    permissions: { 'firm:read': ['firm'], 'network:read': ['network:uuid'] },
    custom_fields: R.customField,
    external_references: R.externalReference,
  }
}

/** A circle inside a participant (as in group-participants.200.json): its own relations are class strings. */
function renderNestedCircle(circle: CircleRecord): Record<string, unknown> {
  return {
    uuid: circle.uuid,
    created_at: formatTimestamp(circle.createdAt),
    updated_at: formatTimestamp(circle.updatedAt),
    name: circle.name,
    photo_url: avatarUrl(circle.name),
    bg_colour: circle.bgColour,
    accounts: R.minimalAccount,
    groups: R.group,
    joint_account_uuid: circle.jointAccountUuid,
    login_access_level: 'write',
    external_references: R.externalReference,
  }
}

/**
 * `groups: false` renders the groups relation as not loaded (GET /account without
 * `include=groups`); the group participants example always carries it expanded.
 */
export function renderParticipant(
  store: SandboxStore,
  account: AccountRecord,
  options: { groups: boolean } = { groups: true },
): Record<string, unknown> {
  const nested = (uuid: string | null) => {
    const other = uuid === null ? undefined : store.account(uuid)
    return other ? nestedAccount(other) : null
  }
  const circles: Record<string, unknown>[] = []
  for (const uuid of account.circles) {
    const circle = store.circle(uuid)
    if (circle) circles.push(nestedCircle(circle))
  }
  const jointCircle = account.jointCircle ? store.circle(account.jointCircle) : undefined
  const groups: Record<string, unknown>[] | string = options.groups ? [] : R.group
  if (typeof groups !== 'string')
    for (const uuid of account.groups) {
      const group = store.group(uuid)
      if (group) groups.push(renderNestedGroupMemo(group))
    }
  const firm = store.firms[account.firm]
  return {
    ...scalars(account),
    firm: firm ? renderFirm(firm, 'participant') : null,
    primary_phone_number: account.phone === null ? null : contactDetail(account, 'phone'),
    primary_email: account.email === null ? null : contactDetail(account, 'email'),
    current_time_entry: account.hasTimeEntry ? timeEntry(account) : null,
    assigned_adviser: nested(account.adviser),
    assigned_administrator: nested(account.administrator),
    assigned_paraplanner: nested(account.paraplanner),
    introduced_by: nested(account.introducedBy),
    groups,
    tags: account.tags.flatMap((index) => {
      const tag = store.tags[index]
      return tag ? [renderTag(tag)] : []
    }),
    owners: account.owners.flatMap((uuid) => {
      const owner = nested(uuid)
      return owner ? [owner] : []
    }),
    ...dates(account),
    ...flags(account),
    joint_account_circle: jointCircle ? nestedCircle(jointCircle) : null,
    circles,
    ownership_percentage: account.ownershipPercentage,
    inactive_at: nullableDateOnly(account.inactiveAt),
    custom_fields: account.customFields.flatMap((value) => {
      const field = store.customFields[value.field]
      return field
        ? [
            {
              uuid: field.uuid,
              name: field.name,
              type: field.type,
              value: value.value,
              help_text: field.helpText,
              reference: field.reference,
              created_at: formatTimestamp(field.createdAt),
              updated_at: formatTimestamp(field.updatedAt),
              is_required: field.isRequired,
              selection_options: field.selectionOptions,
            },
          ]
        : []
    }),
    external_references:
      account.externalReference === null
        ? []
        : [
            {
              uuid: deriveUuid(account.uuid, 3),
              reference: account.externalReference,
              created_at: formatTimestamp(account.createdAt),
              updated_at: formatTimestamp(account.createdAt),
              third_party: 'nucleus',
            },
          ],
  }
}

function contactDetail(account: AccountRecord, kind: 'email' | 'phone'): Record<string, unknown> {
  const phone = account.phone ?? ''
  return {
    uuid: kind === 'email' ? account.contactUuid : deriveUuid(account.contactUuid, 1),
    name: kind === 'email' ? 'Personal email' : phone.startsWith('+447') ? 'Mobile' : 'Work number',
    type: kind === 'email' ? 'email' : 'phone_number',
    value: kind === 'email' ? account.email : phone,
    accounts: R.account,
    created_at: formatTimestamp(account.createdAt),
    updated_at: formatTimestamp(account.createdAt),
    phone_number_meta: kind === 'phone' ? { country: 'GB', formatted: formatUkPhone(phone) } : null,
  }
}

/** "+447700900123" → "07700 900123"; "+441632960123" → "01632 960123". */
function formatUkPhone(e164: string): string {
  const national = `0${e164.replace(/^\+44/, '')}`
  return `${national.slice(0, 5)} ${national.slice(5)}`
}

function timeEntry(account: AccountRecord): Record<string, unknown> {
  const end = account.updatedAt
  const start = end - 28 * 60
  return {
    uuid: deriveUuid(account.uuid, 2),
    name: 'Research',
    description: 'Preparing for the annual review.',
    account: R.minimalAccount,
    trackable: R.minimalAccount,
    trackable_type: 'Client',
    is_active: true,
    start_date: formatTimestamp(start),
    end_date: formatTimestamp(end),
    created_at: formatTimestamp(start),
    updated_at: formatTimestamp(end),
    total_time_in_minutes: 28,
    computed_time_elapsed_in_seconds: 1680,
  }
}
