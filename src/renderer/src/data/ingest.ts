import type { Table, Transaction } from 'dexie'
import type { BusinessUnit, Circle, Firm, Group, Participant } from '../../../shared/plannr/models'
import type { PlannrDb } from './db'
import { forgetGroupCounts } from './counts'
import { compactParticipant } from './compact'
import { membershipKeys, sameKeys, toCachedParticipant, toMembership } from './normalise'
import { syncMayWrite } from './local-revision'
import { heldMembers } from './member-commits'
import { outsideEveryGroup, rekeyMemberships } from './participant-groups'
import type { CachedParticipant, Pending, StoredParticipant } from './records'
import type { PassDigests } from './pass-digests'
import { membershipDeletesIssued, type PassMemberships } from './pass-memberships'
import { markChanged } from './revision'
import { searchWords } from './search-words'
import { stageSearchChanges } from './search-live'
import { knownRowsStillTrue, noteWritten, pageRevision, rowsThatMayExist } from './run-rows'

export interface IngestParticipantsOptions {
  /**
   * The full pass these rows belong to, noted on the memberships this write creates ('' for an
   * incremental refresh). Existing memberships are not rewritten: a pass keeps what it saw in
   * memory (pass-seen.ts), not on every row.
   */
  pass: string | null
  /**
   * The local revision (local-revision.ts) noted before these rows were read: memberships the
   * outbox committed after it are newer than the rows and are left as they are.
   */
  readRevision: number
  /**
   * Runs inside the same transaction (e.g. recording sync progress), so both commit or neither.
   * `changed` says whether the page wrote any row (a full pass saves its progress less often
   * when its pages change nothing).
   */
  alsoWrite?: (tx: Transaction, changed: boolean) => Promise<unknown>
  /**
   * Participants this run already wrote or found current (uuid → updatedAt). A row arriving again
   * with the same updatedAt (a participant in several groups) is neither read nor written again;
   * the map is updated once the page committed.
   */
  known?: Map<string, string>
  /**
   * The full pass's view of which memberships the cache holds (pass-memberships.ts): when given,
   * a page of a pass over a cache that held participants when the run began checks its
   * memberships against it instead of reading each one.
   */
  memberships?: PassMemberships
  /**
   * The full pass's view of the cached participants' digests (pass-digests.ts): when given, a
   * page of a pass over a cache that held participants when the run began reads only the rows
   * whose digest differs from the account's.
   */
  digests?: PassDigests
}

/**
 * Writes one page of participants (and the firms carried with the page) in one transaction:
 * firms once, participants normalised, memberships of `groupUuid` with their folded sort keys.
 * Only what changed is written: an unchanged participant, firm or existing membership costs a
 * read, not a write. When a participant's keys changed (renamed, retyped), its memberships in
 * every group are rewritten, so every group's indexes stay true.
 */
export function ingestParticipants(
  db: PlannrDb,
  groupUuid: string | null,
  participants: Participant[],
  firms: Firm[],
  options: IngestParticipantsOptions,
): Promise<void> {
  return ingestPage(db, participants, firms, groupUuid === null ? null : () => [groupUuid], false, options)
}

/**
 * Writes one page of accounts read with their groups (the account plan): each account's
 * memberships are derived from its `groups`, restricted to `groups` (the user's groups the read
 * asked about) and to groups the cache holds. Adds memberships only; removing one is
 * reconciliation's business (prune.ts).
 */
export function ingestAccounts(
  db: PlannrDb,
  accounts: Participant[],
  firms: Firm[],
  groups: ReadonlySet<string>,
  options: IngestParticipantsOptions,
): Promise<void> {
  return ingestPage(
    db,
    accounts,
    firms,
    (account) => account.groups.map((group) => group.uuid).filter((uuid) => groups.has(uuid)),
    true,
    options,
  )
}

