import { createRng, type Rng } from './rng'
import { createWordSource, type WordSource } from './words'
import type {
  AccountRecord,
  AccountRole,
  BusinessUnitRecord,
  CircleRecord,
  CustomFieldRecord,
  FirmRecord,
  GroupRecord,
  SandboxData,
  TagRecord,
  UserRecord,
} from './model'
import { unlinkedAccount } from './model'
import {
  BUSINESS_SUFFIXES,
  BUSINESS_UNITS,
  CIRCLE_COLOURS,
  CUSTOM_FIELDS,
  EMAIL_DOMAINS,
  GROUP_NAMES,
  PET_NAMES,
  REGIONS,
  TAGS,
  UK_SURNAMES,
  UNICODE_FIRST_NAMES,
  UNICODE_LAST_NAMES,
} from './vocabulary'

export interface GenerateOptions {
  seed: number
  /** Accounts of the demo firm (clients, employees, introducers). */
  accounts: number
  /** Groups of the demo firm. */
  groups: number
}

const DAY = 86_400
/**
 * The dataset's own "now". Generation never reads the clock, so the same seed gives the same
 * bytes on any day; records created at runtime use the real clock and so sort after these.
 */
const DATASET_NOW = Date.UTC(2025, 8, 17, 14, 46, 52) / 1000
const DATASET_START = Date.UTC(2019, 0, 1) / 1000

