import { flushSync } from 'svelte'
import { afterEach, describe, expect, it } from 'vitest'
import type { Participant } from '../../src/shared/plannr/models'
import { LoadingRows } from './helpers/loading-rows.svelte'
import { mountTable, unmountTables } from './helpers/participant-table'
import { crowd } from './helpers/people'

/**
 * Rows arrive after the table shows their places ("Loading…"). Enter, or a click, on a row still
 * loading must open it once it arrives, not do nothing: a keypress is not lost because the
 * database was a few milliseconds behind.
 */

afterEach(unmountTables)

function table(rows: LoadingRows, total: number, opened: Participant[]): HTMLElement {
  return mountTable({
    total,
    rowAt: rows.rowAt,
    style: 'height: 400px',
    onOpen: (participant) => opened.push(participant),
  })
}

function press(root: HTMLElement, key: string): void {
  const grid = root.querySelector<HTMLElement>('[role="grid"]')
  if (!grid) throw new Error('no grid')
  grid.focus()
  grid.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
  flushSync()
}

/** A table of three people whose rows load when `arrive` is called. */
function loadingTable() {
  const people = crowd(3)
  const rows = new LoadingRows(people)
  const opened: Participant[] = []
  const root = table(rows, people.length, opened)
  return {
    people,
    opened,
    press: (key: string): void => press(root, key),
    arrive: (): void => {
      rows.loaded = true
      flushSync()
    },
  }
}

describe('opening a participant whose row is still loading', () => {
  it('opens the row Enter was pressed on once it arrives', () => {
    const view = loadingTable()
    view.press('ArrowDown')
    view.press('Enter')
    expect(view.opened).toEqual([])

    view.arrive()
    expect(view.opened.map((person) => person.uuid)).toEqual([view.people[1]?.uuid])
  })

  it('forgets it when the user moves on before the row arrives', () => {
    const view = loadingTable()
    view.press('Enter')
    view.press('ArrowDown')
    view.arrive()
    expect(view.opened).toEqual([])
  })
})
