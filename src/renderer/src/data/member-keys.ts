import { PARTICIPANT_SORT_FIELDS, type ParticipantSortField } from '../../../shared/plannr/participant-query'
import { groupRange } from './counts'
import type { PlannrDb } from './db'
import type { Membership } from './records'
import { revisionOf } from './revision'

/**
 * A group's members as a compact in-memory key table: what every order and filter of the
 * participants table needs (the folded sort keys, type, role, uuid), read once from the group's
 * membership rows and then sorted and filtered in memory.
 *
 * Why not one IndexedDB index per order: six `[groupUuid+<key>+participantUuid]` indexes cost
 * about as much disk as the rows they sort and made every membership write update eight index
 * entries, while a sort change still had to read the whole group's keys. Sorting pre-folded keys with `<`
 * in memory is the same order (IndexedDB compares strings by UTF-16 code units, as `<` does) at a
 * fraction of the cost, and each field's ascending order is kept once computed.
 *
 * Freshness: a table remembers the cache revision (revision.ts) it was read at. Every writer of
 * memberships bumps it after its transaction commits (and a Dexie mutation event bumps it for
 * writes from another window), so the next read after any membership change reads the group
 * again; a sort or filter change with nothing written in between never touches IndexedDB.
 */

/** One member's keys: the Membership row without its group and sync bookkeeping. */
export type MemberKey = Pick<
  Membership,
  'participantUuid' | 'kName' | 'kFirst' | 'kLast' | 'kCreated' | 'kUpdated' | 'kType' | 'type' | 'role'
>

const SORT_COLUMNS = {
  name: 'kName',
  first_name: 'kFirst',
  last_name: 'kLast',
  created_at: 'kCreated',
  updated_at: 'kUpdated',
  type: 'kType',
} as const satisfies Record<ParticipantSortField, keyof MemberKey>

export class MemberKeyTable {
  private readonly ascending = new Map<ParticipantSortField, readonly MemberKey[]>()

  constructor(readonly members: readonly MemberKey[]) {}

  get size(): number {
    return this.members.length
  }

  /** Whether `field`'s order is computed already. */
  has(field: ParticipantSortField): boolean {
    return this.ascending.has(field)
  }

  /**
   * The members in ascending `field` order, ties by participant uuid (the API's order; descending
   * is its exact reverse). Computed on first use and kept: flipping a direction or coming back
   * to a field costs nothing.
   */
  sorted(field: ParticipantSortField): readonly MemberKey[] {
    const known = this.ascending.get(field)
    if (known) return known
    const column = SORT_COLUMNS[field]
    const order = [...this.members].sort((a, b) => {
      const x = a[column]
      const y = b[column]
      if (x !== y) return x < y ? -1 : 1
      return a.participantUuid < b.participantUuid ? -1 : a.participantUuid > b.participantUuid ? 1 : 0
    })
    this.ascending.set(field, order)
    return order
  }
}

interface Entry {
  revision: number
  table: Promise<MemberKeyTable>
}

/** Tables kept per database: the open group and the few before it (a back-and-forth costs nothing). */
const MAX_TABLES = 3
const tables = new Map<string, Entry>()

/**
 * The group's key table as of the cache's current revision: from memory when nothing was
 * written since it was read, otherwise read again (one range read of the group's rows).
 */
export function memberKeyTable(db: PlannrDb, groupUuid: string): Promise<MemberKeyTable> {
  const key = `${db.name}|${groupUuid}`
  const revision = revisionOf(db)
  const known = tables.get(key)
  if (known && known.revision === revision) {
    // Most recently used last, so the oldest is the first to go.
    tables.delete(key)
    tables.set(key, known)
    return known.table
  }
  const table = readMemberKeys(db, groupUuid)
  tables.delete(key)
  tables.set(key, { revision, table })
  table.then(
    (read) => warmUp(read, () => tables.get(key)?.table === table),
    // A failed read is not remembered: the next call tries again.
    () => {
      if (tables.get(key)?.table === table) tables.delete(key)
    },
  )
  while (tables.size > MAX_TABLES) {
    const oldest = tables.keys().next().value
    if (oldest === undefined) break
    tables.delete(oldest)
  }
  return table
}

const FIELDS: readonly ParticipantSortField[] = ['name', ...PARTICIPANT_SORT_FIELDS]

/**
 * Sorts the table's other orders one per task after it was read, while it is still the group's
 * current table, so the user's next sort change finds its order ready instead of sorting then.
 */
function warmUp(table: MemberKeyTable, current: () => boolean): void {
  const next = (): void => {
    const field = FIELDS.find((candidate) => !table.has(candidate))
    if (field === undefined || !current()) return
    table.sorted(field)
    setTimeout(next, 0)
  }
  setTimeout(next, 0)
}

async function readMemberKeys(db: PlannrDb, groupUuid: string): Promise<MemberKeyTable> {
  const rows = await groupMemberships(db, groupUuid)
  // Type, role and type key repeat across the group: one string each instead of one per row.
  const shared = new Map<string, string>()
  const intern = (text: string): string => {
    const known = shared.get(text)
    if (known !== undefined) return known
    shared.set(text, text)
    return text
  }
  return new MemberKeyTable(
    rows.map((row): MemberKey => ({
      participantUuid: row.participantUuid,
      kName: row.kName,
      kFirst: row.kFirst,
      kLast: row.kLast,
      kCreated: row.kCreated,
      kUpdated: row.kUpdated,
      kType: intern(row.kType),
      type: intern(row.type),
      role: row.role === null ? null : intern(row.role),
    })),
  )
}

/**
 * The newest `updatedAt` key among the group's cached members (sync's high-water mark after a
 * full pass). One range read of the group's rows: there is no index by update time, and this
 * runs once per completed pass, not per screen.
 */
export async function newestMemberUpdate(db: PlannrDb, groupUuid: string): Promise<string | null> {
  const rows = await groupMemberships(db, groupUuid)
  let newest: string | null = null
  for (const row of rows) if (newest === null || row.kUpdated > newest) newest = row.kUpdated
  return newest
}

/** The group's membership rows: one range read of the primary key. */
function groupMemberships(db: PlannrDb, groupUuid: string): Promise<Membership[]> {
  const { lower, upper } = groupRange(groupUuid, 1)
  return db.memberships.where('[groupUuid+participantUuid]').between(lower, upper, true, true).toArray()
}