/** Builds the whole deterministic dataset. 100,000 accounts take about a second. */
export function generateSandboxData(options: GenerateOptions): SandboxData {
  const rng = createRng(options.seed)
  const words = createWordSource(options.seed)
  const accountCount = Math.max(20, Math.floor(options.accounts))
  const groupCount = Math.max(1, Math.floor(options.groups))

  // Fixed-size things first, so tokens and the firm do not change with the dataset's size.
  const demoToken = `sandbox_pat_${hexToken(rng)}`
  const multiToken = `sandbox_pat_${hexToken(rng)}`
  const oauthClientId = rng.uuid()
  const firms = [
    makeFirm(rng, words, 'Harbourside Financial Planning'),
    makeFirm(rng, words, 'Northgate Wealth Partners'),
  ]
  const tags = TAGS.map((tag): TagRecord => {
    const at = randomTime(rng, DATASET_START, DATASET_START + 200 * DAY)
    return {
      uuid: rng.uuid(),
      name: tag.name,
      slug: slugify(tag.name),
      colour: tag.colour,
      createdAt: at,
      updatedAt: at,
    }
  })
  const customFields = CUSTOM_FIELDS.map((field): CustomFieldRecord => {
    const at = randomTime(rng, DATASET_START, DATASET_START + 200 * DAY)
    return {
      uuid: rng.uuid(),
      name: field.name,
      reference: field.reference,
      type: field.type,
      helpText: field.helpText,
      isRequired: false,
      selectionOptions: [...field.options],
      createdAt: at,
      updatedAt: at,
    }
  })
  const businessUnits = BUSINESS_UNITS.map((name): BusinessUnitRecord => {
    const createdAt = randomTime(rng, DATASET_START, DATASET_NOW - 400 * DAY)
    return {
      uuid: rng.uuid(),
      firm: 0,
      name,
      hasAlternativeBranding: false,
      members: new Set(),
      createdAt,
      updatedAt: createdAt,
    }
  })

  const employeeCount = Math.max(6, Math.round(accountCount * 0.01))
  const introducerCount = Math.max(3, Math.round(accountCount * 0.01))
  const accounts: AccountRecord[] = []
  const employees: string[] = []
  const introducers: string[] = []
  const individuals: string[] = []
  const circles: CircleRecord[] = []
  let familyName: string | null = null
  let familyLeft = 0
  let family: CircleRecord | null = null

  for (let index = 0; index < accountCount; index += 1) {
    const kind = index < employeeCount ? 'employee' : index < employeeCount + introducerCount ? 'external' : 'client'
    const role: AccountRole =
      kind === 'employee'
        ? index < 2
          ? index === 0
            ? 'owner'
            : 'admin'
          : rng.chance(0.15)
            ? 'admin'
            : 'member'
        : kind === 'external'
          ? 'introducer'
          : pickClientRole(rng)
    const unicode = index % 37 === 5
    let firstName = unicode ? rng.pick(UNICODE_FIRST_NAMES) : words.firstName()
    let lastName = unicode ? rng.pick(UNICODE_LAST_NAMES) : rng.chance(0.5) ? rng.pick(UK_SURNAMES) : words.lastName()
    if (kind === 'client' && familyLeft > 0 && familyName !== null && (role === 'individual' || role === 'joint')) {
      lastName = familyName
    }
    if (role === 'joint') firstName = `${firstName} & ${words.firstName()}`
    if (role === 'trust') {
      firstName = `${lastName} Family`
      lastName = 'Trust'
    }
    if (role === 'business') {
      firstName = `${lastName} ${rng.pick(['Consulting', 'Builders', 'Design', 'Engineering', 'Dental', 'Logistics'])}`
      lastName = rng.pick(BUSINESS_SUFFIXES)
    }
    const createdAt = randomTime(
      rng,
      kind === 'employee' ? DATASET_START - 400 * DAY : DATASET_START,
      DATASET_NOW - DAY,
    )
    const account = blankAccount(rng, kind, role, firstName, lastName, createdAt, firms[0] as FirmRecord)
    accounts.push(account)
    if (kind === 'employee') {
      employees.push(account.uuid)
      account.withLogin = true
    } else if (kind === 'external') {
      introducers.push(account.uuid)
    } else {
      fillClient(rng, account, {
        employees,
        introducers,
        individuals,
        tags: tags.length,
        customFields: customFields.length,
      })
      if (role === 'individual') individuals.push(account.uuid)
      // Families: a run of consecutive clients sharing a surname forms a circle.
      if (familyLeft > 0 && family !== null && (role === 'individual' || role === 'joint')) {
        family.accounts.push(account.uuid)
        account.circles.push(family.uuid)
        familyLeft -= 1
      } else if ((role === 'individual' || role === 'joint') && rng.chance(0.08)) {
        const at = randomTime(rng, account.createdAt, DATASET_NOW)
        family = {
          uuid: rng.uuid(),
          firm: 0,
          name: `${lastName} Family`,
          bgColour: rng.pick(CIRCLE_COLOURS),
          accounts: [account.uuid],
          groups: [],
          jointAccountUuid: role === 'joint' ? account.uuid : null,
          externalReference: rng.chance(0.3) ? referenceCode(rng) : null,
          createdAt: at,
          updatedAt: at,
        }
        if (role === 'joint') {
          account.jointCircle = family.uuid
          account.ownershipPercentage = 50
        }
        account.circles.push(family.uuid)
        circles.push(family)
        familyName = lastName
        familyLeft = rng.int(1, 3)
      } else {
        familyLeft = 0
      }
    }
  }

  // Business units: most employees and a sprinkle of clients.
  for (const account of accounts) {
    const chance = account.type === 'employee' ? 0.75 : account.type === 'client' ? 0.004 : 0
    if (chance > 0 && rng.chance(chance)) {
      const unit = rng.pick(businessUnits)
      unit.members.add(account.uuid)
      account.businessUnit = unit.uuid
    }
  }

  const groups = makeGroups(rng, groupCount, businessUnits)
  assignMemberships(rng, accounts, groups)
  const byUuid = new Map(accounts.map((account) => [account.uuid, account]))
  for (const circle of circles) {
    const head = byUuid.get(circle.accounts[0] ?? '')
    circle.groups = head ? head.groups.slice(0, 2) : []
  }

  // The second firm: just enough for the account picker to show two real firms.
  const otherEmployee = blankAccount(
    rng,
    'employee',
    'owner',
    words.firstName(),
    words.lastName(),
    DATASET_START,
    firms[1] as FirmRecord,
  )
  otherEmployee.firm = 1
  otherEmployee.withLogin = true
  const otherGroupAt = randomTime(rng, DATASET_START, DATASET_NOW)
  const otherGroup: GroupRecord = {
    uuid: rng.uuid(),
    firm: 1,
    name: 'Northgate Clients',
    slug: 'northgate-clients',
    businessUnit: null,
    members: new Set([otherEmployee.uuid]),
    createdAt: otherGroupAt,
    updatedAt: otherGroupAt,
  }
  otherEmployee.groups.push(otherGroup.uuid)
  for (let i = 0; i < 5; i += 1) {
    const client = blankAccount(
      rng,
      'client',
      'individual',
      words.firstName(),
      rng.pick(UK_SURNAMES),
      randomTime(rng, DATASET_START, DATASET_NOW),
      firms[1] as FirmRecord,
    )
    client.firm = 1
    client.adviser = otherEmployee.uuid
    client.groups.push(otherGroup.uuid)
    otherGroup.members.add(client.uuid)
    accounts.push(client)
  }
  accounts.push(otherEmployee)
  groups.push(otherGroup)

  const demoAccount = accounts[0] as AccountRecord
  const multiAccount = accounts[1] as AccountRecord
  const users: UserRecord[] = [
    {
      id: 'user-demo',
      firstName: demoAccount.firstName,
      lastName: demoAccount.lastName,
      email: demoAccount.email ?? 'demo@example.co.uk',
      logins: [{ uuid: rng.uuid(), accountUuid: demoAccount.uuid, createdAt: demoAccount.createdAt, primary: true }],
      preferredAccountUuid: demoAccount.uuid,
    },
    {
      id: 'user-multi',
      firstName: multiAccount.firstName,
      lastName: multiAccount.lastName,
      email: multiAccount.email ?? 'multi@example.co.uk',
      logins: [
        { uuid: rng.uuid(), accountUuid: multiAccount.uuid, createdAt: multiAccount.createdAt, primary: true },
        { uuid: rng.uuid(), accountUuid: otherEmployee.uuid, createdAt: otherEmployee.createdAt, primary: false },
      ],
      preferredAccountUuid: null,
    },
  ]

  return {
    seed: options.seed,
    firms,
    tags,
    customFields,
    accounts,
    groups,
    circles,
    businessUnits,
    users,
    personalAccessTokens: new Map([
      [demoToken, 'user-demo'],
      [multiToken, 'user-multi'],
    ]),
    demoUserId: 'user-demo',
    multiLoginUserId: 'user-multi',
    oauthClientId,
  }
}