async function ingestPage(
  db: PlannrDb,
  participants: Participant[],
  firms: Firm[],
  memberOf: ((participant: Participant) => string[]) | null,
  onlyCachedGroups: boolean,
  options: IngestParticipantsOptions,
): Promise<void> {
  const tables = [db.participants, db.memberships, db.firms, db.syncState, db.meta, db.groups]
  const rows = uniqueBy(participants, (participant) => participant.uuid)
  const known = options.known
  let applySearch = (): void => {}
  let wrote = false
  let written: string[] = []
  let homeless: ReadonlySet<string> = new Set()
  let revisionLeft = 0
  let addedMemberships: Array<[string, string]> = []
  let storedRows: StoredParticipant[] = []
  let digests: PassDigests | undefined
  // Read before the transaction is created: see PassMemberships.
  const deletesBefore = membershipDeletesIssued(db)
  await db.transaction('rw', tables, async (tx) => {
    if (
      await putChangedFirms(
        db,
        uniqueBy(firms, (firm) => firm.uuid),
      )
    )
      wrote = true
    // Both proofs below start from the search revision this transaction sees: read once.
    const revisionBefore = known || options.digests ? await pageRevision(db) : 0
    // What the run noted holds only while nobody else wrote or deleted participants since its
    // last page (the outbox dropping one left in no group): else it reads again (run-rows.ts).
    if (known && !knownRowsStillTrue(known, revisionBefore)) known.clear()
    // A participant in several groups arrives once per group: read and write it only once.
    const arrived = known ? rows.filter((row) => known.get(row.uuid) !== row.updatedAt) : rows
    // In a first sync, most rows cannot be in the table yet: those are neither read nor looked
    // up among memberships (run-rows.ts).
    const mayExist = known ? await rowsThatMayExist(db, known, revisionBefore) : null
    // Later passes skip, unread, the rows that are exactly what they would write (pass-digests.ts).
    digests = mayExist === null ? options.digests : undefined
    const same = digests ? await digests.unchanged(db, revisionBefore, arrived.map(toStoredParticipant)) : null
    const fresh = same ? arrived.filter((row) => !same.has(row.uuid)) : arrived
    const existing = await readExisting(
      db,
      fresh.map((participant) => participant.uuid),
      mayExist,
    )
    const changed = fresh.filter((row, index) => {
      const before = existing[index]
      // A row stored without its digest is written once, so that later passes can skip it.
      return before === undefined || !sameRow(before, row) || !(digests?.hasDigest(row.uuid) ?? true)
    })
    // Memberships first: a row is written only for a participant who ends the page in a group.
    let joined: ReadonlySet<string> = new Set()
    if (memberOf !== null) {
      const memberships = await addMissingMemberships(
        db,
        rows,
        memberOf,
        onlyCachedGroups,
        options,
        mayExist,
        deletesBefore,
      )
      addedMemberships = memberships.added
      joined = memberships.members
      if (addedMemberships.length > 0) wrote = true
    }
    // A page read before the outbox committed a removal still lists the removed participant; the
    // membership is held back (member-commits.ts), and written alone their row would stay in no
    // group, in quick search and Reviews for good. Usually every row joins a group here and
    // nothing is read for this.
    homeless = await outsideEveryGroup(
      db,
      changed.filter((row) => !joined.has(row.uuid)).map((row) => row.uuid),
    )
    const toWrite = changed.filter((row) => !homeless.has(row.uuid))
    if (toWrite.length > 0) {
      const cached = toWrite.map(toCachedParticipant)
      storedRows = cached.map(compactParticipant)
      await db.participants.bulkPut(storedRows)
      applySearch = await stageSearchChanges(db, cached, [])
      written = toWrite.map((row) => row.uuid)
      wrote = true
    }
    const rekeyed = fresh.filter((participant, index) => {
      const before = existing[index]
      return (
        before !== undefined &&
        !homeless.has(participant.uuid) &&
        !sameKeys(membershipKeys(before), membershipKeys(participant))
      )
    })
    for (const participant of rekeyed) {
      const keys = membershipKeys(participant)
      await rekeyMemberships(db, participant.uuid, keys)
      wrote = true
    }
    if (options.alsoWrite) await options.alsoWrite(tx, wrote)
    if (known || digests) revisionLeft = await pageRevision(db)
  })
  options.memberships?.added(addedMemberships)
  digests?.committed(storedRows, revisionLeft)
  if (known) {
    // One not written is not known: met again later in the run (another group), it is written.
    for (const row of rows) if (!homeless.has(row.uuid)) known.set(row.uuid, row.updatedAt)
    noteWritten(known, written, revisionLeft)
  }
  applySearch()
  // Memoised figures (filtered counts) only go stale when rows changed.
  if (wrote) markChanged(db)
}

