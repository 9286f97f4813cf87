import { describe, expect, it } from 'vitest'
import { compactParticipant } from '../../src/renderer/src/data/compact'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { toCachedParticipant } from '../../src/renderer/src/data/normalise'
import { listHead } from '../../src/renderer/src/data/participant-read'
import {
  countReviews,
  orderedByNextReview,
  orderedReviews,
  REVIEW_WINDOWS,
  windowEnd,
  type ReviewWindow,
} from '../../src/renderer/src/data/reviews'
import { reviewDay } from '../../src/renderer/src/data/review-day'
import { onReviewOrderChange, reviewOrder } from '../../src/renderer/src/data/review-order'
import type { Participant } from '../../src/shared/plannr/models'
import { person } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * The reviews' counts and first screens come from an in-memory order of next reviews (binary
 * searches), kept in step with writes. Held here to what the `nextReviewDate` index itself
 * answers on real IndexedDB, across every window edge, after writes of every kind.
 */

// Dates on and around each edge for the days below: plain dates and instants on the same day,
// ties on one date (ordered by uuid), far past and far future, and people with no review.
const DATES = [
  '2025-01-01T10:00:00.000Z',
  '2026-11-25',
  '2026-11-25T23:59:59.999Z',
  '2026-11-26',
  '2026-11-26T00:00:00.000Z',
  '2026-11-27',
  '2026-11-29',
  '2026-11-29T23:59:59Z',
  '2026-11-30',
  '2026-11-30T08:00:00+01:00',
  '2026-12-01',
  '2026-12-31',
  '2027-01-01',
  '2027-01-31',
  '2027-02-26',
  '2027-02-26T12:00:00Z',
  '2027-02-27',
  '2027-02-28',
  '2027-03-01',
  '2027-04-30',
  '2027-04-30T09:00:00Z',
  '2027-05-01',
  '2030-06-01',
]
// A Thursday, a Sunday (the week ends today), a month's last day, the year's last day, and a
// 31st whose third month has 30 days.
const DAYS = ['2026-11-26', '2026-11-29', '2026-11-30', '2026-12-31', '2027-01-31']

function crowd(): Participant[] {
  const people: Participant[] = []
  DATES.forEach((date, index) => {
    // Three people on each date, uuids not in insertion order: ties must come out by uuid.
    for (const suffix of ['c', 'a', 'b']) people.push(person(`p-${String(index).padStart(2, '0')}-${suffix}`, date))
  })
  people.push(person('undated-1', null), person('undated-2', null))
  return people
}

/** What the index itself answers for a window: its keys, read by IndexedDB. */
function indexRange(db: PlannrDb, window: ReviewWindow, today: string) {
  const index = db.participants.where('nextReviewDate')
  if (window === 'overdue') return index.below(today)
  return index.between(today, `${windowEnd(window, today)}\uffff`, true, true)
}

async function expectSameAsIndex(db: PlannrDb): Promise<void> {
  expect(await orderedByNextReview(db)).toEqual(await db.participants.orderBy('nextReviewDate').primaryKeys())
  for (const today of DAYS) {
    const counts = await countReviews(db, today)
    for (const window of REVIEW_WINDOWS) {
      const keys = await indexRange(db, window, today).primaryKeys()
      expect({ today, window, count: counts[window] }).toEqual({ today, window, count: keys.length })
      expect(await orderedReviews(db, window, today)).toEqual(keys)
      const scope = { kind: 'reviews', window } as const
      const asc = await listHead(db, scope, {}, { field: 'next_review', direction: 'asc' }, today, 4)
      expect(asc).toEqual({ uuids: keys.slice(0, 4), total: keys.length })
      const desc = await listHead(db, scope, {}, { field: 'next_review', direction: 'desc' }, today, 4)
      expect(desc).toEqual({ uuids: [...keys].reverse().slice(0, 4), total: keys.length })
    }
  }
}

async function cache(): Promise<PlannrDb> {
  const db = new PlannrDb(freshDbName('review-order'))
  await ingestParticipants(db, 'group-1', crowd(), [], { pass: 'p', readRevision: 0 })
  return db
}

const stored = (participant: Participant) => compactParticipant(toCachedParticipant(participant))

/**
 * The held order, dates and uuids, is exactly the index's keys and primary keys (the dates' local
 * days grow with them here), each date with its local day.
 */
async function expectIndexOrder(db: PlannrDb): Promise<void> {
  const index = db.participants.orderBy('nextReviewDate')
  const keys = await index.keys()
  expect(await reviewOrder(db)).toEqual({
    dates: keys,
    days: keys.map((key) => reviewDay(String(key))),
    uuids: await index.primaryKeys(),
  })
}