function makeFirm(rng: Rng, words: WordSource, name: string): FirmRecord {
  const slug = slugify(name)
  const createdAt = randomTime(rng, DATASET_START - 800 * DAY, DATASET_START)
  return {
    uuid: rng.uuid(),
    name,
    slug,
    address1: `Suite ${rng.pick(['A', 'B', 'C', 'D', 'E'])}, ${words.streetAddress()}`,
    address2: words.street(),
    townCity: words.city(),
    county: words.county(),
    postcode: words.postcode(),
    invoiceEmail: `accounts@${slug}.example.co.uk`,
    createdAt,
    updatedAt: randomTime(rng, createdAt, DATASET_NOW),
  }
}

function blankAccount(
  rng: Rng,
  type: AccountRecord['type'],
  role: AccountRole,
  firstName: string,
  lastName: string,
  createdAt: number,
  firm: FirmRecord,
): AccountRecord {
  const local = asciiLocalPart(firstName, lastName)
  const email =
    type === 'employee'
      ? `${local ?? 'adviser'}@${firm.slug}.example.co.uk`
      : local !== null && rng.chance(0.95)
        ? `${local}${rng.chance(0.3) ? rng.int(1, 99) : ''}@${rng.pick(EMAIL_DOMAINS)}`
        : null
  return unlinkedAccount({
    uuid: rng.uuid(),
    firm: 0,
    type,
    role,
    firstName,
    lastName,
    email,
    phone: rng.chance(0.85) ? ukPhone(rng) : null,
    contactUuid: rng.uuid(),
    createdAt,
    updatedAt: randomTime(rng, createdAt, DATASET_NOW),
    firstContactAt: null,
    lastInteractionAt: rng.chance(0.6) ? randomTime(rng, DATASET_NOW - 200 * DAY, DATASET_NOW) : null,
    referralCode: referralCode(rng),
  })
}

interface ClientContext {
  employees: string[]
  introducers: string[]
  individuals: string[]
  tags: number
  customFields: number
}

function fillClient(rng: Rng, account: AccountRecord, context: ClientContext): void {
  account.adviser = rng.pick(context.employees)
  account.paraplanner = rng.chance(0.6) ? rng.pick(context.employees) : null
  account.administrator = rng.chance(0.5) ? rng.pick(context.employees) : null
  account.introducedBy = rng.chance(0.15) ? rng.pick(context.introducers) : null
  account.withLogin = rng.chance(0.2)
  account.hasTimeEntry = rng.chance(0.05)
  account.externalReference = rng.chance(0.3) ? referenceCode(rng) : null
  const tagCount = rng.int(0, 3)
  for (let i = 0; i < tagCount; i += 1) {
    const tag = rng.int(0, context.tags - 1)
    if (!account.tags.includes(tag)) account.tags.push(tag)
  }
  const fieldCount = rng.int(0, Math.min(3, context.customFields))
  for (let i = 0; i < fieldCount; i += 1) {
    const field = rng.int(0, context.customFields - 1)
    if (account.customFields.some((value) => value.field === field)) continue
    const definition = CUSTOM_FIELDS[field]
    if (!definition) continue
    const value =
      definition.type === 'select'
        ? rng.pick(definition.options)
        : definition.type === 'number'
          ? String(rng.int(1, 7))
          : rng.pick(PET_NAMES)
    account.customFields.push({ field, value })
  }
  if ((account.role === 'trust' || account.role === 'business') && context.individuals.length > 0) {
    const count = rng.int(1, 2)
    for (let i = 0; i < count; i += 1) {
      const owner = rng.pick(context.individuals)
      if (!account.owners.includes(owner)) account.owners.push(owner)
    }
  }
  account.firstContactAt = account.createdAt - rng.int(0, 90) * DAY
  account.nextReviewAt = DATASET_NOW + rng.int(-60, 400) * DAY
  account.previousReviewAt = account.nextReviewAt - 365 * DAY
  account.anniversaryReviewAt = account.createdAt + 365 * DAY
  account.inactiveAt = rng.chance(0.03) ? randomTime(rng, account.createdAt, DATASET_NOW) : null
  if (account.lastInteractionAt === null && rng.chance(0.5))
    account.lastInteractionAt = randomTime(rng, account.createdAt, DATASET_NOW)
}

