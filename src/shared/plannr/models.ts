import { z } from 'zod'

/**
 * The app's own model of Plannr data: plain, normalised shapes that cross IPC, live in the
 * IndexedDB cache and feed the UI. Main's tolerant API parsers (src/main/api/api-schemas.ts) turn
 * whatever the API sends into these; nothing downstream ever sees a placeholder string or a string count.
 *
 * Dates are ISO-8601 UTC strings, or `YYYY-MM-DD` for date-only fields.
 */

export const ACCOUNT_TYPES = ['client', 'employee', 'external'] as const
export const ACCOUNT_ROLES = [
  'owner',
  'admin',
  'member',
  'individual',
  'trust',
  'business',
  'joint',
  'introducer',
] as const
export const AccountType = z.enum(ACCOUNT_TYPES)
export type AccountType = z.infer<typeof AccountType>

export const Ref = z.object({ uuid: z.string(), name: z.string() })
export type Ref = z.infer<typeof Ref>

export const Tag = z.object({ uuid: z.string(), name: z.string(), colour: z.string().nullable() })
export type Tag = z.infer<typeof Tag>

export const ContactDetail = z.object({
  label: z.string().nullable(),
  kind: z.string().nullable(),
  value: z.string(),
  formatted: z.string().nullable(),
})
export type ContactDetail = z.infer<typeof ContactDetail>

export const CustomFieldValue = z.object({
  uuid: z.string(),
  name: z.string(),
  reference: z.string().nullable(),
  value: z.string().nullable(),
})
export type CustomFieldValue = z.infer<typeof CustomFieldValue>

export const ExternalReference = z.object({ thirdParty: z.string(), reference: z.string() })
export type ExternalReference = z.infer<typeof ExternalReference>

/** One key per distinct reference: no two different (third party, reference) pairs share it. */
export const externalReferenceKey = (ref: ExternalReference): string => JSON.stringify([ref.thirdParty, ref.reference])

export const CircleRef = z.object({ uuid: z.string(), name: z.string(), bgColour: z.string().nullable() })
export type CircleRef = z.infer<typeof CircleRef>

export const Firm = z.object({
  uuid: z.string(),
  name: z.string(),
  slug: z.string().nullable(),
  townCity: z.string().nullable(),
  postcode: z.string().nullable(),
  regulatoryText: z.string().nullable(),
})
export type Firm = z.infer<typeof Firm>

/** A participant / account, normalised: nested accounts are refs, the firm is a uuid. */
export const Participant = z.object({
  uuid: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** One of ACCOUNT_TYPES in practice; kept as text so an unknown type is shown, not dropped. */
  type: z.string(),
  /** Free text for display: examples use "client", which is not a documented role. */
  role: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  firmUuid: z.string().nullable(),
  primaryEmail: ContactDetail.nullable(),
  primaryPhone: ContactDetail.nullable(),
  assignedAdviser: Ref.nullable(),
  assignedAdministrator: Ref.nullable(),
  assignedParaplanner: Ref.nullable(),
  introducedBy: Ref.nullable(),
  businessUnit: Ref.nullable(),
  groups: z.array(Ref),
  tags: z.array(Tag),
  owners: z.array(Ref),
  circles: z.array(CircleRef),
  customFields: z.array(CustomFieldValue),
  externalReferences: z.array(ExternalReference),
  firstContactDate: z.string().nullable(),
  nextReviewDate: z.string().nullable(),
  previousReviewDate: z.string().nullable(),
  anniversaryReviewDate: z.string().nullable(),
  inactiveAt: z.string().nullable(),
  lastInteractionAt: z.string().nullable(),
  hasJointAccount: z.boolean().nullable(),
})
export type Participant = z.infer<typeof Participant>

export const Group = z.object({
  uuid: z.string(),
  name: z.string(),
  slug: z.string().nullable(),
  /** null when the API did not say (it is only sometimes included). */
  participantsCount: z.number().int().nonnegative().nullable(),
  /** Compact participants when the API included them; null when it did not. */
  participants: z.array(Ref).nullable(),
  businessUnit: Ref.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Group = z.infer<typeof Group>

export const Circle = z.object({
  uuid: z.string(),
  name: z.string(),
  bgColour: z.string().nullable(),
  accounts: z.array(Ref),
  groups: z.array(Ref),
  jointAccountUuid: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Circle = z.infer<typeof Circle>

export const BusinessUnit = z.object({
  uuid: z.string(),
  name: z.string(),
  hasAlternativeBranding: z.boolean(),
  membersCount: z.number().int().nonnegative().nullable(),
  groupsCount: z.number().int().nonnegative().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
})
export type BusinessUnit = z.infer<typeof BusinessUnit>

export const Login = z.object({
  uuid: z.string(),
  account: z.object({ uuid: z.string(), name: z.string(), type: z.string(), role: z.string().nullable() }),
  firm: z.object({ uuid: z.string(), name: z.string() }).nullable(),
  hasWritePermission: z.boolean(),
  hasDeletePermission: z.boolean(),
  email: z.string().nullable(),
})
export type Login = z.infer<typeof Login>

/**
 * A login with the Plannr address (API base URL) it is a login at: an account is a place only with
 * its address, since a firm's staging or sandbox copy of Plannr has the same account uuids as its
 * production one. Used for the accounts a sign-in leaves behind or keeps from an earlier one.
 */
export const LoginAt = Login.extend({ baseUrl: z.string() })
export type LoginAt = z.infer<typeof LoginAt>

export const Logins = z.object({
  logins: z.array(Login),
  preferredAccountUuid: z.string().nullable(),
})
export type Logins = z.infer<typeof Logins>

/** One page of a list endpoint, normalised. `nextUrl` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int().min(1),
    lastPage: z.number().int().min(1).nullable(),
    total: z.number().int().nonnegative().nullable(),
    nextUrl: z.string().nullable(),
  })
}
export type Page<T> = {
  items: T[]
  page: number
  lastPage: number | null
  total: number | null
  nextUrl: string | null
}
