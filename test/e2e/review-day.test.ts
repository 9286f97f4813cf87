import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { formatTimestamp } from '../../src/sandbox/data/dates'
import type { Sandbox } from '../../src/sandbox'
import { startApp, enterDemo, overdueButton, type AppHarness } from '../support/app-harness'

// The app left open overnight: at local midnight the reviews due on the day before become
// overdue, and the sidebar's counts, the Reviews view's window counts and the list itself must
// all move to the new day together. The page runs on Playwright's clock (installed before the
// app loads, ticking on its own); the test jumps it past midnight as a closed lid would.
let app: AppHarness
/** The day the app opens on (local calendar, `YYYY-MM-DD`): some cached reviews fall on it. */
let day = ''
/** Cached reviews before `day`, and up to and including it: overdue on `day`, then the day after. */
let overdueOnDay = 0
let overdueNextDay = 0

/**
 * The next review dates of every participant the first sync caches (the members of the demo
 * firm's groups), as the app compares them: the calendar date Plannr's timestamp is written in.
 */
function cachedReviewDates(sandbox: Sandbox): string[] {
  const dates = new Map<string, string>()
  for (const group of sandbox.store.groups())
    for (const member of sandbox.store.groupMembers(group.uuid))
      if (member.nextReviewAt !== null) dates.set(member.uuid, formatTimestamp(member.nextReviewAt).slice(0, 10))
  return [...dates.values()].sort()
}

/**
 * The first day with reviews due on it and some already overdue: the lists stay short enough
 * that every row is on screen, and midnight must change the overdue count.
 */
function pickDay(dates: string[]): string {
  const found = dates.find((date, index) => index > 0 && (dates[index - 1] ?? date) < date)
  if (!found) throw new Error('the sandbox has too few dated reviews')
  return found
}

/** A local time on a `YYYY-MM-DD` day (the test and the page share the machine's time zone). */
function localTime(date: string, hours: number, minutes = 0): Date {
  const [year, month, dayOfMonth] = date.split('-').map(Number)
  if (year === undefined || month === undefined || dayOfMonth === undefined) throw new Error(`bad date ${date}`)
  return new Date(year, month - 1, dayOfMonth, hours, minutes)
}

beforeAll(async () => {
  app = await startApp({
    seed: 23,
    accounts: 400,
    groups: 4,
    beforeLoad: async (page, sandbox) => {
      const dates = cachedReviewDates(sandbox)
      day = pickDay(dates)
      overdueOnDay = dates.filter((date) => date < day).length
      overdueNextDay = dates.filter((date) => date <= day).length
      // The evening of that day: hours of room for the first sync before midnight comes.
      await page.clock.install({ time: localTime(day, 20) })
    },
  })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

const sidebarCount = async (page: Page): Promise<string> =>
  (await overdueButton(page).locator('.count').innerText()).trim()
/** The count on the Reviews view's own Overdue choice. */
const viewCount = async (page: Page): Promise<string> =>
  (
    await page
      .getByRole('group', { name: 'Reviews due' })
      .locator('label', { has: page.getByRole('radio', { name: /^Overdue/ }) })
      .locator('.count')
      .innerText()
  ).trim()
const grid = (page: Page): Locator => page.getByRole('grid', { name: 'Reviews due: Overdue' })
const listed = (page: Page): Promise<number> => grid(page).locator('[role="row"] .full').count()
/** Rows whose next review the table marks overdue. */
const marked = (page: Page): Promise<number> => grid(page).getByText('Overdue', { exact: true }).count()

describe('reviews due across midnight', () => {
  it('the Overdue counts follow the list when the day changes with the app open', async () => {
    const { page } = app
    expect(overdueNextDay).toBeGreaterThan(overdueOnDay)
    await overdueButton(page).click()
    await page.getByText(`Overdue: ${overdueOnDay} client`).waitFor()
    await expect.poll(() => listed(page)).toBe(overdueOnDay)
    expect(await marked(page)).toBe(overdueOnDay)
    expect(await sidebarCount(page)).toBe(String(overdueOnDay))
    expect(await viewCount(page)).toBe(String(overdueOnDay))

    // Half a minute past midnight, as a lid closed in the evening and opened after it, then
    // "Sync now" with nothing changed on Plannr (it re-reads the open list).
    const now = await page.evaluate(() => Date.now())
    await page.clock.fastForward(localTime(day, 24).getTime() + 30_000 - now)
    await page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: 'Sync now' }).click()

    await page.getByText(`Overdue: ${overdueNextDay} clients`).waitFor()
    await expect.poll(() => listed(page)).toBe(overdueNextDay)
    await expect.poll(() => sidebarCount(page), { timeout: 15_000 }).toBe(String(overdueNextDay))
    expect(await viewCount(page)).toBe(String(overdueNextDay))
    // The table stayed open across midnight: its marks are those of the new day too.
    await expect.poll(() => marked(page)).toBe(overdueNextDay)
  })
})
