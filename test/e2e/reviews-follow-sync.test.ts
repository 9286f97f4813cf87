import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import type { AccountRecord } from '../../src/sandbox/data/model'
import { startApp, enterDemo, fullName, overdueButton, type AppHarness } from '../support/app-harness'

// The reviews list and the counts beside it say the same thing while a sync is still running:
// the sidebar recounts as each page of participants is written, and the open list follows the
// same writes, rather than waiting for the end of a sync that may take minutes (a large firm, a
// slow link) while its own window reads "Overdue 2" above one row.
const HELD_MS = 30 * 60_000
let app: AppHarness
let first: AccountRecord
let second: AccountRecord

/** Noon, local time, `days` from today, in the sandbox's epoch seconds. */
function dayFromToday(days: number): number {
  const now = new Date()
  return Math.floor(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, 12).getTime() / 1000)
}

beforeAll(async () => {
  // Requests Plannr holds stay open: the sync is held at its next step, not failed.
  app = await startApp({ seed: 47, accounts: 300, groups: 4, requestTimeoutMs: HELD_MS })
  const { store } = app.sandbox
  for (const account of store.accounts()) account.nextReviewAt = null
  const clients = store.groupMembers(store.largestGroup().uuid).filter((account) => account.type === 'client')
  const [a, b] = clients
  if (!a || !b) throw new Error('the largest group has too few clients')
  ;[first, second] = [a, b]
  first.nextReviewAt = dayFromToday(-10)
  await enterDemo(app.page)
}, 240_000)
afterAll(async () => {
  app?.sandbox.faults.clear()
  await app?.close()
})

async function names(grid: Locator): Promise<string[]> {
  await grid.getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
  return grid.locator('[role="row"] .full').allInnerTexts()
}

describe('the reviews list during a sync', () => {
  it('lists a review that became overdue on Plannr as soon as the sidebar counts it', async () => {
    const { page, sandbox } = app
    await overdueButton(page).click()
    const grid = page.getByRole('grid', { name: 'Reviews due: Overdue' })
    await page.getByText('Overdue: 1 client').waitFor()
    expect(await names(grid)).toEqual([fullName(first)])

    // On Plannr, a second client's review is now overdue. The sync reads participants before
    // circles: Plannr holds the circles, so the sync is still running once the client is cached.
    sandbox.store.updateAccount(second.uuid, { nextReviewAt: dayFromToday(-3) })
    sandbox.faults.set('GET /api/v1/circles', { latencyMs: HELD_MS })
    await page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: 'Sync now' }).click()
    await overdueButton(page).getByText('2', { exact: true }).waitFor()
    await page.getByRole('progressbar', { name: 'Sync progress' }).waitFor()

    await page.getByText('Overdue: 2 clients').waitFor({ timeout: 30_000 })
    await expect.poll(() => names(grid)).toEqual([fullName(first), fullName(second)])
    // The sync is still held: what was checked did not wait for its end.
    expect(await page.getByRole('progressbar', { name: 'Sync progress' }).count()).toBe(1)
  })
})
