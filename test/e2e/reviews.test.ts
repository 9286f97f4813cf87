import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import type { AccountRecord } from '../../src/sandbox/data/model'
import {
  startApp,
  enterDemo,
  cutNetwork,
  restoreNetwork,
  focusedRow,
  fullName,
  type AppHarness,
} from '../support/app-harness'

// Reviews due, tags, advisers and the vulnerable marker, through the built UI: the sidebar's
// counts, the reviews view by window, a group sorted and filtered by next review, filter chips
// and "n of m", by keyboard as well as by mouse, offline as well as online.
let app: AppHarness
let members: AccountRecord[]
/** The clients whose reviews the test sets; every other cached account has no next review. */
let overdueLong: AccountRecord
let overdueShort: AccountRecord
let dueToday: AccountRecord
let dueIn45: AccountRecord
let dueIn200: AccountRecord
let adviserUuid: string

const DAY_S = 86_400

/** Noon, local time, `days` from today, in the sandbox's epoch seconds. */
function dayFromToday(days: number): number {
  const now = new Date()
  return Math.floor(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, 12).getTime() / 1000)
}

beforeAll(async () => {
  app = await startApp({ seed: 41, accounts: 600, groups: 5 })
  const { store } = app.sandbox
  const vulnerable = store.tags.findIndex((tag) => tag.name === 'Vulnerable client')
  const isa = store.tags.findIndex((tag) => tag.name !== 'Vulnerable client')
  if (vulnerable < 0 || isa < 0) throw new Error('the sandbox has no vulnerable tag')
  // Before the first sync: only the chosen five have a next review, and only one is tagged vulnerable.
  for (const account of store.accounts()) {
    account.nextReviewAt = null
    account.tags = account.tags.filter((tag) => tag !== vulnerable)
  }
  members = store.groupMembers(store.largestGroup().uuid)
  const picked = members.slice(0, 5)
  const [a, b, c, d, e] = picked
  if (!a || !b || !c || !d || !e) throw new Error('the largest group is too small')
  ;[overdueLong, overdueShort, dueToday, dueIn45, dueIn200] = [a, b, c, d, e]
  adviserUuid = members.find((member) => member.adviser !== null)?.adviser ?? ''
  overdueLong.nextReviewAt = dayFromToday(-10)
  overdueLong.tags = [vulnerable, isa]
  overdueLong.adviser = adviserUuid
  overdueShort.nextReviewAt = dayFromToday(-3)
  overdueShort.tags = [isa]
  overdueShort.adviser = adviserUuid
  dueToday.nextReviewAt = dayFromToday(0)
  dueIn45.nextReviewAt = dayFromToday(45)
  dueIn200.nextReviewAt = dayFromToday(200) - DAY_S
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

const sidebar = (page: Page): Locator => page.getByRole('navigation', { name: 'Main' })
const windowButton = (page: Page, label: string): Locator =>
  sidebar(page)
    .getByRole('list', { name: 'Reviews due' })
    .getByRole('button', { name: new RegExp(`^${label}`) })

/** The full names in the grid's loaded rows, top to bottom. */
async function names(grid: Locator): Promise<string[]> {
  await grid.getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
  return grid.locator('[role="row"] .full').allInnerTexts()
}

describe('reviews due', () => {
  it('the sidebar counts each window, and Overdue lists the overdue clients earliest first (keyboard)', async () => {
    const { page } = app
    await windowButton(page, 'Overdue').getByText('2', { exact: true }).waitFor()
    await windowButton(page, 'This week').getByText('1', { exact: true }).waitFor()
    await windowButton(page, 'This month').getByText('1', { exact: true }).waitFor()
    await windowButton(page, 'Next 3 months').getByText('2', { exact: true }).waitFor()

    await windowButton(page, 'Overdue').focus()
    await page.keyboard.press('Enter')
    const grid = page.getByRole('grid', { name: 'Reviews due: Overdue' })
    await page.getByText('Overdue: 2 clients').waitFor()
    await expect.poll(() => names(grid)).toEqual([fullName(overdueLong), fullName(overdueShort)])
    // The vulnerable marker is text, on the tagged client's row only.
    await expect.poll(() => grid.getByText('Vulnerable', { exact: true }).count()).toBe(1)
    const first = grid.getByRole('row').nth(1)
    expect(await first.getByText('Vulnerable', { exact: true }).count()).toBe(1)

    // Into the grid, down one row and back, Enter opens the details: the review is marked overdue.
    await grid.focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('Enter')
    const details = page.getByRole('dialog', { name: 'Participant details' })
    await details.getByRole('heading', { name: fullName(overdueLong) }).waitFor()
    await details.getByText('Overdue', { exact: true }).waitFor()
    await details.getByText('Vulnerable client').first().waitFor()
    // The client sheet prints from here too (the web shell hands it to the browser's print).
    await page.evaluate(() => {
      window.print = () => {
        const sheet = document.querySelector('[data-testid="client-sheet"]')
        document.body.dataset.printed = sheet?.textContent ?? ''
      }
    })
    await details.getByRole('button', { name: 'Print / Save as PDF' }).click()
    await page.waitForFunction(() => document.body.dataset.printed !== undefined)
    expect(await page.evaluate(() => document.body.dataset.printed)).toContain(fullName(overdueLong))
    await details.getByRole('button', { name: 'Close details' }).focus()
    await page.keyboard.press('Escape')
    await details.waitFor({ state: 'detached' })
    // Focus is back in the grid, on the row that was opened.
    const focused = await focusedRow(page)
    expect(focused.label).toBe('Reviews due: Overdue')
    expect(focused.row).toContain(fullName(overdueLong))

    // Another window from the view's own choice, by keyboard.
    await page.getByRole('radio', { name: /^Overdue/ }).focus()
    for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowDown')
    await page.getByText('Next 3 months: 2 clients').waitFor()
    await expect
      .poll(() => names(page.getByRole('grid', { name: 'Reviews due: Next 3 months' })))
      .toEqual([fullName(dueToday), fullName(dueIn45)])
  })

  it('filters the reviews by tag and adviser with chips, "n of m", and one click clears them', async () => {
    const { page } = app
    await windowButton(page, 'Overdue').click()
    const grid = page.getByRole('grid', { name: 'Reviews due: Overdue' })
    await page.getByText('Overdue: 2 clients').waitFor()
    const tag = page.getByLabel('Filter by tag')
    await tag.locator('option', { hasText: 'Vulnerable client' }).waitFor({ state: 'attached' })
    await tag.selectOption('Vulnerable client')
    await page.getByText('Overdue: 1 of 2 clients').waitFor()
    await expect.poll(() => names(grid)).toEqual([fullName(overdueLong)])
    const chips = page.getByRole('list', { name: 'Filters applied' })
    await chips.getByRole('button', { name: 'Remove filter Tag: Vulnerable client' }).click()
    await page.getByText('Overdue: 2 clients').waitFor()

    await page.getByLabel('Filter by adviser').selectOption(adviserUuid)
    await page.getByText('Overdue: 2 of 2 clients').waitFor()
    const otherType = ['client', 'employee', 'external'].find(
      (type) => type !== overdueLong.type && type !== overdueShort.type,
    )
    await page.getByLabel('Filter by type').selectOption(otherType ?? '')
    await page.getByText('Overdue: 0 of 2 clients').waitFor()
    await page.getByText('No review matches these filters').waitFor()
    expect(await chips.getByRole('button').count()).toBe(2)
    await page.getByRole('button', { name: 'Clear all filters' }).click()
    await page.getByText('Overdue: 2 clients').waitFor()
    expect(await chips.count()).toBe(0)
  })

  it('in a group: sort by next review puts overdue first, and the review and tag filters narrow it', async () => {
    const { page } = app
    const group = app.sandbox.store.largestGroup()
    await sidebar(page)
      .getByRole('button', { name: /^Groups/ })
      .click()
    await page.getByRole('button', { name: group.name, exact: true }).click()
    const grid = page.getByRole('grid', { name: `Participants of ${group.name}` })
    await grid.getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
    await grid.getByRole('button', { name: /^Next review/ }).click()
    await expect
      .poll(async () => (await names(grid)).slice(0, 5))
      .toEqual([overdueLong, overdueShort, dueToday, dueIn45, dueIn200].map(fullName))

    const total = members.length.toLocaleString('en-GB')
    await page.getByLabel('Filter by next review').selectOption('overdue')
    await page.getByText(`2 of ${total} participants`).waitFor()
    await expect.poll(() => names(grid)).toEqual([fullName(overdueLong), fullName(overdueShort)])
    // Sort the other way: the later overdue review first.
    await grid.getByRole('button', { name: /^Next review/ }).click()
    await expect.poll(() => names(grid)).toEqual([fullName(overdueShort), fullName(overdueLong)])

    // Chips clear one at a time by keyboard.
    const tag = page.getByLabel('Filter by tag')
    await tag.locator('option', { hasText: 'Vulnerable client' }).waitFor({ state: 'attached' })
    await tag.selectOption('Vulnerable client')
    await page.getByText(`1 of ${total} participants`).waitFor()
    const reviewChip = page.getByRole('button', { name: 'Remove filter Next review: Overdue' })
    await reviewChip.focus()
    await page.keyboard.press('Enter')
    await page.getByText(`1 of ${total} participants`).waitFor()
    await expect.poll(() => names(grid)).toEqual([fullName(overdueLong)])
    // The chip that was pressed is gone: focus goes to the one left, not to the page.
    const focused = (): Promise<string | null | undefined> =>
      page.evaluate(() => document.activeElement?.getAttribute('aria-label'))
    await expect.poll(focused).toBe('Remove filter Tag: Vulnerable client')
    await page.getByRole('button', { name: 'Clear all filters' }).focus()
    await page.keyboard.press('Enter')
    await page.getByText(`${total} participants`, { exact: true }).waitFor()
    // No filter left to move to: back to the search box, where filtering starts.
    await expect.poll(focused).toBe('Search participants')
  })

  it('offline: the counts, the reviews view and its filters work from the cache', async () => {
    const { page } = app
    await cutNetwork(app)
    await windowButton(page, 'Overdue').getByText('2', { exact: true }).waitFor()
    await windowButton(page, 'Overdue').click()
    const grid = page.getByRole('grid', { name: 'Reviews due: Overdue' })
    await expect.poll(() => names(grid)).toEqual([fullName(overdueLong), fullName(overdueShort)])
    const tag = page.getByLabel('Filter by tag')
    await tag.locator('option', { hasText: 'Vulnerable client' }).waitFor({ state: 'attached' })
    await tag.selectOption('Vulnerable client')
    await page.getByText('Overdue: 1 of 2 clients').waitFor()
    await page.getByRole('button', { name: 'Clear all filters' }).click()
    await windowButton(page, 'This week').click()
    await expect
      .poll(() => names(page.getByRole('grid', { name: 'Reviews due: This week' })))
      .toEqual([fullName(dueToday)])
    await restoreNetwork(app)
  })
})
