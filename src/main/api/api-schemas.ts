import { z } from 'zod'
import {
  brandColours,
  byUuid,
  firstOfEach,
  isResourcePlaceholder,
  lenientBoolean,
  lenientCount,
  lenientDate,
  optionalDate,
  optionalText,
  relation,
  relationList,
} from '../../shared/plannr/lenient'
import {
  externalReferenceKey,
  type BusinessUnit,
  type Circle,
  type CircleRef,
  type ContactDetail,
  type CustomFieldValue,
  type ExternalReference,
  type Firm,
  type Group,
  type Login,
  type Logins,
  type Participant,
  type Ref,
  type Tag,
} from '../../shared/plannr/models'
import { Uuid } from '../../shared/plannr/request-bodies'

/**
 * Tolerant parsers for what the Plannr API sends, each producing the app's model (models.ts).
 * Unknown extra fields are ignored; documented quirks are accepted (counts as strings, booleans as
 * "false", resource-class placeholders, several date formats: docs/plannr-api.md, "Documentation
 * quirks and defensive parsing"); a value
 * that is really wrong (a uuid that is a number, a date that is not a date) fails with the path
 * of the field, which the API client reports together with the endpoint.
 */

const text = z.string()

/**
 * The id of an account, group, circle or business unit, wherever it appears (the record itself or
 * a reference to it). Plannr names every record by a uuid, in paths and bodies, and the app names
 * these records back to it: in request paths and bodies, and in IPC calls whose contract checks
 * each id as a uuid. A record named otherwise ("7", "", "../circles", thousands of characters)
 * would be cached and then refused at every call about it (opening its group, editing it, adding
 * it to a group), so the answer naming it is malformed here, with the field's path. Tags, custom
 * fields and firms are only shown, never named back: their ids stay free text.
 */
const id = Uuid

/** A nested account as `{uuid, name}`: enough to show and link it. */
export const ApiRef = z
  .looseObject({ uuid: id, name: optionalText, first_name: optionalText, last_name: optionalText })
  .transform((raw): Ref => ({ uuid: raw.uuid, name: raw.name ?? joinName(raw.first_name, raw.last_name) }))

export const ApiFirm = z
  .looseObject({
    uuid: text,
    name: text,
    slug: optionalText,
    town_city: optionalText,
    postcode: optionalText,
    regulatory_text: optionalText,
    brand_colours: brandColours,
  })
  .transform((raw): Firm => ({
    uuid: raw.uuid,
    name: raw.name,
    slug: raw.slug,
    townCity: raw.town_city,
    postcode: raw.postcode,
    regulatoryText: raw.regulatory_text,
  }))

export const ApiTag = z
  .looseObject({ uuid: text, name: text, colour: optionalText })
  .transform((raw): Tag => ({ uuid: raw.uuid, name: raw.name, colour: raw.colour }))

export const ApiContactDetail = z
  .looseObject({
    name: optionalText,
    type: optionalText,
    value: z.union([text, z.number()]).transform(String),
    phone_number_meta: z.looseObject({ formatted: optionalText }).nullable().optional(),
  })
  .transform((raw): ContactDetail => ({
    label: raw.name,
    kind: raw.type,
    value: raw.value,
    formatted: raw.phone_number_meta?.formatted ?? null,
  }))

export const ApiCustomField = z
  .looseObject({
    uuid: text,
    name: text,
    reference: optionalText,
    value: z.union([text, z.number(), z.boolean(), z.null(), z.array(z.unknown())]).optional(),
  })
  .transform((raw): CustomFieldValue => ({
    uuid: raw.uuid,
    name: raw.name,
    reference: raw.reference,
    value:
      raw.value === undefined || raw.value === null
        ? null
        : Array.isArray(raw.value)
          ? raw.value.map(String).join(', ')
          : String(raw.value),
  }))

export const ApiExternalReference = z
  .looseObject({ third_party: text, reference: z.union([text, z.number()]).transform(String) })
  .transform((raw): ExternalReference => ({ thirdParty: raw.third_party, reference: raw.reference }))

export const ApiGroupRef = z
  .looseObject({ uuid: id, name: text })
  .transform((raw): Ref => ({ uuid: raw.uuid, name: raw.name }))

export const ApiCircleRef = z
  .looseObject({ uuid: id, name: text, bg_colour: optionalText })
  .transform((raw): CircleRef => ({ uuid: raw.uuid, name: raw.name, bgColour: raw.bg_colour }))

