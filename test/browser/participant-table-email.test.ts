import { flushSync } from 'svelte'
import { afterEach, describe, expect, it } from 'vitest'
import type { Participant } from '../../src/shared/plannr/models'
import { mountTable, unmountTables } from './helpers/participant-table'
import { person } from './helpers/people'

/**
 * The table shows the address the details show (the primary email), not the API's deprecated
 * `email`, which may be null or an older address: in its own column on a wide table, and under
 * the name where that column does not fit.
 */

afterEach(unmountTables)

const primary = { label: 'Home', kind: 'email', value: 'jane.doe@example.com', formatted: null }
const rows: Participant[] = [
  { ...person('e-1', null, { lastName: 'Doe' }), email: null, primaryEmail: primary },
  {
    ...person('e-2', null, { lastName: 'Roe' }),
    email: 'old@example.org',
    primaryEmail: { ...primary, value: 'new@example.com' },
  },
  { ...person('e-3', null, { lastName: 'Poe' }), email: 'only@example.org', primaryEmail: null },
]

async function settled(): Promise<void> {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  flushSync()
}

function emailsShown(root: HTMLElement, selector: string): string[] {
  return [...root.querySelectorAll<HTMLElement>(`[role="row"] ${selector}`)].map((cell) => cell.textContent.trim())
}

describe('the email the participants table shows', () => {
  it('is the primary address, in the email column of a wide table', async () => {
    const root = mountTable({
      total: rows.length,
      rowAt: (index) => rows[index] ?? null,
      style: 'height: 300px; width: 1400px; font: 14px sans-serif',
    })
    await settled()
    const header = [...root.querySelectorAll('[role="columnheader"]')].map((cell) => cell.textContent.trim())
    const column = header.findIndex((title) => title.startsWith('Email'))
    expect(column).toBeGreaterThan(0)
    const cells = [...root.querySelectorAll('[role="row"]')]
      .slice(1)
      .map((row) => row.querySelectorAll('[role="gridcell"]')[column]?.textContent.trim())
    expect(cells).toEqual(['jane.doe@example.com', 'new@example.com', 'only@example.org'])
  })

  it('is the primary address, under the name of a narrow table', async () => {
    const root = mountTable({
      total: rows.length,
      rowAt: (index) => rows[index] ?? null,
      style: 'height: 300px; width: 360px; font: 14px sans-serif',
    })
    await settled()
    expect(emailsShown(root, '.cell.name .small')).toEqual([
      'jane.doe@example.com',
      'new@example.com',
      'only@example.org',
    ])
  })
})
