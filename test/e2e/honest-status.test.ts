import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, enterDemo, type AppHarness } from '../support/app-harness'

// What the app says about work that did not finish while Plannr answers: the adviser must never
// take a failed sync or an unanswered check for data that is current.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 23, accounts: 600, groups: 8 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

const status = () => app.page.getByRole('contentinfo', { name: 'Status' })

describe('a sync that keeps failing while Plannr answers', () => {
  it('says the sync could not finish, why, and when it is tried again, and offers Retry sync', async () => {
    const { page, sandbox } = app
    await status().getByText('Online · last synced').waitFor()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'))

    // The sync's first read answers with the API's own 500: Plannr is up, this request fails.
    sandbox.faults.set('GET /api/v1/group', { status: 500 })
    await page.keyboard.press('F5') // Sync now
    const progress = status().getByRole('progressbar')
    await progress.waitFor()
    await progress.waitFor({ state: 'detached', timeout: 60_000 })

    // The run ended in the state it leaves: the bar says so from the same moment.
    expect(await status().textContent()).toMatch(
      /Sync could not finish: Plannr had a problem on its side · retrying at \d\d:\d\d/,
    )
    const failure = status().getByRole('status').filter({ hasText: 'Sync could not finish' })
    await expect(failure.count()).resolves.toBe(1)
    await expect(status().getByRole('button', { name: 'Retry sync' }).isEnabled()).resolves.toBe(true)
    // Plannr still answers: the connection state stays as it is.
    await status().getByText('Online · last synced').waitFor()

    sandbox.faults.clear()
    await status().getByRole('button', { name: 'Retry sync' }).click()
    await failure.waitFor({ state: 'detached' })
    await status().getByRole('button', { name: 'Sync now' }).waitFor()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'))
    await expect(status().getByText('Sync could not finish').count()).resolves.toBe(0)
  })
})