/** An account / participant: the full API shape in, a normalised Participant (plus its firm) out. */
export const ApiAccount = z
  .looseObject({
    uuid: id,
    created_at: lenientDate,
    updated_at: lenientDate,
    type: text,
    role: optionalText,
    first_name: optionalText,
    last_name: optionalText,
    name: optionalText,
    email: optionalText,
    firm: relation(ApiFirm),
    primary_email: relation(ApiContactDetail),
    primary_phone_number: relation(ApiContactDetail),
    assigned_adviser: relation(ApiRef),
    assigned_administrator: relation(ApiRef),
    assigned_paraplanner: relation(ApiRef),
    introduced_by: relation(ApiRef),
    business_unit: relation(ApiGroupRef),
    groups: relationList(ApiGroupRef, byUuid),
    tags: relationList(ApiTag, byUuid),
    owners: relationList(ApiRef, byUuid),
    circles: relationList(ApiCircleRef, byUuid),
    custom_fields: relationList(ApiCustomField, byUuid),
    external_references: relationList(ApiExternalReference, externalReferenceKey),
    first_contact_date: optionalDate,
    next_review_date: optionalDate,
    previous_review_date: optionalDate,
    anniversary_review_date: optionalDate,
    inactive_at: optionalDate,
    last_interaction_at: optionalDate,
    has_joint_account: lenientBoolean.nullable().optional(),
  })
  .transform((raw): { participant: Participant; firm: Firm | null } => {
    const firstName = raw.first_name ?? ''
    const lastName = raw.last_name ?? ''
    return {
      firm: raw.firm,
      participant: {
        uuid: raw.uuid,
        createdAt: raw.created_at,
        updatedAt: raw.updated_at,
        type: raw.type,
        role: raw.role,
        firstName,
        lastName,
        name: raw.name ?? joinName(firstName, lastName),
        email: raw.email,
        firmUuid: raw.firm?.uuid ?? null,
        primaryEmail: raw.primary_email,
        primaryPhone: raw.primary_phone_number,
        assignedAdviser: raw.assigned_adviser,
        assignedAdministrator: raw.assigned_administrator,
        assignedParaplanner: raw.assigned_paraplanner,
        introducedBy: raw.introduced_by,
        businessUnit: raw.business_unit,
        groups: raw.groups,
        tags: raw.tags,
        owners: raw.owners,
        circles: raw.circles,
        customFields: raw.custom_fields,
        externalReferences: raw.external_references,
        firstContactDate: raw.first_contact_date,
        nextReviewDate: raw.next_review_date,
        previousReviewDate: raw.previous_review_date,
        anniversaryReviewDate: raw.anniversary_review_date,
        inactiveAt: raw.inactive_at,
        lastInteractionAt: raw.last_interaction_at,
        hasJointAccount: raw.has_joint_account ?? null,
      },
    }
  })
export type ApiAccountOutput = z.output<typeof ApiAccount>

/**
 * Group `participants`: an array of compact accounts when included; the docs render it as a
 * `{field: {example, description}}` schema object, which means "not provided".
 */
const groupParticipants = z
  .unknown()
  .optional()
  .transform((value, ctx): Ref[] | null => {
    if (value === undefined || value === null || isResourcePlaceholder(value)) return null
    if (Array.isArray(value)) {
      const parsed = z.array(ApiRef).safeParse(value)
      if (parsed.success) return firstOfEach(parsed.data, byUuid)
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path })
      return z.NEVER
    }
    return null
  })

export const ApiGroup = z
  .looseObject({
    uuid: id,
    name: text,
    slug: optionalText,
    participants_count: lenientCount.nullable().optional(),
    participants: groupParticipants,
    business_unit: relation(ApiGroupRef),
    created_at: lenientDate,
    updated_at: lenientDate,
  })
  .transform((raw): Group => ({
    uuid: raw.uuid,
    name: raw.name,
    slug: raw.slug,
    participantsCount: raw.participants_count ?? raw.participants?.length ?? null,
    participants: raw.participants,
    businessUnit: raw.business_unit,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  }))

export const ApiCircle = z
  .looseObject({
    uuid: id,
    name: text,
    bg_colour: optionalText,
    accounts: relationList(ApiRef, byUuid),
    groups: relationList(ApiGroupRef, byUuid),
    joint_account_uuid: optionalText,
    created_at: lenientDate,
    updated_at: lenientDate,
  })
  .transform((raw): Circle => ({
    uuid: raw.uuid,
    name: raw.name,
    bgColour: raw.bg_colour,
    accounts: raw.accounts,
    groups: raw.groups,
    jointAccountUuid: raw.joint_account_uuid,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  }))