/** `count` uuids that do not come out sorted: the read must order each date's run by uuid. */
function scrambled(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}-${String((index * 7919) % count).padStart(5, '0')}`)
}

/**
 * Long runs of one date (the first key, the last key, and a day whose instants sort right after
 * it), runs of two, and many dates with one participant each: the first read takes every uuid in
 * one list and cuts it into runs where each date's first uuid stands.
 */
function runsAndSingles(): Participant[] {
  const people: Participant[] = []
  const on = (date: string, uuids: string[]): void => {
    for (const uuid of uuids) people.push(person(uuid, date))
  }
  on('2020-01-01', scrambled('first', 40))
  on('2026-11-26', scrambled('big', 1500))
  // Instants on that day sort right after its plain date: a run must end where they begin.
  on('2026-11-26T00:00:00.000Z', scrambled('midnight', 30))
  on('2026-11-26T09:00:00Z', ['nine-a'])
  for (let minute = 0; minute < 400; minute++) {
    on(new Date(Date.UTC(2026, 11, 1) + minute * 61_000).toISOString(), [`single-${String(minute).padStart(3, '0')}`])
  }
  on('2027-01-01', ['pair-b', 'pair-a'])
  on('2027-01-02', ['lone'])
  on('2027-01-03', ['pair2-a', 'pair2-b'])
  on('2035-12-31', scrambled('last', 60))
  people.push(person('undated', null))
  return people
}

describe('the in-memory review order', () => {
  it('counts and heads every window as the index does, on every edge', async () => {
    const db = await cache()
    await expectSameAsIndex(db)
    db.close()
  })

  it('follows each kind of write at once: a moved date, a new review, a removed one, a deleted row', async () => {
    const db = await cache()
    const today = '2026-11-26'
    const before = await countReviews(db, today)
    // Through sync's own write path: one overdue review moved into this week.
    await ingestParticipants(db, 'group-1', [person('p-00-a', '2026-11-28')], [], { pass: 'q', readRevision: 0 })
    expect(await countReviews(db, today)).toEqual({
      ...before,
      overdue: before.overdue - 1,
      week: before.week + 1,
      month: before.month + 1,
      quarter: before.quarter + 1,
    })
    await expectSameAsIndex(db)
    // Plain table writes: a new review for someone undated, a review dropped, a row deleted.
    await db.participants.put(stored(person('undated-1', '2026-11-26T09:00:00Z')))
    await db.participants.update('p-05-b', { nextReviewDate: null })
    await db.participants.delete('p-10-c')
    await db.participants.bulkPut([stored(person('new-1', '2020-01-01')), stored(person('new-2', '2026-11-30'))])
    await expectSameAsIndex(db)
    db.close()
  })

  it('keeps a write made while the order is first read, and ignores an aborted one', async () => {
    const db = await cache()
    // The first read of the order and a write race: the write must not be lost either way.
    const reading = orderedByNextReview(db)
    const writing = db.participants.put(stored(person('p-01-a', '2031-01-01')))
    await Promise.all([reading, writing])
    await expectSameAsIndex(db)
    await expect(
      db.transaction('rw', db.participants, async () => {
        await db.participants.put(stored(person('p-02-a', '2019-01-01')))
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    await expectSameAsIndex(db)
    db.close()
  })

  it('is read again after the table is cleared, and tells its listeners', async () => {
    const db = await cache()
    await countReviews(db, '2026-11-26')
    let told = 0
    const stop = onReviewOrderChange(db, () => told++)
    await db.participants.put(stored(person('p-03-a', '2026-11-27')))
    // A read waits for the write's changes to be applied; listeners are told as they are.
    await countReviews(db, '2026-11-26')
    expect(told).toBe(1)
    await db.participants.clear()
    expect(await countReviews(db, '2026-11-26')).toEqual({ overdue: 0, week: 0, month: 0, quarter: 0 })
    expect(told).toBe(2)
    await db.participants.bulkPut(crowd().map(stored))
    await expectSameAsIndex(db)
    stop()
    db.close()
  })

  it('is not inherited by a database deleted and created again under the same name', async () => {
    const name = freshDbName('review-order-recreated')
    const first = new PlannrDb(name)
    await ingestParticipants(first, 'group-1', crowd(), [], { pass: 'p', readRevision: 0 })
    expect((await orderedByNextReview(first)).length).toBe(DATES.length * 3)
    await first.delete()
    const again = new PlannrDb(name)
    await again.participants.put(stored(person('only', '2026-11-27')))
    expect(await orderedByNextReview(again)).toEqual(['only'])
    again.close()
  })

  it('reads long runs of one date and many single dates exactly as the index orders them', async () => {
    const db = new PlannrDb(freshDbName('review-order-runs'))
    await db.participants.bulkPut(runsAndSingles().map(stored))
    await expectIndexOrder(db)
    expect((await reviewOrder(db)).uuids.length).toBe(runsAndSingles().length - 1)
    await expectSameAsIndex(db)
    db.close()
  })

  it('keeps every write made while the runs are first read', async () => {
    const db = new PlannrDb(freshDbName('review-order-runs-race'))
    await db.participants.bulkPut(runsAndSingles().map(stored))
    // The first read and writes into the middle of its runs, issued together: moved out of a
    // run, into one, onto a new date, a new single, a deletion, and a whole run cleared by hand.
    const reading = reviewOrder(db)
    const writing = Promise.all([
      db.participants.put(stored(person('big-00700', '2027-01-02'))),
      db.participants.put(stored(person('single-100', '2026-11-26'))),
      db.participants.put(stored(person('newcomer', '2026-11-26T00:00:00.000Z'))),
      db.participants.put(stored(person('undated', '2019-06-01'))),
      db.participants.delete('last-00010'),
      db.transaction('rw', db.participants, async () => {
        for (const uuid of scrambled('first', 40)) await db.participants.update(uuid, { nextReviewDate: null })
      }),
    ])
    await Promise.all([reading, writing])
    await expectIndexOrder(db)
    await expectSameAsIndex(db)
    db.close()
  })
})
