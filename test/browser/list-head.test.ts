import { describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import {
  listHead,
  loadParticipants,
  orderedListParticipants,
  toParticipant,
  type ListSort,
} from '../../src/renderer/src/data/participant-read'
import { GroupParticipantsState, type ParticipantSource } from '../../src/renderer/src/state/group-participants.svelte'
import { freshDbName } from './helpers/plannr'
import { person } from './helpers/people'

/**
 * A reviews window's first screen comes from a short key read and a count (listHead), shown
 * while the whole order is still being read; the head must be exactly the start of that order.
 */

const TODAY = '2026-11-26'
const OVERDUE = 260

/** 260 overdue reviews on 13 dates (20 on each, so ties are ordered by uuid), plus some not due. */
async function cacheWithReviews(): Promise<PlannrDb> {
  const db = new PlannrDb(freshDbName('list-head'))
  const people = Array.from({ length: OVERDUE }, (_, index) => {
    const day = String(1 + (index % 13)).padStart(2, '0')
    return person(`p-${String((index * 7919) % 1000).padStart(4, '0')}`, `2026-10-${day}`)
  })
  people.push(person('later-1', '2027-01-10'), person('undated', null))
  await ingestParticipants(db, 'group-1', people, [], { pass: 'p', readRevision: 0 })
  return db
}

const ascending: ListSort = { field: 'next_review', direction: 'asc' }
const descending: ListSort = { field: 'next_review', direction: 'desc' }
const overdue = { kind: 'reviews', window: 'overdue' } as const

/** A promise and the function that settles it: the test decides when the whole order arrives. */
function held<T>(): { promise: Promise<T>; release(value: T): void } {
  let release: (value: T) => void = () => {}
  const promise = new Promise<T>((resolve) => (release = resolve))
  return { promise, release }
}

/** The cache's head and rows, with a whole order that arrives when the test releases it. */
function heldSource(db: PlannrDb): { whole: ReturnType<typeof held<string[]>>; source: ParticipantSource } {
  const whole = held<string[]>()
  const source: ParticipantSource = {
    orderedUuids: () => whole.promise,
    head: (scope, filters, sort, limit) => listHead(db, scope, filters, sort, TODAY, limit),
    load: async (uuids) => (await loadParticipants(db, uuids)).map(toParticipant),
    choices: async () => ({ tags: [], advisers: [] }),
  }
  return { whole, source }
}

describe('the first screen of a reviews window', () => {
  it('is the start of the whole order, in both directions, with the whole count', async () => {
    const db = await cacheWithReviews()
    for (const sort of [ascending, descending]) {
      const whole = await orderedListParticipants(db, overdue, {}, sort, TODAY)
      expect(whole).toHaveLength(OVERDUE)
      expect(await listHead(db, overdue, {}, sort, TODAY, 50)).toEqual({ uuids: whole.slice(0, 50), total: OVERDUE })
    }
    expect(await listHead(db, { kind: 'reviews', window: 'quarter' }, {}, ascending, TODAY, 50)).toEqual({
      uuids: ['later-1'],
      total: 1,
    })
    db.close()
  })

  it('is not offered where the cache cannot give it without the whole order', async () => {
    const db = await cacheWithReviews()
    expect(await listHead(db, overdue, {}, { field: 'last_name', direction: 'asc' }, TODAY, 50)).toBeNull()
    expect(await listHead(db, overdue, { review: 'week' }, ascending, TODAY, 50)).toBeNull()
    expect(await listHead(db, { kind: 'group', groupUuid: 'group-1' }, {}, ascending, TODAY, 50)).toBeNull()
    db.close()
  })

  it('of a filtered window is its first matches, read a chunk at a time, still counting until all are read', async () => {
    const db = await cacheWithReviews()
    // Every 7th overdue person is tagged; one more is tagged but not overdue.
    const tagged = (await orderedListParticipants(db, overdue, {}, ascending, TODAY)).filter((_, at) => at % 7 === 3)
    await db.participants.bulkUpdate(
      tagged.map((uuid) => ({ key: uuid, changes: { tags: [{ uuid: 't', name: 'ISA', colour: null }] } })),
    )
    await db.participants.update('later-1', { tags: [{ uuid: 't', name: 'ISA', colour: null }] })
    for (const sort of [ascending, descending]) {
      const whole = await orderedListParticipants(db, overdue, { tags: ['isa'] }, sort, TODAY)
      expect(whole).toHaveLength(tagged.length)
      // Few wanted: found before the window's rows are all read, so the total is not known yet.
      expect(await listHead(db, overdue, { tags: ['isa'] }, sort, TODAY, 5)).toEqual({
        uuids: whole.slice(0, 5),
        total: 5,
        counting: true,
      })
      // More wanted than there are: every row was read, so the count is the whole list's.
      expect(await listHead(db, overdue, { tags: ['isa'] }, sort, TODAY, 100)).toEqual({
        uuids: whole,
        total: whole.length,
      })
    }
    // The API's filters are checked on the same rows.
    const named = await orderedListParticipants(db, overdue, { name: 'pat' }, ascending, TODAY)
    expect(named).toHaveLength(OVERDUE)
    expect(await listHead(db, overdue, { name: 'pat' }, ascending, TODAY, 50)).toEqual({
      uuids: named.slice(0, 50),
      total: 50,
      counting: true,
    })
    db.close()
  })

  it('shows its rows while the whole order is read, then swaps in the whole order', async () => {
    const db = await cacheWithReviews()
    const { whole, source } = heldSource(db)
    const view = new GroupParticipantsState(overdue, source, ascending)
    const reloaded = view.reload()
    const expected = await orderedListParticipants(db, overdue, {}, ascending, TODAY)

    // Before the whole order exists: the count is the window's, the first rows load.
    await expect.poll(() => view.total).toBe(OVERDUE)
    view.ensureRange(0, 20)
    await expect.poll(() => view.rowAt(0)?.uuid).toBe(expected[0])
    expect(view.rowAt(19)?.uuid).toBe(expected[19])
    // Rows past the head are not known yet: nothing to show or select there.
    expect(view.rowAt(OVERDUE - 1)).toBeNull()
    view.toggleSelected(OVERDUE - 1)
    expect(view.selectedCount).toBe(0)
    // An export asked for now waits for the whole order instead of exporting the head.
    const exported = view.allRows()

    whole.release(expected)
    await reloaded
    expect(view.order).toEqual(expected)
    expect((await exported).map((row) => row.uuid)).toEqual(expected)
    view.ensureRange(OVERDUE - 20, OVERDUE)
    await expect.poll(() => view.rowAt(OVERDUE - 1)?.uuid).toBe(expected[OVERDUE - 1])
    view.dispose()
    db.close()
  })

  it('a filtered window says it is counting while only its first screen is known', async () => {
    const db = await cacheWithReviews()
    const { whole, source } = heldSource(db)
    const view = new GroupParticipantsState(overdue, source, ascending)
    view.search = 'pat'
    const reloaded = view.reload()
    const expected = await orderedListParticipants(db, overdue, { name: 'pat' }, ascending, TODAY)
    await expect.poll(() => view.counting).toBe(true)
    // Only the head is listed: no count is claimed for the rest.
    expect(view.order).toEqual(expected.slice(0, 100))
    whole.release(expected)
    await reloaded
    expect(view.counting).toBe(false)
    expect(view.total).toBe(OVERDUE)
    view.dispose()
    db.close()
  })
})
