import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from '../support/app-harness'

// The groups list before the first sync has read it: "Syncing…", as the circles and business
// units say, not "No groups yet" for a firm that has groups on Plannr.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 29, accounts: 200, groups: 4 })
})
afterAll(async () => {
  await app?.close()
})

describe('the groups list during the first sync', () => {
  it('says the groups are syncing until the list arrives, then lists them', async () => {
    const { page, sandbox } = app
    sandbox.faults.set('GET /api/v1/group', { latencyMs: 20_000 })
    await page.getByRole('button', { name: 'Explore the demo' }).click()
    const main = page.getByRole('main')
    await main.getByRole('heading', { name: 'Groups' }).waitFor({ timeout: 30_000 })
    await main.getByText('Syncing…', { exact: true }).waitFor()
    await expect(main.getByText('No groups yet').count()).resolves.toBe(0)

    sandbox.faults.clear()
    const first = sandbox.store.groups()[0]
    if (!first) throw new Error('the sandbox has no groups')
    await page.getByRole('button', { name: first.name, exact: true }).waitFor({ timeout: 60_000 })
  })
})
