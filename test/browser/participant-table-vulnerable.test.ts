import { flushSync } from 'svelte'
import { afterEach, describe, expect, it } from 'vitest'
import type { Participant } from '../../src/shared/plannr/models'
import { mountTable, unmountTables } from './helpers/participant-table'
import { person } from './helpers/people'

/**
 * A vulnerable client's row carries a "Vulnerable" badge beside the name. Where the name column
 * is narrow (the details panel open beside the table), the badge must not take the name's room:
 * an adviser scanning the list needs to read who it is; the badge shrinks to its sign, and keeps
 * its word for screen readers.
 */

afterEach(unmountTables)

function tableOf(rows: Participant[], width: number): HTMLElement {
  return mountTable({
    total: rows.length,
    rowAt: (index) => rows[index] ?? null,
    style: `height: 300px; width: ${width}px; font: 14px sans-serif`,
  })
}

/** Waits for the table to lay out at its measured width (it picks its columns from it). */
async function settled(): Promise<void> {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  flushSync()
}

function nameOf(root: HTMLElement): HTMLElement {
  const name = root.querySelector<HTMLElement>('[role="row"] .cell.name .full')
  if (!name) throw new Error('no name cell')
  return name
}

function badgeOf(root: HTMLElement): HTMLElement {
  const badge = root.querySelector<HTMLElement>('[role="row"] .cell.name .vulnerable')
  if (!badge) throw new Error('no vulnerable badge')
  return badge
}

/** Whether a badge's word takes room on screen (a visually hidden word has a 1 px box). */
function wordShown(badge: HTMLElement): boolean {
  const word = [...badge.querySelectorAll('span')].find((span) => span.textContent === 'Vulnerable')
  if (!word) throw new Error('the badge lost its word')
  return word.getBoundingClientRect().width > 2
}

const client = person('v-1', null, { tags: ['Vulnerable client'], lastName: 'Balistreri' })

describe('the vulnerable badge in a narrow name column', () => {
  it('leaves the name readable beside the details panel, and keeps its word for screen readers', async () => {
    const root = tableOf([{ ...client, firstName: 'Davina', name: 'Davina Balistreri' }], 630)
    await settled()
    const name = nameOf(root)
    expect(name.textContent).toBe('Davina Balistreri')
    // Not cut short with an ellipsis.
    expect(name.scrollWidth).toBeLessThanOrEqual(name.clientWidth)
    const badge = badgeOf(root)
    expect(badge.textContent).toContain('Vulnerable')
    expect(badge.getAttribute('title')).toBe('Tagged as vulnerable')
    expect(wordShown(badge)).toBe(false)
  })

  it('says Vulnerable in full where the column has room', async () => {
    const root = tableOf([{ ...client, firstName: 'Davina', name: 'Davina Balistreri' }], 1100)
    await settled()
    expect(wordShown(badgeOf(root))).toBe(true)
  })
})
