import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { PlannrDb, SCHEMA_HISTORY, SCHEMA_V1, SCHEMA_V2 } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { compactParticipant } from '../../src/renderer/src/data/compact'
import { toCachedParticipant } from '../../src/renderer/src/data/normalise'
import { orderedListParticipants, type ListFilters, type ListSort } from '../../src/renderer/src/data/participant-read'
import { countReviews, orderedReviews } from '../../src/renderer/src/data/reviews'
import type { Participant, Ref } from '../../src/shared/plannr/models'
import { person } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * Reviews due, tags and advisers, on real IndexedDB: the windows come from the `nextReviewDate`
 * index, a cache written by the previous schema upgrades in place (its queued operations
 * untouched), and a group sorts and filters by next review.
 */

// A Thursday: the week ends on Sunday the 29th, the month on the 30th, three months on 26 Feb.
const TODAY = '2026-11-26'
const ALICE: Ref = { uuid: 'adviser-alice', name: 'Alice Adviser' }
const BOB: Ref = { uuid: 'adviser-bob', name: 'Bob Adviser' }

// Listed by next review; `lastName` orders the undated and the name sort.
const PEOPLE: Participant[] = [
  person('b', '2025-01-01T10:00:00.000Z', { lastName: 'Baker', tags: ['Vulnerable client'], adviser: ALICE }),
  person('a', '2026-11-25', { lastName: 'Adams', adviser: BOB }),
  person('c', TODAY, { lastName: 'Clark', tags: ['ISA'], adviser: ALICE }),
  person('d', '2026-11-29T23:00:00.000Z', { lastName: 'Dodd', tags: ['vulnerable CLIENT', 'ISA'] }),
  person('e', '2026-11-30', { lastName: 'Evans', adviser: BOB }),
  person('f', '2026-12-01', { lastName: 'Frost' }),
  person('g', '2027-02-26', { lastName: 'Grant', tags: ['Pension'] }),
  person('h', '2027-02-27', { lastName: 'Hughes' }),
  person('i', null, { lastName: 'Irwin', tags: ['Vulnerable client'] }),
]

async function cacheWithGroup(): Promise<PlannrDb> {
  const db = new PlannrDb(freshDbName('reviews'))
  await ingestParticipants(db, 'group-1', PEOPLE, [], { pass: 'p', readRevision: 0 })
  // Someone in another group only: in the account's reviews, not in group-1.
  await ingestParticipants(db, 'group-2', [person('z', '2026-11-01', { lastName: 'Zed' })], [], {
    pass: 'p',
    readRevision: 0,
  })
  return db
}

const byReview: ListSort = { field: 'next_review', direction: 'asc' }

