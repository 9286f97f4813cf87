import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox'
import { MemoryTokenStore } from '../../src/main/auth/token-store'
import { startWebShellHost } from '../../src/web-shell/host'
import type { MainConfig } from '../../src/main/config'
import { DEFAULT_PROBE_TIMINGS } from '../../src/main/connectivity'
import { launchChromium, requireBuiltRenderer, RESULTS_DIR } from './browser'

export interface AppHarness {
  sandbox: Sandbox
  shell: Awaited<ReturnType<typeof startWebShellHost>>
  browser: Browser
  page: Page
  /** Saves a screenshot under test-results/screens/<name>.png. */
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

/**
 * The whole app as a user gets it, minus the Electron window: the built renderer in Chromium,
 * the real main-process handlers behind the web shell, and "Explore the demo" wired to a
 * sandbox the test controls (faults, server-side changes, stopping it to go offline).
 */
export async function startApp(
  options: SandboxOptions & {
    viewport?: { width: number; height: number }
    /** Main's probe timings; by default short offline backoff so tests need little patience. */
    probe?: Partial<MainConfig['probe']>
    /** How long main waits for one answer from Plannr (main's default 20 s): longer holds a request open. */
    requestTimeoutMs?: number
    /**
     * Runs on the page before the app loads, with the sandbox already up: the place for what
     * must be in force from the first script on, such as Playwright's fake clock.
     */
    beforeLoad?: (page: Page, sandbox: Sandbox) => Promise<void>
    /** How long a write left in doubt is left before its lookup (3 s here; the app's own is 90 s). */
    inDoubtSettleMs?: number
  } = {},
): Promise<AppHarness> {
  const { viewport, probe, requestTimeoutMs, beforeLoad, inDoubtSettleMs, ...sandboxOptions } = options
  const sandbox = await startSandbox({ port: 0, seed: 7, accounts: 1500, groups: 16, ...sandboxOptions })
  const shell = await startWebShellHost({
    rendererDir: requireBuiltRenderer(),
    tokenStore: new MemoryTokenStore(null),
    // Fast probing so going offline and coming back shows within a test's patience.
    config: {
      probe: { ...DEFAULT_PROBE_TIMINGS, minDelayMs: 300, maxDelayMs: 1_500, ...probe },
      ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    },
    startDemo: async () => ({ url: sandbox.url, token: sandbox.demo.token, stop: async () => {} }),
    // The sandbox never saves a write after it cut the connection on it (resetRate) or answered
    // it: a write the cut network left in doubt is looked up after 3 s rather than the app's 90.
    inDoubtSettleMs: inDoubtSettleMs ?? 3_000,
  })
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: viewport ?? { width: 1280, height: 800 } })
  // Playwright's 30 s default fails correct tests on a busy machine; waits end when the UI is there.
  page.setDefaultTimeout(90_000)
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`))
  await beforeLoad?.(page, sandbox)
  await page.goto(shell.url)
  const screens = resolve(RESULTS_DIR, 'screens')
  mkdirSync(screens, { recursive: true })
  return {
    sandbox,
    shell,
    browser,
    page,
    async screenshot(name) {
      const path = resolve(screens, `${name}.png`)
      await page.screenshot({ path })
      return path
    },
    async close() {
      await browser.close()
      await shell.close()
      // A test may have stopped the sandbox already to go offline.
      await sandbox.stop().catch(() => {})
    },
  }
}

/** Signs in through "Explore the demo" and waits for the first sync to fill the groups list. */
export async function enterDemo(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Explore the demo' }).click()
  await page.getByRole('heading', { name: 'Groups' }).waitFor()
  await page.getByRole('button', { name: 'Sync now' }).waitFor()
  await page.locator('table[aria-label="Groups"] tbody tr').first().waitFor()
  await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 180_000 })
}

/** The display name the sandbox renders for an account (`name` in the API). */
export function fullName(account: { firstName: string; lastName: string }): string {
  return `${account.firstName} ${account.lastName}`
}

/** Opens a section from the sidebar (Groups, Circles, Business units, Waiting to sync). */
export async function goTo(page: Page, section: RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: section }).click()
}

/** Creates a group through Groups → New group, as the adviser does, and waits for the form to close. */
export async function createGroupInForm(page: Page, name: string): Promise<void> {
  await goTo(page, /^Groups/)
  await page.getByRole('button', { name: 'New group' }).click()
  const dialog = page.getByRole('dialog', { name: 'New group' })
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByRole('button', { name: 'Create group' }).click()
  await dialog.waitFor({ state: 'detached' })
}

/**
 * Every request now dies on the wire (the adviser is on a train); waits until the app says so.
 * The app may notice by itself first (a queued change retrying, a background refresh): then
 * "Sync now" has become "Try now", so it is pressed only while the app still says Online.
 */
export async function cutNetwork(app: Pick<AppHarness, 'sandbox' | 'page'>): Promise<void> {
  app.sandbox.faults.set('*', { resetRate: 1 })
  const status = app.page.getByRole('contentinfo', { name: 'Status' })
  const offline = status.getByText('Offline · last synced')
  const syncNow = status.getByRole('button', { name: 'Sync now' })
  for (let attempt = 0; attempt < 30 && !(await offline.isVisible()); attempt++) {
    await syncNow.click({ timeout: 1_000 }).catch(() => {})
    await offline.waitFor({ timeout: 3_000 }).catch(() => {})
  }
  await offline.waitFor({ timeout: 5_000 })
}

/** The network is back (faults cleared); waits until the app says it is online again. */
export async function restoreNetwork(app: AppHarness): Promise<void> {
  app.sandbox.faults.clear()
  await app.page
    .getByRole('button', { name: 'Sync now' })
    .click()
    .catch(() => {})
  await app.page
    .getByRole('contentinfo', { name: 'Status' })
    .getByText('Online · last synced')
    .waitFor({ timeout: 60_000 })
}

/** The focused element's accessible label and the text of the row it marks active (a grid's focus). */
export async function focusedRow(page: Page): Promise<{ label: string | null; row: string }> {
  return page.evaluate(() => {
    const active = document.activeElement
    const row = document.getElementById(active?.getAttribute('aria-activedescendant') ?? '')
    return { label: active?.getAttribute('aria-label') ?? null, row: row?.textContent ?? '' }
  })
}

/** The sidebar's Overdue reviews button (its count inside). */
export function overdueButton(page: Page): Locator {
  return page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('list', { name: 'Reviews due' })
    .getByRole('button', { name: /^Overdue/ })
}