/**
 * The cached rows of `uuids` (undefined where there is none), reading only those that may exist
 * (`mayExist`, or every one when null).
 */
async function readExisting(
  db: PlannrDb,
  uuids: string[],
  mayExist: ReadonlySet<string> | null,
): Promise<Array<CachedParticipant | undefined>> {
  if (mayExist === null) return db.participants.bulkGet(uuids)
  const toRead = uuids.filter((uuid) => mayExist.has(uuid))
  if (toRead.length === 0) return uuids.map(() => undefined)
  const read = await db.participants.bulkGet(toRead)
  const byUuid = new Map(toRead.map((uuid, index) => [uuid, read[index]]))
  return uuids.map((uuid) => byUuid.get(uuid))
}

/**
 * The memberships the page implies that the cache does not have yet. A participant the user
 * removed offline stays out until that removal reaches Plannr, and one whose removal was
 * committed after this page was read stays out too. Only participants in `mayExist` (all when
 * null) can have memberships already: the others are not looked up. Returns the memberships
 * written, as [groupUuid, participantUuid] keys, and the participants the page leaves a member
 * of some group (written now or already there).
 */
async function addMissingMemberships(
  db: PlannrDb,
  rows: Participant[],
  memberOf: (participant: Participant) => string[],
  onlyCachedGroups: boolean,
  options: IngestParticipantsOptions,
  mayExist: ReadonlySet<string> | null,
  deletesBefore: number,
): Promise<{ added: Array<[string, string]>; members: Set<string> }> {
  const wanted = rows.flatMap((participant) => memberOf(participant).map((groupUuid) => ({ groupUuid, participant })))
  if (wanted.length === 0) return { added: [], members: new Set() }
  const groupUuids = [...new Set(wanted.map((entry) => entry.groupUuid))]
  const groupRows = await db.groups.bulkGet(groupUuids)
  const held = new Map(
    groupUuids.map((uuid, index) => [uuid, heldMembers(groupRows[index], options.readRevision).removed]),
  )
  const cachedGroups = new Set(groupRows.flatMap((group) => (group ? [group.uuid] : [])))
  const candidates = wanted.filter(
    ({ groupUuid, participant }) =>
      !(held.get(groupUuid)?.has(participant.uuid) ?? false) && (!onlyCachedGroups || cachedGroups.has(groupUuid)),
  )
  const toCheck =
    mayExist === null ? candidates : candidates.filter(({ participant }) => mayExist.has(participant.uuid))
  const keys = toCheck.map(({ groupUuid, participant }): [string, string] => [groupUuid, participant.uuid])
  // A first sync's pages have few memberships to check (mayExist): point reads are cheaper there
  // than reading whole groups' keys.
  const present =
    options.memberships && mayExist === null
      ? await options.memberships.holds(db, deletesBefore, keys)
      : (await db.memberships.bulkGet(keys)).map((row) => row !== undefined)
  const found = new Set(toCheck.filter((_, index) => present[index]))
  const missing = candidates.filter((candidate) => !found.has(candidate))
  const members = new Set(candidates.map(({ participant }) => participant.uuid))
  if (missing.length === 0) return { added: [], members }
  await db.memberships.bulkPut(
    missing.map(({ groupUuid, participant }) => toMembership(groupUuid, participant, options.pass ?? '')),
  )
  await forgetGroupCounts(db, [...new Set(missing.map((entry) => entry.groupUuid))])
  const added = missing.map(({ groupUuid, participant }): [string, string] => [groupUuid, participant.uuid])
  return { added, members }
}