function makeGroups(rng: Rng, count: number, businessUnits: BusinessUnitRecord[]): GroupRecord[] {
  const groups: GroupRecord[] = []
  for (let index = 0; index < count; index += 1) {
    const base = GROUP_NAMES[index % GROUP_NAMES.length] as string
    const round = Math.floor(index / GROUP_NAMES.length)
    const name =
      round === 0
        ? base
        : `${base} (${REGIONS[(round - 1) % REGIONS.length]}${round > REGIONS.length ? ` ${round}` : ''})`
    const createdAt = randomTime(rng, DATASET_START, DATASET_NOW - 30 * DAY)
    groups.push({
      uuid: rng.uuid(),
      firm: 0,
      name,
      slug: slugify(name),
      businessUnit: rng.chance(0.35) ? rng.pick(businessUnits).uuid : null,
      members: new Set(),
      createdAt,
      updatedAt: randomTime(rng, createdAt, DATASET_NOW),
    })
  }
  return groups
}

/**
 * Every account joins 1–4 groups, drawn with Zipf-like weights over a shuffled order so group
 * sizes differ wildly (the biggest of 60 groups holds about a fifth of all accounts) and the
 * size does not follow the name.
 */
function assignMemberships(rng: Rng, accounts: AccountRecord[], groups: GroupRecord[]): void {
  const order = groups.map((_, index) => index)
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i)
    ;[order[i], order[j]] = [order[j] as number, order[i] as number]
  }
  const cumulative: number[] = []
  let total = 0
  for (let rank = 0; rank < order.length; rank += 1) {
    total += 1 / Math.pow(rank + 1, 1.05)
    cumulative.push(total)
  }
  const draw = (): GroupRecord => {
    const target = rng.next() * total
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const mid = (low + high) >> 1
      if ((cumulative[mid] as number) < target) low = mid + 1
      else high = mid
    }
    return groups[order[low] as number] as GroupRecord
  }
  for (const account of accounts) {
    const roll = rng.next()
    const wanted = Math.min(groups.length, roll < 0.4 ? 1 : roll < 0.7 ? 2 : roll < 0.9 ? 3 : 4)
    let attempts = 0
    while (account.groups.length < wanted && attempts < 20) {
      attempts += 1
      const group = draw()
      if (group.members.has(account.uuid)) continue
      group.members.add(account.uuid)
      account.groups.push(group.uuid)
    }
  }
}

function pickClientRole(rng: Rng): AccountRole {
  const roll = rng.next()
  return roll < 0.7 ? 'individual' : roll < 0.82 ? 'joint' : roll < 0.9 ? 'trust' : 'business'
}

function randomTime(rng: Rng, from: number, to: number): number {
  return Math.floor(from + rng.next() * Math.max(0, to - from))
}

function ukPhone(rng: Rng): string {
  // Ofcom's ranges reserved for drama: realistic, and never a real person's number.
  return rng.chance(0.6)
    ? `+447700900${String(rng.int(0, 999)).padStart(3, '0')}`
    : `+441632960${String(rng.int(0, 999)).padStart(3, '0')}`
}

function referralCode(rng: Rng): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  let code = ''
  for (let i = 0; i < 8; i += 1) code += alphabet[rng.int(0, alphabet.length - 1)]
  return code
}

function referenceCode(rng: Rng): string {
  return `${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}${String(rng.int(0, 999_999)).padStart(6, '0')}`
}

function hexToken(rng: Rng): string {
  return (rng.uuid() + rng.uuid()).replace(/-/g, '')
}

export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      // Like Laravel's Str::slug: apostrophes vanish ("Zoë’s" → "zoes"), "&" becomes "and".
      .replace(/['’]/g, '')
      .replace(/&/g, ' and ')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
  )
}

function asciiLocalPart(firstName: string, lastName: string): string | null {
  const first = slugify(firstName.split('&')[0] ?? '').replace(/-/g, '')
  const last = slugify(lastName).replace(/-/g, '')
  if (first === '' && last === '') return null
  return [first, last].filter((part) => part !== '').join('.')
}
