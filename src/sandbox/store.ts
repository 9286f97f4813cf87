import { randomUUID } from 'node:crypto'
import { slugify } from './data/generate'
import type {
  AccountRecord,
  AccountRole,
  AccountType,
  BusinessUnitRecord,
  CircleRecord,
  CustomFieldRecord,
  FirmId,
  FirmRecord,
  GroupRecord,
  SandboxData,
  TagRecord,
  UserRecord,
} from './data/model'
import { unlinkedAccount } from './data/model'
import { CIRCLE_COLOURS } from './data/vocabulary'

export type { AccountRecord, BusinessUnitRecord, CircleRecord, FirmRecord, GroupRecord, UserRecord } from './data/model'

/** Thrown by store mutations given something that does not exist (a test bug, not an API error). */
export class StoreError extends Error {
  override name = 'StoreError'
}

/**
 * The sandbox's data, with synchronous access for tests. The HTTP routes go through exactly
 * these methods, so what a test changes here is what the next request sees ("the server renamed
 * the group", "someone removed a participant").
 *
 * Records are returned live (not copies): read them freely, but change them only through the
 * methods below, which keep both sides of each relation in step (group ↔ account, circle ↔
 * account, business unit ↔ account) and bump `updatedAt`.
 *
 * Times are epoch seconds. Every mutation sets `updatedAt` to now, and always strictly later
 * than the record's previous value, so "bump updated_at" is observable even within one second.
 *
 * `firm` selects the tenant: 0 is the demo firm (almost all data), 1 the second firm that only
 * the multi-login user can see. Methods that take `firm` default to 0.
 */
export class SandboxStore {
  /** Increases on every mutation; lets readers cache derived data (e.g. sorted participants). */
  version = 0
  readonly seed: number
  readonly firms: readonly FirmRecord[]
  readonly tags: readonly TagRecord[]
  readonly customFields: readonly CustomFieldRecord[]
  readonly users: readonly UserRecord[]
  readonly demoUserId: string
  readonly multiLoginUserId: string
  readonly oauthClientId: string
  /** Personal access token → user id. */
  readonly personalAccessTokens: ReadonlyMap<string, string>

  private readonly accountList: AccountRecord[]
  private readonly accountsByUuid = new Map<string, AccountRecord>()
  private readonly groupsByUuid = new Map<string, GroupRecord>()
  private readonly circlesByUuid = new Map<string, CircleRecord>()
  private readonly unitsByUuid = new Map<string, BusinessUnitRecord>()

  constructor(data: SandboxData) {
    this.seed = data.seed
    this.firms = data.firms
    this.tags = data.tags
    this.customFields = data.customFields
    this.users = data.users
    this.demoUserId = data.demoUserId
    this.multiLoginUserId = data.multiLoginUserId
    this.oauthClientId = data.oauthClientId
    this.personalAccessTokens = data.personalAccessTokens
    this.accountList = data.accounts
    for (const account of data.accounts) this.accountsByUuid.set(account.uuid, account)
    for (const group of data.groups) this.groupsByUuid.set(group.uuid, group)
    for (const circle of data.circles) this.circlesByUuid.set(circle.uuid, circle)
    for (const unit of data.businessUnits) this.unitsByUuid.set(unit.uuid, unit)
  }

  // ── reads ──────────────────────────────────────────────────────────────────────────────

