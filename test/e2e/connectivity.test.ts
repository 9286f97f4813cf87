import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, enterDemo, goTo, cutNetwork, type AppHarness } from '../support/app-harness'

// Where the adviser stands, as the status bar, the offline banner and the groups list say it,
// while Plannr goes away and comes back under an app that is only browsing its cache.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 21, accounts: 600, groups: 8 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

const status = () => app.page.getByRole('contentinfo', { name: 'Status' })

/**
 * Records every text the status bar's connection state shows from now on, and the sync's label
 * beside it; resolves a reader of what was recorded.
 */
async function watchStatusBar(): Promise<() => Promise<Array<{ conn: string; sync: string | null }>>> {
  await app.page.evaluate(() => {
    const footer = document.querySelector('footer[aria-label="Status"]')
    const conn = footer?.querySelector('.conn')
    if (!footer || !conn) throw new Error('no connection state in the status bar')
    const shown = (): { conn: string; sync: string | null } => ({
      conn: conn.textContent ?? '',
      sync: footer.querySelector('[role="progressbar"]')?.getAttribute('aria-valuetext') ?? null,
    })
    const seen = [shown()]
    new MutationObserver(() => seen.push(shown())).observe(footer, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    })
    Object.assign(globalThis, { statusShown: seen })
  })
  return () =>
    app.page.evaluate(
      () => (globalThis as { statusShown?: Array<{ conn: string; sync: string | null }> }).statusShown ?? [],
    )
}

