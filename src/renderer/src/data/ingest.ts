import type { Transaction } from 'dexie'
import type { BusinessUnit, Circle, Firm, Group, Participant } from '../../../shared/plannr/models'
import type { PlannrDb } from './db'
import { groupCountKey } from './counts'
import { compactParticipant } from './compact'
import { membershipKeys, sameKeys, toCachedParticipant, toMembership } from './normalise'
import { syncMayWrite } from './local-revision'
import { heldMembers } from './member-commits'
import type { CachedParticipant, Membership } from './records'
import { markChanged } from './revision'
import { searchWords } from './search-words'
import { stageSearchChanges } from './search-live'

export interface IngestParticipantsOptions {
  /**
   * The full pass these rows belong to. null (incremental refresh) keeps the pass each existing
   * membership already has, so an incremental write never makes a row look "seen" by a pass.
   */
  pass: string | null
  /**
   * The local revision (local-revision.ts) noted before these rows were read: memberships the
   * outbox committed after it are newer than the rows and are left as they are.
   */
  readRevision: number
  /** Runs inside the same transaction (e.g. recording sync progress), so both commit or neither. */
  alsoWrite?: (tx: Transaction) => Promise<unknown>
}

/**
 * Writes one page of participants (and the firms carried with the page) in one transaction:
 * firms once, participants normalised, memberships of `groupUuid` with their folded sort keys.
 * When a participant's keys changed (renamed, retyped), its memberships in OTHER groups are
 * rewritten too, so every group's indexes stay true.
 */
export async function ingestParticipants(
  db: PlannrDb,
  groupUuid: string | null,
  participants: Participant[],
  firms: Firm[],
  options: IngestParticipantsOptions,
): Promise<void> {
  const tables = [db.participants, db.memberships, db.firms, db.syncState, db.meta, db.groups]
  let applySearch = (): void => {}
  await db.transaction('rw', tables, async (tx) => {
    if (firms.length > 0) await db.firms.bulkPut(uniqueBy(firms, (firm) => firm.uuid))
    const rows = uniqueBy(participants, (participant) => participant.uuid)
    const uuids = rows.map((participant) => participant.uuid)
    const existing = await db.participants.bulkGet(uuids)
    // A participant in several groups arrives once per group: write it only when it changed.
    const changed = rows.filter((row, index) => {
      const before = existing[index]
      return before === undefined || !sameRow(before, row)
    })
    if (changed.length > 0) {
      const cached = changed.map(toCachedParticipant)
      await db.participants.bulkPut(cached.map(compactParticipant))
      applySearch = await stageSearchChanges(db, cached, [])
    }

    const rekeyed = rows.filter((participant, index) => {
      const before = existing[index]
      return before !== undefined && !sameKeys(membershipKeys(before), membershipKeys(participant))
    })
    for (const participant of rekeyed) {
      const keys = membershipKeys(participant)
      await db.memberships.where('participantUuid').equals(participant.uuid).modify(keys)
    }

    if (groupUuid !== null) {
      let passes: string[]
      const pass = options.pass
      if (pass !== null) passes = rows.map(() => pass)
      else {
        const before = await db.memberships.bulkGet(uuids.map((uuid): [string, string] => [groupUuid, uuid]))
        passes = before.map((row) => row?.pass ?? '')
      }
      // A participant the user removed offline stays out until that removal reaches Plannr, and
      // one whose removal was committed after this page was read stays out too.
      const { removed } = heldMembers(await db.groups.get(groupUuid), options.readRevision)
      await db.memberships.bulkPut(
        rows.flatMap((participant, index): Membership[] =>
          removed.has(participant.uuid) ? [] : [toMembership(groupUuid, participant, passes[index] ?? '')],
        ),
      )
      await db.meta.delete(groupCountKey(groupUuid))
    }
    if (options.alsoWrite) await options.alsoWrite(tx)
  })
  applySearch()
  markChanged(db)
}

/**
 * Upserts groups listed by a read that began at local revision `readRevision`. A row with a
 * queued edit (pendingOpId) keeps the local copy: the server's may be older than the user's
 * change, and the edit's commit writes Plannr's answer anyway. A row the outbox committed after
 * the read began keeps it too: the listing predates that answer (local-revision.ts).
 */
export async function ingestGroups(db: PlannrDb, groups: Group[], readRevision: number): Promise<void> {
  await db.transaction('rw', db.groups, async () => {
    const existing = await db.groups.bulkGet(groups.map((group) => group.uuid))
    const before = new Map(existing.map((row) => [row?.uuid, row]))
    const fresh = groups.filter((_, index) => syncMayWrite(existing[index], readRevision))
    await db.groups.bulkPut(
      fresh.map((group) => ({
        ...group,
        pendingOpId: null,
        pendingMembers: null,
        committedAt: before.get(group.uuid)?.committedAt ?? null,
        // The list says nothing about memberships: their commit notes stay (member-commits.ts).
        memberCommits: before.get(group.uuid)?.memberCommits ?? null,
      })),
    )
  })
}

/** Upserts circles, keeping local copies as ingestGroups does. */
export async function ingestCircles(db: PlannrDb, circles: Circle[], readRevision: number): Promise<void> {
  await db.transaction('rw', db.circles, async () => {
    const existing = await db.circles.bulkGet(circles.map((circle) => circle.uuid))
    const fresh = circles.filter((_, index) => syncMayWrite(existing[index], readRevision))
    await db.circles.bulkPut(fresh.map((circle) => ({ ...circle, pendingOpId: null })))
  })
}

/** Upserts business units, keeping local copies as ingestGroups does. */
export async function ingestBusinessUnits(db: PlannrDb, units: BusinessUnit[], readRevision: number): Promise<void> {
  await db.transaction('rw', db.businessUnits, async () => {
    const existing = await db.businessUnits.bulkGet(units.map((unit) => unit.uuid))
    const fresh = units.filter((_, index) => syncMayWrite(existing[index], readRevision))
    await db.businessUnits.bulkPut(fresh.map((unit) => ({ ...unit, pendingOpId: null })))
  })
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

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>()
  for (const item of items) seen.set(key(item), item)
  return [...seen.values()]
}