  /** All accounts of a firm, in creation order. */
  accounts(firm: FirmId = 0): AccountRecord[] {
    return this.accountList.filter((account) => account.firm === firm)
  }
  account(uuid: string): AccountRecord | undefined {
    return this.accountsByUuid.get(uuid.toLowerCase())
  }
  groups(firm: FirmId = 0): GroupRecord[] {
    return [...this.groupsByUuid.values()].filter((group) => group.firm === firm)
  }
  group(uuid: string): GroupRecord | undefined {
    return this.groupsByUuid.get(uuid.toLowerCase())
  }
  /** Case-insensitive exact name lookup (names are unique per firm, ignoring case). */
  groupByName(name: string, firm: FirmId = 0): GroupRecord | undefined {
    const wanted = name.trim().toLowerCase()
    return this.groups(firm).find((group) => group.name.toLowerCase() === wanted)
  }
  /** The group's participants, in the order they joined. */
  groupMembers(groupUuid: string): AccountRecord[] {
    const group = this.requireGroup(groupUuid)
    const members: AccountRecord[] = []
    for (const uuid of group.members) {
      const account = this.accountsByUuid.get(uuid)
      if (account) members.push(account)
    }
    return members
  }
  /** The largest group of a firm (benchmarks and big-list tests use it). */
  largestGroup(firm: FirmId = 0): GroupRecord {
    const groups = this.groups(firm)
    const first = groups[0]
    if (!first) throw new StoreError('the firm has no groups')
    return groups.reduce((best, group) => (group.members.size > best.members.size ? group : best), first)
  }
  circles(firm: FirmId = 0): CircleRecord[] {
    return [...this.circlesByUuid.values()].filter((circle) => circle.firm === firm)
  }
  circle(uuid: string): CircleRecord | undefined {
    return this.circlesByUuid.get(uuid.toLowerCase())
  }
  businessUnits(firm: FirmId = 0): BusinessUnitRecord[] {
    return [...this.unitsByUuid.values()].filter((unit) => unit.firm === firm)
  }
  businessUnit(uuid: string): BusinessUnitRecord | undefined {
    return this.unitsByUuid.get(uuid.toLowerCase())
  }
  businessUnitByName(name: string, firm: FirmId = 0): BusinessUnitRecord | undefined {
    const wanted = name.trim().toLowerCase()
    return this.businessUnits(firm).find((unit) => unit.name.toLowerCase() === wanted)
  }
  user(id: string): UserRecord | undefined {
    return this.users.find((user) => user.id === id)
  }
  /** Counts for logs and benchmarks. */
  counts(): { accounts: number; groups: number; memberships: number; circles: number; businessUnits: number } {
    let memberships = 0
    for (const group of this.groupsByUuid.values()) memberships += group.members.size
    return {
      accounts: this.accountList.length,
      groups: this.groupsByUuid.size,
      memberships,
      circles: this.circlesByUuid.size,
      businessUnits: this.unitsByUuid.size,
    }
  }

  // ── accounts ───────────────────────────────────────────────────────────────────────────

  /** Adds an account (e.g. a client created "in Plannr's web app" while the app was offline). */
  createAccount(input: {
    firstName: string
    lastName: string
    type?: AccountType
    role?: AccountRole
    email?: string | null
    firm?: FirmId
    groups?: string[]
  }): AccountRecord {
    const now = this.now()
    const account = unlinkedAccount({
      uuid: randomUUID(),
      firm: input.firm ?? 0,
      type: input.type ?? 'client',
      role: input.role ?? 'individual',
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email ?? null,
      phone: null,
      contactUuid: randomUUID(),
      createdAt: now,
      updatedAt: now,
      firstContactAt: now,
      lastInteractionAt: null,
      referralCode: account8(),
    })
    this.accountList.push(account)
    this.accountsByUuid.set(account.uuid, account)
    for (const groupUuid of input.groups ?? []) this.addParticipants(groupUuid, [account.uuid])
    this.version += 1
    return account
  }

  /** Changes an account's own fields (names, email, type, role…) and bumps its `updatedAt`. */
  updateAccount(
    uuid: string,
    patch: Partial<
      Pick<
        AccountRecord,
        'firstName' | 'lastName' | 'email' | 'phone' | 'type' | 'role' | 'nextReviewAt' | 'inactiveAt'
      >
    >,
  ): AccountRecord {
    const account = this.requireAccount(uuid)
    Object.assign(account, patch)
    this.touch(account)
    return account
  }

  /** Bumps an account's `updatedAt` (to now, or to `at` epoch seconds) without other changes. */
  touchAccount(uuid: string, at?: number): AccountRecord {
    const account = this.requireAccount(uuid)
    this.touch(account, at)
    return account
  }

  /** Removes an account everywhere: its groups, circles and business unit. */
  deleteAccount(uuid: string): boolean {
    const account = this.account(uuid)
    if (!account) return false
    for (const groupUuid of account.groups) {
      const group = this.groupsByUuid.get(groupUuid)
      if (group && group.members.delete(account.uuid)) this.touch(group)
    }
    for (const circleUuid of account.circles) {
      const circle = this.circlesByUuid.get(circleUuid)
      if (circle) {
        circle.accounts = circle.accounts.filter((id) => id !== account.uuid)
        this.touch(circle)
      }
    }
    if (account.businessUnit) this.unitsByUuid.get(account.businessUnit)?.members.delete(account.uuid)
    this.accountsByUuid.delete(account.uuid)
    const index = this.accountList.indexOf(account)
    if (index >= 0) this.accountList.splice(index, 1)
    this.version += 1
    return true
  }

