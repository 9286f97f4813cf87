import { Dexie, type Table, type Transaction } from 'dexie'
import { expandParticipant } from './compact'
import { circleListsOnce, participantListsOnce } from './read-once'
import { countMembershipDeletes } from './pass-memberships'
import { stampParticipantDigests, type DigestedParticipant } from './row-digest'
import { trackReviewOrder } from './review-order'
import {
  stampCircleAccountUuids,
  withAccountUuids,
  withoutAccountUuids,
  type IndexedCircle,
} from './circle-account-index'
import type {
  CachedBusinessUnit,
  CachedCircle,
  CachedFirm,
  CachedGroup,
  CachedParticipant,
  StoredParticipant,
  GroupSyncState,
  Membership,
  MetaRow,
  OutboxRecord,
} from './records'

const DEFAULT_DB_NAME = 'plannr-cache'

/**
 * Schema history. Dexie keeps every version declared here and upgrades an older database
 * step by step on open, so a user who skipped releases still migrates cleanly.
 *
 * How to migrate: never edit a shipped version. Add `this.version(n + 1).stores({...changed
 * tables only...}).upgrade(tx => ...)` below the last one; the upgrade callback rewrites rows
 * (e.g. recompute `words` with tx.table('participants').toCollection().modify(...)). When a
 * change only affects derived data (sort keys, search words, memberships), an upgrade may
 * instead clear the derived tables and their syncState rows: the next sync refills them
 * and nothing the user created (outbox, pending records) is lost.
 */
export const SCHEMA_V1 = Object.freeze({
  groups: 'uuid, name',
  participants: 'uuid, *words',
  memberships: [
    '[groupUuid+participantUuid]',
    'participantUuid',
    '[groupUuid+kName+participantUuid]',
    '[groupUuid+kFirst+participantUuid]',
    '[groupUuid+kLast+participantUuid]',
    '[groupUuid+kCreated+participantUuid]',
    '[groupUuid+kUpdated+participantUuid]',
    '[groupUuid+kType+participantUuid]',
  ].join(', '),
  circles: 'uuid, name',
  businessUnits: 'uuid, name',
  firms: 'uuid',
  syncState: 'groupUuid',
  meta: 'key',
  outbox: 'id, seq, status, [status+seq], nextAttemptAt',
} as const)

/**
 * Version 2: the outbox's lookups by index instead of whole-table reads (its cost stays flat as
 * the queue grows): the operations on a record (`subjectUuid`), the operations waiting for one
 * (`*dependsOn`), and queued names (`payload.name`, for name uniqueness). New indexes only: no
 * row changes.
 */
export const SCHEMA_V2 = Object.freeze({
  outbox: 'id, seq, status, [status+seq], nextAttemptAt, subjectUuid, *dependsOn, payload.name',
} as const)

/**
 * Version 3: reviews due across the account (data/reviews.ts) from an index on participants'
 * `nextReviewDate` instead of a scan. A new index only: IndexedDB fills it from the rows already
 * stored when the database upgrades (a row without a next review has no key and no entry), so
 * existing caches and every queued outbox operation stay as they are.
 */
export const SCHEMA_V3 = Object.freeze({
  participants: 'uuid, *words, nextReviewDate',
} as const)

/**
 * Version 4: memberships keep only the indexes a query needs: the primary key (a group's
 * members, a range on `[groupUuid+participantUuid]`) and `participantUuid` (a participant's
 * groups, and renames reaching every group). The six `[groupUuid+<sort key>+participantUuid]`
 * indexes are gone: a group's orders are sorted in memory from its key table (member-keys.ts),
 * which costs less than the indexes did on disk (about as much as the rows themselves) and on
 * every membership write (eight index entries per row, now two). Dropping indexes changes no
 * row: the cache, its sort keys and every queued outbox operation carry over untouched.
 */
export const SCHEMA_V4 = Object.freeze({
  memberships: '[groupUuid+participantUuid], participantUuid',
} as const)

/**
 * Version 5: memberships lose their `participantUuid` index. Each entry repeated the row's
 * two-uuid primary key (about a sixth of the cache on disk) and cost one more entry per
 * membership written, for questions asked rarely (a participant's groups, a rename reaching every
 * group, whether a participant is left in no group), which a point read per cached group answers
 * from the primary key instead (participant-groups.ts: the groups that have memberships, then a
 * point read per group).
 * Dropping an index changes no row: the cache and every queued outbox operation carry over.
 */
export const SCHEMA_V5 = Object.freeze({
  memberships: '[groupUuid+participantUuid]',
} as const)

/**
 * Version 6: participants lose their multiEntry `words` index. Quick search answers from an
 * in-memory index (search-live.ts) kept beside the cache and saved as a blob, so the IndexedDB
 * index only served the seconds a stale index takes to rebuild, while it cost six to eight index
 * entries per participant written (most of a first sync's participant writes) and about an
 * eighth of the cache on disk. The rows keep their `words`: the in-memory index is built from
 * them. Dropping an index changes no row: the cache and every queued outbox operation carry over.
 */
export const SCHEMA_V6 = Object.freeze({
  participants: 'uuid, nextReviewDate',
} as const)

/**
 * Version 7: participants gain an index on `digest`, a hash of the row as stored (row-digest.ts),
 * which every write through PlannrDb stamps. A full pass reads the index's keys once and skips
 * reading every account whose row is exactly what it would write (pass-digests.ts): on a pass
 * that finds nothing changed, those reads were most of what the renderer and Chromium's storage
 * process did. A new index only: rows stored before it have no digest and no index entry, and the
 * next full pass rewrites each once (at the cost of a first sync's participant writes) instead of
 * a migration that would hold start-up while it hashed every row. The cache and every queued
 * outbox operation carry over.
 */
