import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import type { AccountRecord } from '../../src/sandbox/data/model'
import { startApp, enterDemo, fullName, goTo, type AppHarness } from '../support/app-harness'

// A list about reviews shows when each is due. At 1024x640, a size the app supports, and with a
// client's details open beside the table, the participants table has room for fewer columns:
// the next review date, its Overdue mark and its sort must be among those it keeps (the email,
// which it also shows under the name, goes first).
let app: AppHarness
let overdue: AccountRecord

/** Noon, local time, `days` from today, in the sandbox's epoch seconds. */
function dayFromToday(days: number): number {
  const now = new Date()
  return Math.floor(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, 12).getTime() / 1000)
}

beforeAll(async () => {
  app = await startApp({ seed: 43, accounts: 300, groups: 4, viewport: { width: 1024, height: 640 } })
  const { store } = app.sandbox
  // Before the first sync: one cached client is overdue, nobody else has a review due.
  for (const account of store.accounts()) account.nextReviewAt = null
  const member = store.groupMembers(store.largestGroup().uuid).find((account) => account.type === 'client')
  if (!member) throw new Error('the largest group has no client')
  overdue = member
  overdue.nextReviewAt = dayFromToday(-10)
  await enterDemo(app.page)
}, 240_000)
afterAll(async () => {
  await app?.close()
})

const header = (grid: Locator): Locator => grid.getByRole('row').first()
const firstRow = (grid: Locator): Locator => grid.getByRole('row').nth(1)

async function expectReviewShown(grid: Locator): Promise<void> {
  await header(grid)
    .getByRole('button', { name: /^Next review/ })
    .waitFor()
  await firstRow(grid).getByRole('gridcell').first().waitFor()
  expect(await firstRow(grid).textContent()).toContain('Overdue')
  // Nothing is pushed out sideways to make room for it.
  expect(await grid.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0)
}

async function openDetails(page: Page, grid: Locator): Promise<void> {
  await firstRow(grid).click()
  await page.getByRole('dialog', { name: 'Participant details' }).getByRole('heading', { level: 2 }).waitFor()
}

describe('the next review column at 1024x640', () => {
  it('is in the reviews list, with the details closed and open', async () => {
    const { page } = app
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('list', { name: 'Reviews due' })
      .getByRole('button', { name: /^Overdue/ })
      .click()
    const grid = page.getByRole('grid', { name: 'Reviews due: Overdue' })
    await page.getByText('Overdue: 1 client').waitFor()
    expect(await firstRow(grid).textContent()).toContain(fullName(overdue))
    await expectReviewShown(grid)
    await openDetails(page, grid)
    await expectReviewShown(grid)
    await page.getByRole('button', { name: 'Close details' }).click()
  })

  it("is in a group's table, so the group can be sorted by next review (overdue first)", async () => {
    const { page } = app
    const group = app.sandbox.store.largestGroup()
    await goTo(page, /^Groups/)
    await page.getByRole('button', { name: group.name, exact: true }).click()
    const grid = page.getByRole('grid', { name: `Participants of ${group.name}` })
    await firstRow(grid).getByRole('gridcell').first().waitFor()
    await header(grid)
      .getByRole('button', { name: /^Next review/ })
      .click()
    await expect.poll(async () => firstRow(grid).textContent()).toContain(fullName(overdue))
    await expectReviewShown(grid)
    await openDetails(page, grid)
    await expectReviewShown(grid)
  })
})