describe('reviews due', () => {
  it('counts and lists each window from the index, earliest first', async () => {
    const db = await cacheWithGroup()
    expect(await countReviews(db, TODAY)).toEqual({ overdue: 3, week: 2, month: 3, quarter: 5 })
    expect(await orderedReviews(db, 'overdue', TODAY)).toEqual(['b', 'z', 'a'])
    expect(await orderedReviews(db, 'week', TODAY)).toEqual(['c', 'd'])
    expect(await orderedReviews(db, 'month', TODAY)).toEqual(['c', 'd', 'e'])
    expect(await orderedReviews(db, 'quarter', TODAY)).toEqual(['c', 'd', 'e', 'f', 'g'])
    db.close()
  })

  it('the reviews view filters a window by tag, adviser, name and type, and sorts by name on request', async () => {
    const db = await cacheWithGroup()
    const list = (window: 'overdue' | 'quarter', filters: ListFilters, sort: ListSort = byReview) =>
      orderedListParticipants(db, { kind: 'reviews', window }, filters, sort, TODAY)
    expect(await list('overdue', {})).toEqual(['b', 'z', 'a'])
    expect(await list('overdue', {}, { field: 'next_review', direction: 'desc' })).toEqual(['a', 'z', 'b'])
    expect(await list('quarter', { tags: ['VULNERABLE client'] })).toEqual(['d'])
    expect(await list('quarter', { tags: ['isa', 'pension'] })).toEqual(['c', 'd', 'g'])
    expect(await list('quarter', { advisers: [BOB.uuid] })).toEqual(['e'])
    expect(await list('quarter', { tags: ['ISA'], advisers: [ALICE.uuid] })).toEqual(['c'])
    expect(await list('quarter', { name: 'fro' })).toEqual(['f'])
    expect(await list('quarter', { types: ['employee'] })).toEqual([])
    expect(await list('quarter', {}, { field: 'last_name', direction: 'desc' })).toEqual(['g', 'f', 'e', 'd', 'c'])
    db.close()
  })

  it('a group sorts by next review (overdue first, undated last) and filters by review window, tag and adviser', async () => {
    const db = await cacheWithGroup()
    const group = { kind: 'group', groupUuid: 'group-1' } as const
    const list = (filters: ListFilters, sort: ListSort = byReview) =>
      orderedListParticipants(db, group, filters, sort, TODAY)
    expect(await list({})).toEqual(['b', 'a', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])
    expect(await list({}, { field: 'next_review', direction: 'desc' })).toEqual([
      'i',
      'h',
      'g',
      'f',
      'e',
      'd',
      'c',
      'a',
      'b',
    ])
    expect(await list({ review: 'overdue' })).toEqual(['b', 'a'])
    expect(await list({ review: 'week' }, { field: 'last_name', direction: 'asc' })).toEqual(['c', 'd'])
    expect(await list({ tags: ['Vulnerable client'] }, { field: 'last_name', direction: 'asc' })).toEqual([
      'b',
      'd',
      'i',
    ])
    expect(await list({ advisers: [ALICE.uuid, BOB.uuid] }, { field: 'last_name', direction: 'asc' })).toEqual([
      'a',
      'b',
      'c',
      'e',
    ])
    expect(await list({ review: 'quarter', tags: ['isa'], name: 'dodd' })).toEqual(['d'])
    db.close()
  })

  it('a group sorted by next review follows a changed review date at the next read', async () => {
    const db = await cacheWithGroup()
    const list = () => orderedListParticipants(db, { kind: 'group', groupUuid: 'group-1' }, {}, byReview, TODAY)
    expect(await list()).toEqual(['b', 'a', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])
    // A sync brings Hughes's review forward and gives Irwin one: the order read before must not stay.
    await ingestParticipants(
      db,
      'group-1',
      [person('h', '2020-01-01', { lastName: 'Hughes' }), person('i', '2026-12-24', { lastName: 'Irwin' })],
      [],
      { pass: 'p', readRevision: 0 },
    )
    expect(await list()).toEqual(['h', 'b', 'a', 'c', 'd', 'e', 'f', 'i', 'g'])
    db.close()
  })

  it('upgrades a cache written by the previous schema in place: rows, queued operations and the new index', async () => {
    const name = freshDbName('reviews-upgrade')
    // The schema as version 2 left it (the shipped declarations, frozen in db.ts).
    const old = new Dexie(name)
    old.version(1).stores(SCHEMA_V1)
    old.version(2).stores(SCHEMA_V2)
    await old.open()
    await old.table('participants').bulkPut(PEOPLE.map((p) => compactParticipant(toCachedParticipant(p))))
    const queued = {
      id: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      seq: 1,
      kind: 'create-group',
      status: 'queued',
      payload: { name: 'Made offline', participants: ['a'] },
      dependsOn: [],
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      createdAt: '2026-11-20T09:00:00.000Z',
      subjectUuid: 'temp-group',
      reconcileFirst: false,
    }
    await old.table('outbox').put(queued)
    old.close()

    const db = new PlannrDb(name)
    await db.open()
    expect(db.verno).toBe(SCHEMA_HISTORY.length)
    expect(await db.participants.count()).toBe(PEOPLE.length)
    expect(await db.outbox.toArray()).toEqual([queued])
    expect(await db.outbox.where('payload.name').equals('Made offline').count()).toBe(1)
    expect(await countReviews(db, TODAY)).toEqual({ overdue: 2, week: 2, month: 3, quarter: 5 })
    expect(await orderedReviews(db, 'overdue', TODAY)).toEqual(['b', 'a'])
    db.close()
  })
})
