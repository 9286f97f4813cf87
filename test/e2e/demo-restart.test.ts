import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { MemoryTokenStore } from '../../src/main/auth/token-store'
import { DEFAULT_PROBE_TIMINGS } from '../../src/main/connectivity'
import { startWebShellHost } from '../../src/web-shell/host'
import { launchChromium, requireBuiltRenderer } from '../support/browser'
import { freePort } from '../support/free-port'
import { cutNetwork, enterDemo, createGroupInForm, goTo } from '../support/app-harness'

// The demo is the built-in sandbox, started afresh with the app each time, always with the same
// seeded account: what was changed in one run of the demo must not come back in the next.

type Host = Awaited<ReturnType<typeof startWebShellHost>>

let browser: Browser
let context: BrowserContext
let page: Page
let dataDir: string
let port: number
let host: Host | null = null
/** The demo's sandboxes, the running one last: each start of the demo makes a new one, as the app does. */
const demos: Sandbox[] = []
/** The port the next demo's sandbox listens on (0: any free one, as the app asks for). */
let nextDemoPort = 0

/** Main starting (or restarting, with its saved sign-in) on the same address and data folder. */
async function startMain(): Promise<Host> {
  return startWebShellHost({
    rendererDir: requireBuiltRenderer(),
    port,
    dataDir,
    tokenStore: new MemoryTokenStore(null),
    config: { probe: { ...DEFAULT_PROBE_TIMINGS, minDelayMs: 300, maxDelayMs: 1_500 } },
    startDemo: async () => {
      const started = await startSandbox({ port: nextDemoPort, seed: 7, accounts: 300, groups: 4 })
      nextDemoPort = 0
      demos.push(started)
      // Left running until the test ends unless a test stops it, so that the next run is given
      // another port except where a test asks for the same one.
      return { url: started.url, token: started.demo.token, stop: async () => {} }
    },
  })
}

function currentDemo(): Sandbox {
  const demo = demos.at(-1)
  if (!demo) throw new Error('no demo is running')
  return demo
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'plannr-demo-restart-'))
  port = await freePort()
  host = await startMain()
  browser = await launchChromium()
  // One browser profile for both runs: the page's IndexedDB outlives the app's restart, as on disk.
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  page = await context.newPage()
  page.setDefaultTimeout(90_000)
  await page.goto(host.url)
})

afterAll(async () => {
  await browser?.close()
  await host?.close()
  for (const demo of demos) await demo.stop().catch(() => {})
  rmSync(dataDir, { recursive: true, force: true })
})

/** Offline, a group is made in the demo: queued, shown as pending. Returns its row. */
async function queueGroupOffline(name: string): Promise<Locator> {
  await cutNetwork({ sandbox: currentDemo(), page })
  await createGroupInForm(page, name)
  const row = page.locator('table[aria-label="Groups"] tbody tr', { hasText: name })
  await row.getByText('Pending sync').first().waitFor()
  return row
}

/** The app, started again, shows the new demo's groups once its first sync is done. */
async function openAfterRestart(started: Host): Promise<void> {
  await page.goto(started.url)
  await page.getByRole('heading', { name: 'Groups' }).waitFor()
  await page.locator('table[aria-label="Groups"] tbody tr').first().waitFor()
  await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 180_000 })
}

/** Neither listed nor waiting to sync, and never sent to the running demo. */
async function expectGone(row: Locator, name: string): Promise<void> {
  expect(await row.count()).toBe(0)
  await goTo(page, /^Waiting to sync/)
  await page.getByText('Everything is on Plannr').waitFor()
  expect(currentDemo().store.groupByName(name)).toBeUndefined()
}

describe('the demo, started again', () => {
  it('starts from an empty cache: nothing queued in the last run is kept or sent', async () => {
    await enterDemo(page)
    const row = await queueGroupOffline('Made in the last demo')

    // The app closes and starts again: main restarts the demo, with a new sandbox.
    await host?.close()
    host = null
    host = await startMain()
    expect(demos.length).toBe(2)
    await openAfterRestart(host)
    await expectGone(row, 'Made in the last demo')
  })

  it("starts from an empty cache also when the new run is given the last run's port", async () => {
    const row = await queueGroupOffline('Made on the same port')

    await host?.close()
    host = null
    const last = currentDemo()
    await last.stop()
    nextDemoPort = Number(new URL(last.url).port)
    host = await startMain()
    expect(currentDemo().url).toBe(last.url)
    await openAfterRestart(host)
    await expectGone(row, 'Made on the same port')
  })
})
