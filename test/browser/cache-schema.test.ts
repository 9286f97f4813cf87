import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { PlannrDb, SCHEMA_HISTORY } from '../../src/renderer/src/data/db'
import { compactParticipant } from '../../src/renderer/src/data/compact'
import { toCachedParticipant, toMembership } from '../../src/renderer/src/data/normalise'
import { getParticipantDetails } from '../../src/renderer/src/data/details'
import { LiveSearchIndex } from '../../src/renderer/src/data/search-live'
import { orderedGroupParticipants } from '../../src/renderer/src/data/participant-read'
import { markChanged } from '../../src/renderer/src/data/revision'
import { PARTICIPANT_SORT_FIELDS, type ParticipantSortField } from '../../src/shared/plannr/participant-query'
import { crowd, crowdMember } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * Schema version 4 dropped the memberships' six sort indexes, version 5 their `participantUuid`
 * index, version 6 the participants' `words` index, and version 7 added the participants'
 * `digest` index, and version 8 the outbox's `payload.base_name` index. A cache left by an older
 * release (version 7, 6, 5, 4, 3, and version 1 from the first release) upgrades in place: every row and queued outbox
 * operation (temporary uuids included) stays as it was, each group lists in exactly the order the
 * dropped indexes gave, a participant's groups are what the dropped index said, and quick search
 * finds everyone the dropped `words` index did.
 */

const SORTS: ParticipantSortField[] = ['name', ...PARTICIPANT_SORT_FIELDS]
const SORT_INDEX: Record<ParticipantSortField, string> = {
  name: '[groupUuid+kName+participantUuid]',
  first_name: '[groupUuid+kFirst+participantUuid]',
  last_name: '[groupUuid+kLast+participantUuid]',
  created_at: '[groupUuid+kCreated+participantUuid]',
  updated_at: '[groupUuid+kUpdated+participantUuid]',
  type: '[groupUuid+kType+participantUuid]',
}

const SYNCED_GROUP = 'group-synced'

/**
 * An older release's cache: a synced group, a group created offline (a temporary uuid, its
 * members and its create queued), and an edit queued against it that waits for the create.
 */
async function oldCache(name: string, versions: number) {
  // The orders are read from the sort indexes, which exist up to version 3; a later release's
  // cache is that one upgraded.
  const old = new Dexie(name)
  SCHEMA_HISTORY.slice(0, Math.min(versions, 3)).forEach((stores, index) => old.version(index + 1).stores(stores))
  await old.open()
  const all = crowd(30)
  const tempGroup = crypto.randomUUID()
  const createOp = '01JZZZZZZZZZZZZZZZZZZZZZZ1'
  const addOp = '01JZZZZZZZZZZZZZZZZZZZZZZ2'
  await old.table('participants').bulkPut(all.map((p) => compactParticipant(toCachedParticipant(p))))
  await old.table('groups').bulkPut([
    { uuid: SYNCED_GROUP, name: 'Synced', participantsCount: 20, businessUnit: null },
    { uuid: tempGroup, name: 'Made offline', participantsCount: 0, businessUnit: null, pendingOpId: createOp },
  ])
  await old
    .table('memberships')
    .bulkPut([
      ...all.slice(0, 20).map((p) => toMembership(SYNCED_GROUP, p, 'pass1')),
      ...all.slice(15).map((p) => toMembership(tempGroup, p, '')),
    ])
  const queued = (id: string, seq: number, kind: string, payload: unknown, dependsOn: string[]) => ({
    id,
    seq,
    kind,
    status: 'queued',
    payload,
    dependsOn,
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    createdAt: '2026-11-20T09:00:00.000Z',
    subjectUuid: tempGroup,
    reconcileFirst: false,
  })
  await old
    .table('outbox')
    .bulkPut([
      queued(createOp, 1, 'create-group', { name: 'Made offline', participants: [all[15]?.uuid] }, []),
      queued(addOp, 2, 'add-participants', { uuid: tempGroup, participants: [all[0]?.uuid] }, [createOp]),
    ])
  // The order each group had in the old release, read from its own sort indexes.
  const orders = new Map<string, string[]>()
  for (const group of [SYNCED_GROUP, tempGroup]) {
    for (const field of SORTS) {
      const keys = await old
        .table('memberships')
        .where(SORT_INDEX[field])
        .between([group, Dexie.minKey, Dexie.minKey], [group, Dexie.maxKey, Dexie.maxKey])
        .primaryKeys()
      orders.set(
        `${group}|${field}`,
        (keys as Array<[string, string]>).map(([, uuid]) => uuid),
      )
    }
  }
  const snapshot = {
    participants: await old.table('participants').toArray(),
    groups: await old.table('groups').toArray(),
    memberships: await old.table('memberships').toArray(),
    outbox: await old.table('outbox').toArray(),
  }
  old.close()
  if (versions > 3) {
    const later = new Dexie(name)
    SCHEMA_HISTORY.slice(0, versions).forEach((stores, index) => later.version(index + 1).stores(stores))
    await later.open()
    later.close()
  }
  return { tempGroup, orders, snapshot, addOp }
}

/** The index names IndexedDB itself holds for a store. */
async function storeIndexes(name: string, store: string): Promise<string[]> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error('open failed'))
  })
  const names = [...idb.transaction(store).objectStore(store).indexNames]
  idb.close()
  return names.sort()
}

/** Each participant's groups as the membership rows list them, sorted. */
function groupsFromRows(
  participants: readonly { uuid: string }[],
  memberships: readonly { groupUuid: string; participantUuid: string }[],
) {
  const groups = new Map<string, string[]>(participants.map(({ uuid }) => [uuid, []]))
  for (const { groupUuid, participantUuid } of memberships) groups.get(participantUuid)?.push(groupUuid)
  for (const list of groups.values()) list.sort()
  return groups
}

