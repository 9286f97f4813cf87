import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, enterDemo, type AppHarness } from '../support/app-harness'

// The participants table keeps its header over the right columns, fits the pane it has, and
// the group screen stays usable at the smallest window with the details panel open.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 31, accounts: 800, groups: 6 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

async function openLargestGroup(page: Page): Promise<void> {
  const largest = app.sandbox.store.largestGroup()
  await page.getByRole('button', { name: largest.name, exact: true }).click()
  await page
    .getByRole('grid', { name: `Participants of ${largest.name}` })
    .getByRole('row')
    .nth(1)
    .getByRole('gridcell')
    .first()
    .waitFor()
}

async function openDetails(page: Page): Promise<void> {
  await page.getByRole('grid').getByRole('row').nth(2).click()
  await page.getByRole('dialog', { name: 'Participant details' }).waitFor()
}

/** Left edges of the header cells and of each visible row's cells, after layout has settled. */
async function columnEdges(page: Page): Promise<{ header: number[]; rows: number[][] }> {
  return page.getByRole('grid').evaluate((grid) => {
    const lefts = (row: Element): number[] =>
      [...row.querySelectorAll('[role="columnheader"], [role="gridcell"]')].map((cell) =>
        Math.round(cell.getBoundingClientRect().left),
      )
    const rows = [...grid.querySelectorAll('[role="row"]')]
    const header = rows[0]
    const gridBox = grid.getBoundingClientRect()
    const visible = rows.slice(1).filter((row) => {
      const box = row.getBoundingClientRect()
      return box.top >= gridBox.top && box.bottom <= gridBox.bottom && row.querySelector('[aria-busy]') === null
    })
    return { header: header ? lefts(header) : [], rows: visible.map(lefts) }
  })
}

describe('the participants table', () => {
  it('scrolls its header with the rows: after a horizontal scroll every label is over its column', async () => {
    const { page } = app
    await openLargestGroup(page)
    await openDetails(page)
    // Narrower than any supported window, so the table must scroll sideways.
    await page.setViewportSize({ width: 700, height: 640 })
    const grid = page.getByRole('grid')
    const box = await grid.boundingBox()
    if (!box) throw new Error('no grid')
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await page.mouse.wheel(400, 0)
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[role="grid"], [role="grid"] *')].some((element) => element.scrollLeft > 0),
    )
    const { header, rows } = await columnEdges(page)
    expect(rows.length).toBeGreaterThan(3)
    for (const row of rows) expect(row).toEqual(header)
    // The active-row highlight spans the whole row, not just what was visible before scrolling.
    const [rowRight, lastCellRight] = await page.evaluate(() => {
      const grid = document.querySelector('[role="grid"]')
      const row = document.getElementById(grid?.getAttribute('aria-activedescendant') ?? '')
      const cells = row?.querySelectorAll('[role="gridcell"]')
      const last = cells?.[cells.length - 1]
      return [row?.getBoundingClientRect().right ?? 0, last?.getBoundingClientRect().right ?? 1]
    })
    expect(rowRight).toBeGreaterThanOrEqual(lastCellRight)
  })

  it('fits 1024x640 with the details open: no sideways scrolling, name sortable by first or last name', async () => {
    const { page } = app
    await page.setViewportSize({ width: 1024, height: 640 })
    const grid = page.getByRole('grid')
    const overflow = await grid.evaluate((element) => element.scrollWidth - element.clientWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await grid.getByRole('button', { name: 'Sort by first name' }).waitFor()
    await grid.getByRole('button', { name: 'Sort by last name' }).waitFor()
    // The row count is tied to the grid.
    const members = app.sandbox.store.groupMembers(app.sandbox.store.largestGroup().uuid).length
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(members + 1))
    const describedBy = (await grid.getAttribute('aria-describedby')) ?? ''
    expect(describedBy).not.toBe('')
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain(members.toLocaleString('en-GB'))
    await app.screenshot('table-1024x640-details')
  })

  it('at the smallest window (960x600) with details open: the title is one line and no filter is clipped', async () => {
    const { page } = app
    await page.setViewportSize({ width: 960, height: 600 })
    const title = page.getByRole('heading', { level: 1 })
    const titleBox = await title.boundingBox()
    const lineHeight = await title.evaluate((element) => parseFloat(getComputedStyle(element).fontSize) * 1.6)
    expect(titleBox?.height ?? Infinity).toBeLessThan(lineHeight + 8)
    const pane = await page.getByRole('search').evaluate((element) => {
      const box = element.parentElement?.getBoundingClientRect()
      return box ? { left: box.left, right: box.right } : null
    })
    if (!pane) throw new Error('no pane')
    // A narrow pane keeps the filter menus behind "More filters".
    await page.getByRole('button', { name: 'More filters' }).click()
    for (const filter of [
      page.getByLabel('Search participants'),
      page.getByLabel('Filter by type'),
      page.getByLabel('Filter by role'),
      page.getByLabel('Filter by tag'),
      page.getByLabel('Filter by adviser'),
      page.getByLabel('Filter by next review'),
    ]) {
      const box = await filter.boundingBox()
      if (!box) throw new Error('filter not shown')
      expect(box.x).toBeGreaterThanOrEqual(pane.left)
      expect(box.x + box.width).toBeLessThanOrEqual(pane.right + 0.5)
      expect(box.width).toBeGreaterThan(60)
    }
    await app.screenshot('group-960x600-details')
    await page.getByRole('button', { name: 'More filters' }).click()
    await page.setViewportSize({ width: 1280, height: 800 })
  })
})
