import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { startApp, type AppHarness } from '../support/app-harness'

// Reviews before the first sync has read the clients: nothing is known yet, so the counts say
// they are syncing rather than 0, and the reviews list does not say "No reviews overdue" (an
// adviser would take it at its word), as other lists not read yet say "Syncing…".
const HELD_MS = 60_000
let app: AppHarness

beforeAll(async () => {
  // Held requests stay open (no timeout) until Plannr answers them.
  app = await startApp({ seed: 61, accounts: 300, groups: 4, requestTimeoutMs: 5 * 60_000 })
})
afterAll(async () => {
  await app?.close()
})

const windowButton = (page: Page, label: string): Locator =>
  page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('list', { name: 'Reviews due' })
    .getByRole('button', { name: new RegExp(`^${label}`) })

describe('reviews during the first sync', () => {
  it('say the clients are still syncing instead of counting none due, until they are read', async () => {
    const { page, sandbox } = app
    // Every way the sync reads participants answers slowly: the groups are listed, no client is cached.
    sandbox.faults.set('GET /api/v1/group/:uuid/participants', { latencyMs: HELD_MS })
    sandbox.faults.set('GET /api/v1/account', { latencyMs: HELD_MS })
    await page.getByRole('button', { name: 'Explore the demo' }).click()
    await page.getByRole('button', { name: sandbox.store.largestGroup().name, exact: true }).waitFor()

    for (const label of ['Overdue', 'This week', 'This month', 'Next 3 months'])
      await windowButton(page, label).getByText('Syncing…', { exact: true }).waitFor()
    await windowButton(page, 'Overdue').click()
    const reviews = page.getByRole('region', { name: 'Reviews due' })
    await reviews.getByText('among the clients cached so far', { exact: false }).waitFor()
    expect(await reviews.getByText('No reviews overdue', { exact: true }).count()).toBe(0)

    sandbox.faults.clear()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 120_000 })
    // Read: the counts are numbers now.
    await expect.poll(() => windowButton(page, 'Overdue').textContent()).toMatch(/^\s*Overdue\s*[\d,]+\s*$/)
    expect(await reviews.getByText('among the clients cached so far', { exact: false }).count()).toBe(0)
  })
})