/** Firms arrive with every page; most pages carry the same one or two, unchanged. */
/** Writes the firms that differ from the cache's; resolves whether any did. */
async function putChangedFirms(db: PlannrDb, firms: Firm[]): Promise<boolean> {
  if (firms.length === 0) return false
  const existing = await db.firms.bulkGet(firms.map((firm) => firm.uuid))
  // Field by field, as the lists compare: a firm read back with its keys in another order is unchanged.
  const changed = firms.filter((firm, index) => !sameFields(existing[index], firm))
  if (changed.length > 0) await db.firms.bulkPut(changed)
  return changed.length > 0
}

/**
 * Upserts groups listed by a read that began at local revision `readRevision`. A row with a
 * queued edit (pendingOpId) keeps the local copy: the server's may be older than the user's
 * change, and the edit's commit writes Plannr's answer anyway. A row the outbox committed after
 * the read began keeps it too: the listing predates that answer (local-revision.ts).
 */
export function ingestGroups(db: PlannrDb, groups: Group[], readRevision: number): Promise<void> {
  return ingestListed(db.groups, groups, readRevision, (group, before) => ({
    ...group,
    pendingOpId: null,
    pendingMembers: null,
    committedAt: before?.committedAt ?? null,
    // The list says nothing about memberships: their commit notes stay (member-commits.ts).
    memberCommits: before?.memberCommits ?? null,
  }))
}

/** Upserts circles, keeping local copies as ingestGroups does. */
export function ingestCircles(db: PlannrDb, circles: Circle[], readRevision: number): Promise<void> {
  return ingestListed(db.circles, circles, readRevision, (circle) => ({ ...circle, pendingOpId: null }))
}

/** Upserts business units, keeping local copies as ingestGroups does. */
export function ingestBusinessUnits(db: PlannrDb, units: BusinessUnit[], readRevision: number): Promise<void> {
  return ingestListed(db.businessUnits, units, readRevision, (unit) => ({ ...unit, pendingOpId: null }))
}

/**
 * One list read into its table: rows sync may write (syncMayWrite) become `toRow` of the listed
 * item, and only those that differ from what the cache holds are written, so a list read every
 * few minutes (thousands of circles in a large firm) rewrites nothing when nothing changed,
 * which would otherwise grow the database on disk with every refresh.
 */
async function ingestListed<Item extends { uuid: string }, Row extends { uuid: string } & Pending>(
  table: Table<Row, string>,
  items: readonly Item[],
  readRevision: number,
  toRow: (item: Item, before: Row | undefined) => Row,
): Promise<void> {
  await table.db.transaction('rw', table, async () => {
    const existing = await table.bulkGet(items.map((item) => item.uuid))
    const changed = items.flatMap((item, index) => {
      const before = existing[index]
      if (!syncMayWrite(before, readRevision)) return []
      const row = toRow(item, before)
      return sameFields(before, row) ? [] : [row]
    })
    if (changed.length > 0) await table.bulkPut(changed)
  })
}

function sameFields(before: object | undefined, row: object): boolean {
  if (!before) return false
  const a = Object.entries(before)
  const b = new Map(Object.entries(row))
  return (
    a.length === b.size && a.every(([key, value]) => b.has(key) && JSON.stringify(value) === JSON.stringify(b.get(key)))
  )
}

/**
 * Same content apart from what the cache drops (groups), and the same derived search words: a
 * row cached before search-words.ts changed (e.g. without its name phrase) is rewritten by the
 * next sync that sees it, with no blocking migration of every row at start-up.
 */
function sameRow(before: CachedParticipant, row: Participant): boolean {
  if (before.pendingOpId) return false
  const { groups: _groups, ...incoming } = row
  const cached = before as unknown as Record<string, unknown>
  return (
    Object.entries(incoming).every(
      ([key, value]) => JSON.stringify(cached[key] ?? null) === JSON.stringify(value ?? null),
    ) && sameWords(before.words, searchWords(row))
  )
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((word, index) => word === b[index])
}

function toStoredParticipant(participant: Participant): StoredParticipant {
  return compactParticipant(toCachedParticipant(participant))
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>()
  for (const item of items) seen.set(key(item), item)
  return [...seen.values()]
}