/** Each participant's groups as the old cache's own `participantUuid` index answers, sorted. */
async function groupsByIndex(name: string, participants: readonly { uuid: string }[]) {
  const old = new Dexie(name)
  await old.open()
  const groups = new Map<string, string[]>()
  for (const { uuid } of participants) {
    const keys = await old.table('memberships').where('participantUuid').equals(uuid).primaryKeys()
    groups.set(uuid, keys.map((key) => (Array.isArray(key) ? String(key[0]) : '')).sort())
  }
  old.close()
  return groups
}

describe('cache schema, current version', () => {
  for (const versions of [7, 6, 5, 4, 3, 1]) {
    it(`upgrades a version ${versions} cache in place: rows, queued operations and every group's order`, async () => {
      const name = freshDbName(`schema-v${versions}`)
      const before = await oldCache(name, versions)
      expect(await storeIndexes(name, 'memberships')).toHaveLength(versions >= 5 ? 0 : versions === 4 ? 1 : 7)
      expect(await storeIndexes(name, 'participants')).toEqual(
        versions >= 7
          ? ['digest', 'nextReviewDate']
          : versions >= 6
            ? ['nextReviewDate']
            : expect.arrayContaining(['words']),
      )
      expect(await storeIndexes(name, 'outbox')).not.toContain('payload.base_name')
      // A version 5 or 6 cache has no `participantUuid` index left to ask: its membership rows say it.
      const groupsBefore =
        versions >= 5
          ? groupsFromRows(before.snapshot.participants, before.snapshot.memberships)
          : await groupsByIndex(name, before.snapshot.participants)

      const db = new PlannrDb(name)
      await db.open()
      expect(db.verno).toBe(SCHEMA_HISTORY.length)
      expect(await storeIndexes(name, 'memberships')).toEqual([])
      expect(await storeIndexes(name, 'participants')).toEqual(['digest', 'nextReviewDate'])
      // Version 8: a queued rename's old name is indexed (the operations that claim it wait for it).
      expect(await storeIndexes(name, 'outbox')).toContain('payload.base_name')
      // Rows are not rewritten on upgrade (no digest yet: the next full pass adds it).
      expect(await db.participants.toCollection().raw().toArray()).toEqual(before.snapshot.participants)
      expect(await db.groups.toArray()).toEqual(before.snapshot.groups)
      expect(await db.memberships.toArray()).toEqual(before.snapshot.memberships)
      expect(await db.outbox.toArray()).toEqual(before.snapshot.outbox)
      // The outbox's own indexes (version 2) answer on a cache that started at version 1 too.
      expect(await db.outbox.where('subjectUuid').equals(before.tempGroup).count()).toBe(2)
      expect(await db.outbox.where('dependsOn').equals(before.snapshot.outbox[0]?.id).primaryKeys()).toEqual([
        before.addOp,
      ])

      for (const group of [SYNCED_GROUP, before.tempGroup]) {
        for (const field of SORTS) {
          const old = before.orders.get(`${group}|${field}`)
          expect(await orderedGroupParticipants(db, group, {}, { field, direction: 'asc' }), field).toEqual(old)
          expect(await orderedGroupParticipants(db, group, {}, { field, direction: 'desc' }), field).toEqual(
            [...(old ?? [])].reverse(),
          )
        }
      }
      for (const [uuid, groupUuids] of groupsBefore) {
        expect((await getParticipantDetails(db, uuid))?.groups.map((group) => group.uuid).sort(), uuid).toEqual(
          groupUuids,
        )
      }
      // Quick search, built from the rows' own words, finds everyone by name without the dropped index.
      const search = await LiveSearchIndex.open(db)
      for (const participant of before.snapshot.participants) {
        const hits = await search.search(String(participant.name), 50)
        expect(
          hits.map((hit) => hit.uuid),
          String(participant.name),
        ).toContain(participant.uuid)
      }
      await search.close()
      db.close()
    })
  }

  it('a membership written after the order was read shows in the next read, in its place', async () => {
    const name = freshDbName('schema-v4-write')
    const before = await oldCache(name, 3)
    const db = new PlannrDb(name)
    await db.open()
    const sort = { field: 'last_name', direction: 'asc' } as const
    const first = await orderedGroupParticipants(db, SYNCED_GROUP, {}, sort)
    expect(first).toEqual(before.orders.get(`${SYNCED_GROUP}|last_name`))
    // Someone only in the other group joins: a write the in-memory order must not miss.
    const joiner = crowdMember(25)
    await db.memberships.put(toMembership(SYNCED_GROUP, joiner, ''))
    markChanged(db)
    const after = await orderedGroupParticipants(db, SYNCED_GROUP, {}, sort)
    const rows = await db.memberships.bulkGet(after.map((uuid): [string, string] => [SYNCED_GROUP, uuid]))
    const keyOf = new Map(rows.map((r) => [r?.participantUuid, r?.kLast]))
    expect(after).toHaveLength(21)
    expect(after).toContain(joiner.uuid)
    const keys = after.map((uuid) => `${keyOf.get(uuid) ?? ''}\u0000${uuid}`)
    expect(keys).toEqual([...keys].sort())
    // A write from another instance of the same database (the outbox's durable one) counts too,
    // even without markChanged: the database's own change event makes the order stale.
    const durable = new PlannrDb(name, 'strict')
    await durable.open()
    await durable.memberships.delete([SYNCED_GROUP, joiner.uuid])
    expect(await orderedGroupParticipants(db, SYNCED_GROUP, {}, sort)).toEqual(first)
    durable.close()
    db.close()
  })
})
