/**
 * The sandbox's internal records. They are deliberately compact — epoch seconds instead of
 * formatted dates, indices into small tables instead of embedded objects, uuids instead of
 * nested accounts — so that 100,000 accounts fit in modest memory. The verbose API shapes
 * (a whole firm inside every participant, and so on) are rendered on the way out (render/).
 */

export type AccountType = 'client' | 'employee' | 'external'
export type AccountRole = 'individual' | 'joint' | 'trust' | 'business' | 'owner' | 'admin' | 'member' | 'introducer'

/** Index into `SandboxData.firms`: 0 is the demo firm, 1 the second firm of the multi-login user. */
export type FirmId = number

export interface FirmRecord {
  uuid: string
  name: string
  slug: string
  address1: string
  address2: string
  townCity: string
  county: string
  postcode: string
  invoiceEmail: string
  createdAt: number
  updatedAt: number
}

export interface TagRecord {
  uuid: string
  name: string
  slug: string
  colour: string
  createdAt: number
  updatedAt: number
}

export interface CustomFieldRecord {
  uuid: string
  name: string
  reference: string
  type: 'string' | 'select' | 'number' | 'date'
  helpText: string
  isRequired: boolean
  selectionOptions: string[]
  createdAt: number
  updatedAt: number
}

export interface CustomFieldValueRecord {
  /** Index into `SandboxData.customFields`. */
  field: number
  value: string
}

export interface AccountRecord {
  uuid: string
  firm: FirmId
  type: AccountType
  role: AccountRole
  firstName: string
  lastName: string
  /** Primary email address, or null when the account has none. */
  email: string | null
  /** E.164 phone number (+44…), or null. */
  phone: string | null
  /** Uuid of the primary email / phone contact-detail records. */
  contactUuid: string
  createdAt: number
  updatedAt: number
  /** Indices into `SandboxData.tags`. */
  tags: number[]
  customFields: CustomFieldValueRecord[]
  firstContactAt: number | null
  nextReviewAt: number | null
  previousReviewAt: number | null
  anniversaryReviewAt: number | null
  inactiveAt: number | null
  lastInteractionAt: number | null
  /** Account uuids of employees (adviser, paraplanner, administrator) and an introducer. */
  adviser: string | null
  paraplanner: string | null
  administrator: string | null
  introducedBy: string | null
  /** Owning individuals of a trust / business account. */
  owners: string[]
  businessUnit: string | null
  /** Group uuids, kept in step with `GroupRecord.members` by the store. */
  groups: string[]
  /** Circle uuids, kept in step with `CircleRecord.accounts` by the store. */
  circles: string[]
  /** The circle of a joint account, when it has one. */
  jointCircle: string | null
  withLogin: boolean
  ownershipPercentage: number
  referralCode: string
  /** A platform reference (e.g. Nucleus), or null. */
  externalReference: string | null
  /** Whether a time entry is running against this account (rendered as `current_time_entry`). */
  hasTimeEntry: boolean
}

/** What an account is before anything links it to others: the fields a new account chooses. */
export type AccountCore = Pick<
  AccountRecord,
  | 'uuid'
  | 'firm'
  | 'type'
  | 'role'
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'phone'
  | 'contactUuid'
  | 'createdAt'
  | 'updatedAt'
  | 'firstContactAt'
  | 'lastInteractionAt'
  | 'referralCode'
>

/** An account with no tags, team, groups, circles or reviews yet (generation links them later). */
export function unlinkedAccount(core: AccountCore): AccountRecord {
  return {
    ...core,
    tags: [],
    customFields: [],
    nextReviewAt: null,
    previousReviewAt: null,
    anniversaryReviewAt: null,
    inactiveAt: null,
    adviser: null,
    paraplanner: null,
    administrator: null,
    introducedBy: null,
    owners: [],
    businessUnit: null,
    groups: [],
    circles: [],
    jointCircle: null,
    withLogin: false,
    ownershipPercentage: 100,
    externalReference: null,
    hasTimeEntry: false,
  }
}

export interface GroupRecord {
  uuid: string
  firm: FirmId
  name: string
  slug: string
  businessUnit: string | null
  /** Account uuids, in the order they joined. */
  members: Set<string>
  createdAt: number
  updatedAt: number
}

export interface CircleRecord {
  uuid: string
  firm: FirmId
  name: string
  bgColour: string
  accounts: string[]
  groups: string[]
  jointAccountUuid: string | null
  externalReference: string | null
  createdAt: number
  updatedAt: number
}

export interface BusinessUnitRecord {
  uuid: string
  firm: FirmId
  name: string
  hasAlternativeBranding: boolean
  /** Account uuids; an account belongs to at most one business unit. */
  members: Set<string>
  createdAt: number
  updatedAt: number
}

export interface LoginRecord {
  uuid: string
  accountUuid: string
  createdAt: number
  primary: boolean
}

export interface UserRecord {
  id: string
  firstName: string
  lastName: string
  email: string
  logins: LoginRecord[]
  /** The account the user asked integrations to use (GET /logins), or null. */
  preferredAccountUuid: string | null
}

/** Everything the generator produces; the store owns it afterwards. */
export interface SandboxData {
  seed: number
  firms: FirmRecord[]
  tags: TagRecord[]
  customFields: CustomFieldRecord[]
  accounts: AccountRecord[]
  groups: GroupRecord[]
  circles: CircleRecord[]
  businessUnits: BusinessUnitRecord[]
  users: UserRecord[]
  /** Personal access token → user id. */
  personalAccessTokens: Map<string, string>
  demoUserId: string
  multiLoginUserId: string
  oauthClientId: string
}