export const ApiBusinessUnit = z
  .looseObject({
    uuid: id,
    name: text,
    has_alternative_branding: lenientBoolean.nullable().optional(),
    brand_colours: brandColours,
    members_count: lenientCount.nullable().optional(),
    members: relationList(ApiRef),
    groups_count: lenientCount.nullable().optional(),
    created_at: optionalDate,
    updated_at: optionalDate,
  })
  .transform((raw): BusinessUnit => ({
    uuid: raw.uuid,
    name: raw.name,
    hasAlternativeBranding: raw.has_alternative_branding ?? false,
    membersCount: raw.members_count ?? null,
    groupsCount: raw.groups_count ?? null,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  }))

export const ApiLogin = z
  .looseObject({
    uuid: text,
    email: optionalText,
    has_write_permission: lenientBoolean.optional(),
    has_delete_permission: lenientBoolean.optional(),
    account: z.looseObject({
      // The account every request names (X-PLANNR-ACCOUNT-UUID) and the IPC contract checks as a
      // uuid: a login naming it otherwise could be chosen but never used, each call refused.
      uuid: id,
      name: optionalText,
      first_name: optionalText,
      last_name: optionalText,
      type: text,
      role: optionalText,
    }),
    firm: relation(z.looseObject({ uuid: text, name: text })),
    preferred_account_uuid: optionalText,
  })
  .transform((raw): Login & { preferredAccountUuid: string | null } => ({
    uuid: raw.uuid,
    email: raw.email,
    hasWritePermission: raw.has_write_permission ?? true,
    hasDeletePermission: raw.has_delete_permission ?? false,
    account: {
      uuid: raw.account.uuid,
      name: raw.account.name ?? joinName(raw.account.first_name, raw.account.last_name),
      type: raw.account.type,
      role: raw.account.role,
    },
    firm: raw.firm ? { uuid: raw.firm.uuid, name: raw.firm.name } : null,
    preferredAccountUuid: raw.preferred_account_uuid,
  }))

/**
 * `GET /logins`. The docs do not settle where `preferred_account_uuid` sits (top level or per
 * login; docs/plannr-api.md, "Open questions"): accept it at
 * the top level or on a login.
 */
export const ApiLogins = z
  .looseObject({ data: z.array(ApiLogin), preferred_account_uuid: optionalText })
  .transform((raw): Logins => ({
    // The same login listed twice is one login (and one button in the account picker).
    logins: firstOfEach(raw.data, byUuid).map(({ preferredAccountUuid: _ignored, ...login }) => login),
    preferredAccountUuid:
      raw.preferred_account_uuid ?? raw.data.find((login) => login.preferredAccountUuid)?.preferredAccountUuid ?? null,
  }))

/**
 * A page number in `meta`. Laravel's paginator numbers pages from 1 (an empty list is page 1 of
 * 1), and the app's pages are numbered so too: a 0 here is an answer the app cannot follow, told
 * as this endpoint's malformed answer rather than let through to fail later.
 */
const apiPageNumber = lenientCount.pipe(z.number().min(1, 'pages are numbered from 1'))

/** Laravel pagination around `data`; `links`/`meta` are optional (examples show only `data`). */
export function apiPage<T extends z.ZodType>(item: T) {
  return z.looseObject({
    data: z.array(item),
    links: z.looseObject({ next: z.string().nullable().optional() }).nullable().optional(),
    meta: z
      .looseObject({
        current_page: apiPageNumber.optional(),
        last_page: apiPageNumber.optional(),
        total: lenientCount.optional(),
        per_page: lenientCount.optional(),
      })
      .nullable()
      .optional(),
  })
}

/** Laravel validation error body (422). */
export const ApiValidationError = z.looseObject({
  message: z.string().optional(),
  errors: z
    .record(
      z.string(),
      z.union([z.array(z.string()), z.string()]).transform((v) => (Array.isArray(v) ? v : [v])),
    )
    .optional(),
})

/** Any other error body: `{"message": "..."}`. */
export const ApiMessage = z.looseObject({ message: z.string().optional() })

/** Passport token response (OAuth). */
export const OAuthTokenResponse = z.looseObject({
  token_type: z.string().optional(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: lenientCount.optional(),
})

/** First and last name joined as Plannr shows them, for records that carry no `name`. */
export function joinName(first: string | null | undefined, last: string | null | undefined): string {
  return [first, last].filter((part): part is string => !!part && part.trim() !== '').join(' ')
}