describe('connectivity while browsing', () => {
  it('notices an outage while the adviser only browses the cache, and says so everywhere', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.largestGroup()
    await page.getByRole('button', { name: group.name, exact: true }).click()
    await page.getByRole('grid', { name: `Participants of ${group.name}` }).waitFor()
    await status().getByText('Online · last synced').waitFor()

    // The train enters a tunnel: nothing the app does from here on needs the network.
    sandbox.faults.set('*', { resetRate: 1 })
    const search = page.getByLabel('Search participants')
    for (const text of ['a', 'ab', '', 'e']) await search.fill(text)
    await status().getByText('Offline · last synced').waitFor({ timeout: 30_000 })
    await page.getByText('Offline · showing what is on this computer').waitFor()
    // A test that cuts the network after the app has noticed by itself finds no "Sync now" to press.
    await cutNetwork(app)
    await search.fill('')
  })

  it('refreshes by itself when Plannr is back: a change made there meanwhile appears without Sync now', async () => {
    const { page, sandbox } = app
    const renamed = sandbox.store.groups().find((group) => group.uuid !== sandbox.store.largestGroup().uuid)
    if (!renamed) throw new Error('no second group')
    const before = renamed.name
    sandbox.store.renameGroup(renamed.uuid, 'Renamed While You Were Away')
    await goTo(page, /^Groups/)
    await page.getByRole('button', { name: before, exact: true }).waitFor()

    sandbox.faults.clear()
    await status().getByText('Online · last synced').waitFor({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Renamed While You Were Away', exact: true }).waitFor({ timeout: 30_000 })
    await app.screenshot('30-refreshed-on-return')
  })

  it("shows a created group's server state after it commits, and Pending sync before", async () => {
    const { page, sandbox } = app
    const unit = sandbox.store.businessUnits()[0]
    if (!unit) throw new Error('no business unit')
    // Slow the create down so the pending row can be seen before Plannr answers.
    sandbox.faults.set('POST /api/v1/group', { latencyMs: 2_500 })
    await page.getByRole('button', { name: 'New group' }).click()
    const dialog = page.getByRole('dialog', { name: 'New group' })
    await dialog.getByLabel('Name').fill('Created Online')
    await dialog.getByLabel('Business unit').selectOption({ label: unit.name })
    await dialog.getByRole('button', { name: 'Create group' }).click()
    await dialog.waitFor({ state: 'detached' })

    const row = page.locator('table[aria-label="Groups"] tbody tr', { hasText: 'Created Online' })
    await row.locator('td').nth(3).getByText('Pending sync').waitFor()
    expect(await row.textContent()).not.toMatch(/never|not yet/)

    await row.getByText('Pending sync').first().waitFor({ state: 'detached', timeout: 30_000 })
    sandbox.faults.clear()
    expect(sandbox.store.groupByName('Created Online')).toBeDefined()
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe(unit.name)
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe('just now')
  })

  it('says Offline as soon as Sync now cannot reach Plannr, while the sync retries, and never Online meanwhile', async () => {
    const { page, sandbox } = app
    await status().getByText('Online · last synced').waitFor()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'))
    const statusShown = await watchStatusBar()

    sandbox.faults.set('*', { resetRate: 1 })
    await page.keyboard.press('F5') // Sync now
    // Well before the sync's own retries could end.
    await status().getByText('Offline · last synced').waitFor({ timeout: 15_000 })
    // The sync keeps trying meanwhile; whatever it does, the status bar stays Offline.
    await status().getByRole('button', { name: 'Try now' }).waitFor()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 120_000 })
    const duringOutage = await statusShown()
    const offlineFrom = duringOutage.findIndex((shown) => shown.conn.includes('Offline'))
    expect(offlineFrom).toBeGreaterThanOrEqual(0)
    expect(
      duringOutage
        .slice(offlineFrom)
        .map((shown) => shown.conn)
        .filter((text) => text.includes('Online')),
    ).toEqual([])
    // Beside "Offline" the running sync says it is trying to reach Plannr, never "Syncing".
    const besideOffline = duringOutage.filter((shown) => shown.conn.includes('Offline') && shown.sync !== null)
    expect(besideOffline.length).toBeGreaterThan(0)
    expect(besideOffline.filter((shown) => shown.sync?.startsWith('Syncing'))).toEqual([])

    sandbox.faults.clear()
    await status().getByText('Online · last synced').waitFor({ timeout: 30_000 })
  })

  it('says Plannr is unavailable, never Online, while a gateway answers 503 for it, and Online once it works', async () => {
    const { page, sandbox } = app
    await status().getByText('Online · last synced').waitFor()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'))
    // The network is fine, but every answer comes from a proxy whose Plannr behind it is down.
    sandbox.faults.set('*', { status: 503 })
    await page.keyboard.press('F5') // Sync now
    await status().getByText('Plannr unavailable · last synced').waitFor({ timeout: 15_000 })
    const statusShown = await watchStatusBar()
    await page.getByText('Plannr is not working right now').waitFor()
    await page.getByText('Plannr answered 503 (Service Unavailable).').waitFor()
    // "Try now" asks main's probe at once: it reaches the same proxy and must not call this Online.
    await status().getByRole('button', { name: 'Try now' }).click()
    await page.getByText('Plannr is still not working.').waitFor()
    expect((await statusShown()).filter((shown) => shown.conn.includes('Online'))).toEqual([])

    sandbox.faults.clear()
    await status().getByText('Online · last synced').waitFor({ timeout: 30_000 })
    await expect(page.getByText('Plannr is not working right now').count()).resolves.toBe(0)
  })

  it('never says Online while a window opens during an outage, not even before its first check', async () => {
    const { page, sandbox } = app
    await cutNetwork(app)
    // Plannr now hangs instead of refusing: a check takes until its timeout.
    sandbox.faults.set('*', { latencyMs: 30_000 })
    // Every text the connection state shows in the new page, from its first render.
    await page.addInitScript(() => {
      const seen: string[] = []
      Object.assign(globalThis, { connShown: seen })
      const note = (): void => {
        const text = document.querySelector('footer[aria-label="Status"] .conn')?.textContent?.trim()
        if (text && seen.at(-1) !== text) seen.push(text)
      }
      new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true })
    })
    await page.reload()
    await status().getByText('Offline · last synced').waitFor({ timeout: 30_000 })
    const shown = await page.evaluate(() => (globalThis as { connShown?: string[] }).connShown ?? [])
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.filter((text) => text.includes('Online'))).toEqual([])

    sandbox.faults.clear()
    // The app's own next check may find Plannr first, and the button is Sync now by then.
    await status()
      .getByRole('button', { name: 'Try now' })
      .click({ timeout: 5_000 })
      .catch(() => {})
    await status().getByText('Online · last synced').waitFor({ timeout: 30_000 })
  })
})
