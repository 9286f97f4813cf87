import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, goTo, type AppHarness } from '../support/app-harness'

// A new account's first sync takes a while; the group the adviser opens meanwhile must not wait
// for its turn, and lists that have not been read yet say so instead of showing 0.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 23, accounts: 2_000, groups: 6 })
})
afterAll(async () => {
  await app?.close()
})

describe('the first sync', () => {
  it('loads the group the adviser opens ahead of the background pass, with a loading state', async () => {
    const { page, sandbox } = app
    const target = sandbox.store.largestGroup()
    const members = sandbox.store.groupMembers(target.uuid).length
    expect(members).toBeGreaterThan(500)
    // Every other group's participants answer slowly, so the background pass cannot reach the
    // opened group before the test is done with it; the opened group's pages come at a pace
    // where its loading state can be seen.
    sandbox.faults.set('GET /api/v1/group/:uuid/participants', { latencyMs: 15_000 })
    // The account plan reads every group at once: it is held back the same way.
    sandbox.faults.set('GET /api/v1/account', { latencyMs: 15_000 })
    sandbox.faults.set(`GET /api/v1/group/${target.uuid}/participants`, { latencyMs: 1_000 })

    await page.getByRole('button', { name: 'Explore the demo' }).click()
    await page.getByRole('button', { name: target.name, exact: true }).waitFor({ timeout: 30_000 })
    await expect(
      page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('button', { name: /^Circles/ })
        .textContent(),
    ).resolves.toMatch(/Syncing…/)
    await page.getByRole('button', { name: target.name, exact: true }).click()

    await page.getByText(/Loading participants… [\d,]+ of [\d,]+/).waitFor({ timeout: 30_000 })
    await app.screenshot('32-first-sync-loading-group')
    const grid = page.getByRole('grid', { name: `Participants of ${target.name}` })
    await page.getByText(`${members.toLocaleString('en-GB')} participants`).waitFor({ timeout: 60_000 })
    await grid.waitFor()
    // The background pass is still on its way: the opened group did not wait for its turn.
    await expect(page.getByRole('progressbar', { name: 'Sync progress' }).count()).resolves.toBe(1)

    await goTo(page, /^Circles/)
    await page.getByRole('main').getByText('Syncing…', { exact: true }).waitFor()
    sandbox.faults.clear()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 120_000 })
    await page.locator('table[aria-label="Circles"] tbody tr').first().waitFor()
  })
})