  // ── groups ─────────────────────────────────────────────────────────────────────────────

  /** Creates a group. Does not check name uniqueness: the API route does (422), tests may not. */
  createGroup(input: {
    name: string
    participants?: string[]
    businessUnit?: string | null
    firm?: FirmId
  }): GroupRecord {
    const now = this.now()
    const group: GroupRecord = {
      uuid: randomUUID(),
      firm: input.firm ?? 0,
      name: input.name.trim(),
      slug: slugify(input.name),
      businessUnit: input.businessUnit ? this.requireUnit(input.businessUnit).uuid : null,
      members: new Set(),
      createdAt: now,
      updatedAt: now,
    }
    this.groupsByUuid.set(group.uuid, group)
    this.version += 1
    if (input.participants?.length) {
      this.addParticipants(group.uuid, input.participants)
      group.updatedAt = now
    }
    return group
  }

  /** Renames and/or relinks a group; bumps `updatedAt`. */
  updateGroup(uuid: string, patch: { name?: string; businessUnit?: string | null }): GroupRecord {
    const group = this.requireGroup(uuid)
    if (patch.name !== undefined) {
      group.name = patch.name.trim()
      group.slug = slugify(group.name)
    }
    if (patch.businessUnit !== undefined)
      group.businessUnit = patch.businessUnit ? this.requireUnit(patch.businessUnit).uuid : null
    this.touch(group)
    return group
  }

  renameGroup(uuid: string, name: string): GroupRecord {
    return this.updateGroup(uuid, { name })
  }

  /** Bumps a group's `updatedAt` (to now, or to `at` epoch seconds). */
  touchGroup(uuid: string, at?: number): GroupRecord {
    const group = this.requireGroup(uuid)
    this.touch(group, at)
    return group
  }

  /** Deletes a group (the API documents no delete; tests use this to simulate one). */
  deleteGroup(uuid: string): boolean {
    const group = this.group(uuid)
    if (!group) return false
    for (const accountUuid of group.members) {
      const account = this.accountsByUuid.get(accountUuid)
      if (account) account.groups = account.groups.filter((id) => id !== group.uuid)
    }
    for (const circle of this.circlesByUuid.values()) {
      if (circle.groups.includes(group.uuid)) circle.groups = circle.groups.filter((id) => id !== group.uuid)
    }
    this.groupsByUuid.delete(group.uuid)
    this.version += 1
    return true
  }

  /** Adds accounts to a group; already-present ones are ignored. Bumps the group's `updatedAt`. */
  addParticipants(groupUuid: string, accountUuids: readonly string[]): GroupRecord {
    const group = this.requireGroup(groupUuid)
    for (const uuid of accountUuids) {
      const account = this.requireAccount(uuid)
      if (group.members.has(account.uuid)) continue
      group.members.add(account.uuid)
      account.groups.push(group.uuid)
    }
    this.touch(group)
    return group
  }

  /** Removes accounts from a group; absent ones are ignored. Bumps the group's `updatedAt`. */
  removeParticipants(groupUuid: string, accountUuids: readonly string[]): GroupRecord {
    const group = this.requireGroup(groupUuid)
    for (const uuid of accountUuids) {
      const account = this.account(uuid)
      if (!account || !group.members.delete(account.uuid)) continue
      account.groups = account.groups.filter((id) => id !== group.uuid)
    }
    this.touch(group)
    return group
  }

  // ── circles ────────────────────────────────────────────────────────────────────────────

  createCircle(input: {
    name: string
    accountUuids: string[]
    groupUuids: string[]
    bgColour?: string
    firm?: FirmId
  }): CircleRecord {
    const now = this.now()
    const circle: CircleRecord = {
      uuid: randomUUID(),
      firm: input.firm ?? 0,
      name: input.name.trim(),
      // The newer docs echo a colour the request did not send: the server picks one.
      bgColour: input.bgColour ?? CIRCLE_COLOURS[this.circlesByUuid.size % CIRCLE_COLOURS.length] ?? '#35f4e1',
      accounts: [],
      groups: [],
      jointAccountUuid: null,
      externalReference: null,
      createdAt: now,
      updatedAt: now,
    }
    this.circlesByUuid.set(circle.uuid, circle)
    this.setCircleAccounts(circle, input.accountUuids)
    circle.groups = input.groupUuids.map((uuid) => this.requireGroup(uuid).uuid)
    this.version += 1
    return circle
  }

