import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, enterDemo, cutNetwork, type AppHarness } from '../support/app-harness'

// The buttons and texts that let an adviser act on where they stand: "Try now" while offline
// (with main's own probing slowed right down, so only the button can bring the app back), and
// Plannr's "wait N seconds" shown as a countdown instead of a silent stall.
let app: AppHarness

beforeAll(async () => {
  const tenMinutes = 10 * 60_000
  app = await startApp({
    seed: 22,
    accounts: 500,
    groups: 6,
    probe: { minDelayMs: tenMinutes, maxDelayMs: tenMinutes, activeMaxDelayMs: tenMinutes },
  })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

const status = () => app.page.getByRole('contentinfo', { name: 'Status' })

describe('acting on where you stand', () => {
  it("shows Plannr's 429 wait as a countdown in the status bar", async () => {
    const { page, sandbox } = app
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 60_000 })
    sandbox.faults.set('GET /api/v1/group', { rateLimitBurst: 1, retryAfterSeconds: 15 })
    await status().getByRole('button', { name: 'Sync now' }).click()
    const waiting = status().getByText(/Plannr asked us to wait \d+ s/)
    await waiting.waitFor({ timeout: 30_000 })
    const seconds = async (): Promise<number> => Number((await waiting.textContent())?.match(/wait (\d+) s/)?.[1])
    const first = await seconds()
    expect(first).toBeGreaterThan(0)
    expect(first).toBeLessThanOrEqual(15)
    await page.waitForFunction(
      (before) => {
        const text = document.querySelector('footer[aria-label="Status"]')?.textContent ?? ''
        const match = /wait (\d+) s/.exec(text)
        return match !== null && Number(match[1]) < before
      },
      first,
      { timeout: 30_000 },
    )
    await app.screenshot('31-rate-limit-countdown')
    await waiting.waitFor({ state: 'detached', timeout: 60_000 })
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 60_000 })
    sandbox.faults.clear()
  })

  it('offers Try now while offline: it checks Plannr at once and syncs when Plannr answers', async () => {
    const { page, sandbox } = app
    await cutNetwork(app)

    const tryNow = status().getByRole('button', { name: 'Try now' })
    await expect(tryNow.isEnabled()).resolves.toBe(true)
    await tryNow.click()
    await page.getByText('Plannr still cannot be reached').waitFor()
    await status().getByText('Offline · last synced').waitFor()

    const group = sandbox.store.groups()[0]
    if (!group) throw new Error('no group')
    sandbox.store.renameGroup(group.uuid, 'Seen After Try Now')
    // The app also re-checks Plannr on its own every few seconds while offline: clear the fault
    // and click at once (no wait for the button to settle), so that Try now usually finds Plannr.
    // On a busy machine the app's own check can win: then the button is gone (it shows only
    // while offline) and the click has nothing to press. Either way the app must come back and
    // sync; that Try now checks at once is shown above.
    await expect.poll(() => tryNow.getAttribute('aria-busy')).toBe('false')
    sandbox.faults.clear()
    await tryNow.click({ force: true, timeout: 5_000 }).catch(async (error: unknown) => {
      if (await tryNow.isVisible()) throw error
    })
    await status().getByText('Online · last synced').waitFor()
    await page.getByRole('button', { name: 'Seen After Try Now', exact: true }).waitFor({ timeout: 30_000 })
  })
})