export const SCHEMA_V7 = Object.freeze({
  participants: 'uuid, nextReviewDate, digest',
} as const)

/**
 * Version 8: the outbox gains an index on `payload.base_name`, the name a queued rename moves a
 * record away from. An operation that claims that name (a create taking a group's old name)
 * finds the rename it must wait for through it (outbox/unique-name.ts), without reading the
 * queue. A new index only: IndexedDB fills it from the stored operations on upgrade, and the
 * cache and every queued operation carry over.
 */
export const SCHEMA_V8 = Object.freeze({
  outbox: 'id, seq, status, [status+seq], nextAttemptAt, subjectUuid, *dependsOn, payload.name, payload.base_name',
} as const)

/**
 * Version 9: circles gain a multiEntry index on `accountUuids`, the uuids of their accounts
 * (circle-account-index.ts), so a participant's details find the circles they are in with one
 * index lookup instead of reading every circle. Unlike the indexes before it, this one is on a
 * field the rows did not have: the upgrade (upgradeToV9) adds it to every stored circle, pending
 * ones included, so no circle is missing from the index until the next sync. Only circle rows
 * change: the rest of the cache and every queued outbox operation carry over untouched.
 */
export const SCHEMA_V9 = Object.freeze({
  circles: 'uuid, name, *accountUuids',
} as const)

/**
 * Every version's `stores()` argument, in order (index n is version n + 1), frozen: tests build
 * a database as an older release left it from these, never from a copy.
 */
export const SCHEMA_HISTORY = Object.freeze([
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V4,
  SCHEMA_V5,
  SCHEMA_V6,
  SCHEMA_V7,
  SCHEMA_V8,
  SCHEMA_V9,
] as const)

/** Version 9's upgrade: every stored circle gets its accounts' uuids (and so its index entries). */
export async function upgradeToV9(tx: Transaction): Promise<void> {
  await tx
    .table('circles')
    .toCollection()
    .modify((row: unknown, ctx: { value: unknown }) => {
      ctx.value = withAccountUuids(row)
    })
}

export type Durability = 'default' | 'strict'

export class PlannrDb extends Dexie {
  groups!: Table<CachedGroup, string>
  participants!: Table<CachedParticipant, string, StoredParticipant>
  memberships!: Table<Membership, [string, string]>
  circles!: Table<CachedCircle, string>
  businessUnits!: Table<CachedBusinessUnit, string>
  firms!: Table<CachedFirm, string>
  syncState!: Table<GroupSyncState, string>
  meta!: Table<MetaRow, string>
  outbox!: Table<OutboxRecord, string>

  constructor(name: string = DEFAULT_DB_NAME, durability: Durability = 'default') {
    super(name, durability === 'strict' ? { chromeTransactionDurability: 'strict' } : {})
    this.version(1).stores(SCHEMA_V1)
    this.version(2).stores(SCHEMA_V2)
    this.version(3).stores(SCHEMA_V3)
    this.version(4).stores(SCHEMA_V4)
    this.version(5).stores(SCHEMA_V5)
    this.version(6).stores(SCHEMA_V6)
    this.version(7).stores(SCHEMA_V7)
    this.version(8).stores(SCHEMA_V8)
    this.version(9).stores(SCHEMA_V9).upgrade(upgradeToV9)
    // Rows are stored compact (compact.ts); every read, by any module, sees the full shape.
    // (bulkGet passes its misses through the hook too: they stay undefined.)
    // Each list's records once, whatever an earlier release stored (read-once.ts).
    this.participants.hook('reading', (row?: DigestedParticipant) =>
      row ? participantListsOnce(expandParticipant(row)) : row,
    )
    // Every participant row written carries the digest of its content (row-digest.ts).
    stampParticipantDigests(this)
    // Every circle row written carries its accounts' uuids, for the index by account; readers
    // never see them (circle-account-index.ts).
    stampCircleAccountUuids(this)
    this.circles.hook('reading', (row?: IndexedCircle) => (row ? circleListsOnce(withoutAccountUuids(row)) : row))
    // The in-memory next review order follows every write made through this instance.
    trackReviewOrder(this)
    // A full pass's view of which memberships exist is dropped when one is deleted (pass-memberships.ts).
    countMembershipDeletes(this)
  }
}

/**
 * The cache is one IndexedDB database opened through two Dexie instances:
 *
 * - `cache` (default durability) for sync: bulk writes of thousands of rows, where flushing
 *   to disk on every commit would only slow sync down and a lost tail is simply re-fetched;
 * - `durable` (`chromeTransactionDurability: 'strict'`) for the outbox: a transaction on it
 *   reports complete only once flushed, so the UI says "queued" only when the operation would
 *   survive a power cut.
 *
 * One database rather than a dedicated outbox database because a queued create needs the outbox
 * row and the cache rows it touches (a pending group, its temp uuid rewritten in dependents) to
 * change in ONE transaction — IndexedDB transactions cannot span databases. Use `durable` for every
 * transaction that writes the outbox.
 */
export interface PlannrDatabases {
  cache: PlannrDb
  durable: PlannrDb
  close(): void
}

export async function openPlannrDatabases(name: string = DEFAULT_DB_NAME): Promise<PlannrDatabases> {
  const cache = new PlannrDb(name, 'default')
  await cache.open()
  const durable = new PlannrDb(name, 'strict')
  await durable.open()
  return {
    cache,
    durable,
    close() {
      cache.close()
      durable.close()
    },
  }
}
