import { describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { orderedGroupParticipants } from '../../src/renderer/src/data/participant-read'
import { GroupParticipantsState } from '../../src/renderer/src/state/group-participants.svelte'
import { MAX_ROW_PAGES, ROW_PAGE } from '../../src/renderer/src/state/row-window'
import { crowd } from './helpers/people'
import { freshDbName } from './helpers/plannr'
import { watchedTableSource } from './helpers/table-source'

/**
 * The participants table's rows on real IndexedDB: scrolling a large group from the first row
 * to the last and back holds a bounded number of rows (the pages around the viewport), and rows
 * dropped on the way come back, correct, when the user scrolls back to them.
 */

const GROUP = 'group-large'
const MEMBERS = 3_000
const VISIBLE = 24

/** How many of the order's rows the table can draw right now without loading. */
function rowsHeld(view: GroupParticipantsState): number {
  let held = 0
  for (let index = 0; index < view.total; index++) if (view.rowAt(index) !== null) held++
  return held
}

function expectWindow(view: GroupParticipantsState, order: string[], start: number, end: number): void {
  for (let index = start; index < end; index++) expect(view.rowAt(index)?.uuid, `row ${index}`).toBe(order[index])
}

describe('participants table rows', () => {
  it('keeps a bounded window of rows while a large group is scrolled end to end, and reloads rows scrolled back to', async () => {
    const db = new PlannrDb(freshDbName('table-rows'))
    const people = crowd(MEMBERS)
    for (let start = 0; start < MEMBERS; start += 500)
      await ingestParticipants(db, GROUP, people.slice(start, start + 500), [], { pass: 'p', readRevision: 0 })
    const { source, settled } = watchedTableSource(db)
    const view = new GroupParticipantsState({ kind: 'group', groupUuid: GROUP }, source)
    await view.reload()
    const order = await orderedGroupParticipants(db, GROUP, {}, { field: 'last_name', direction: 'asc' })
    expect(view.order).toEqual(order)
    expect(view.total).toBe(MEMBERS)

    const bound = MAX_ROW_PAGES * ROW_PAGE
    let most = 0
    // Down, one screenful at a time, as the virtualiser reports it.
    for (let start = 0; start < MEMBERS; start += VISIBLE) {
      const end = Math.min(MEMBERS, start + VISIBLE)
      view.ensureRange(start, end)
      await settled()
      expectWindow(view, order, start, end)
      most = Math.max(most, rowsHeld(view))
    }
    expect(most).toBeGreaterThan(0)
    expect(most).toBeLessThanOrEqual(bound)
    expect(view.heldRows).toBeLessThanOrEqual(bound)
    // The first rows were dropped on the way down…
    expect(view.rowAt(0)).toBeNull()
    // …and come back, the right ones in the right places, when the user scrolls back up.
    for (let start = MEMBERS - VISIBLE; start >= 0; start -= VISIBLE * 10) {
      view.ensureRange(start, start + VISIBLE)
      await settled()
      expectWindow(view, order, start, start + VISIBLE)
      expect(rowsHeld(view)).toBeLessThanOrEqual(bound)
    }
    view.ensureRange(0, VISIBLE)
    await settled()
    expectWindow(view, order, 0, VISIBLE)
    expect(rowsHeld(view)).toBeLessThanOrEqual(bound)
    view.dispose()
    db.close()
  })
})