  /** Updates a circle; `accountUuids` / `groupUuids`, when given, replace the lists. */
  updateCircle(
    uuid: string,
    patch: { name?: string; accountUuids?: string[]; groupUuids?: string[]; bgColour?: string },
  ): CircleRecord {
    const circle = this.requireCircle(uuid)
    if (patch.name !== undefined) circle.name = patch.name.trim()
    if (patch.bgColour !== undefined) circle.bgColour = patch.bgColour
    if (patch.accountUuids !== undefined) this.setCircleAccounts(circle, patch.accountUuids)
    if (patch.groupUuids !== undefined) circle.groups = patch.groupUuids.map((id) => this.requireGroup(id).uuid)
    this.touch(circle)
    return circle
  }

  // ── business units ─────────────────────────────────────────────────────────────────────

  createBusinessUnit(input: { name: string; firm?: FirmId }): BusinessUnitRecord {
    const now = this.now()
    const unit: BusinessUnitRecord = {
      uuid: randomUUID(),
      firm: input.firm ?? 0,
      name: input.name.trim(),
      hasAlternativeBranding: false,
      members: new Set(),
      createdAt: now,
      updatedAt: now,
    }
    this.unitsByUuid.set(unit.uuid, unit)
    this.version += 1
    return unit
  }

  /**
   * Adds accounts to a business unit (moving them from any other unit: an account belongs to at
   * most one) or removes them. Unknown accounts, other firms' accounts and removals of
   * non-members are reported as `failed`.
   */
  moveBusinessUnitMembers(
    unitUuid: string,
    action: 'add' | 'remove',
    accountUuids: readonly string[],
  ): { successful: string[]; failed: string[] } {
    const unit = this.requireUnit(unitUuid)
    const successful: string[] = []
    const failed: string[] = []
    for (const uuid of accountUuids) {
      const account = this.account(uuid)
      if (!account || account.firm !== unit.firm || (action === 'remove' && account.businessUnit !== unit.uuid)) {
        failed.push(uuid)
        continue
      }
      if (action === 'add') {
        if (account.businessUnit && account.businessUnit !== unit.uuid) {
          const previous = this.unitsByUuid.get(account.businessUnit)
          if (previous) {
            previous.members.delete(account.uuid)
            this.touch(previous)
          }
        }
        account.businessUnit = unit.uuid
        unit.members.add(account.uuid)
      } else {
        account.businessUnit = null
        unit.members.delete(account.uuid)
      }
      this.touch(account)
      successful.push(account.uuid)
    }
    this.touch(unit)
    return { successful, failed }
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────

  /** Wall-clock now in epoch seconds. */
  now(): number {
    return Math.floor(Date.now() / 1000)
  }

  private touch(record: { updatedAt: number }, at?: number): void {
    record.updatedAt = at ?? Math.max(this.now(), record.updatedAt + 1)
    this.version += 1
  }

  private setCircleAccounts(circle: CircleRecord, accountUuids: readonly string[]): void {
    const next = accountUuids.map((uuid) => this.requireAccount(uuid).uuid)
    for (const old of circle.accounts) {
      if (next.includes(old)) continue
      const account = this.accountsByUuid.get(old)
      if (account) account.circles = account.circles.filter((id) => id !== circle.uuid)
    }
    for (const uuid of next) {
      const account = this.accountsByUuid.get(uuid)
      if (account && !account.circles.includes(circle.uuid)) account.circles = [...account.circles, circle.uuid]
    }
    circle.accounts = next
  }

  requireAccount(uuid: string): AccountRecord {
    const account = this.account(uuid)
    if (!account) throw new StoreError(`no account ${uuid}`)
    return account
  }
  requireGroup(uuid: string): GroupRecord {
    const group = this.group(uuid)
    if (!group) throw new StoreError(`no group ${uuid}`)
    return group
  }
  requireCircle(uuid: string): CircleRecord {
    const circle = this.circle(uuid)
    if (!circle) throw new StoreError(`no circle ${uuid}`)
    return circle
  }
  requireUnit(uuid: string): BusinessUnitRecord {
    const unit = this.businessUnit(uuid)
    if (!unit) throw new StoreError(`no business unit ${uuid}`)
    return unit
  }
}

function account8(): string {
  return randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()
}
