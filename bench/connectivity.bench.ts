/**
 * How fast the app shows where it stands: "time to show Offline after the API goes away" and
 * "time to show Online after it returns", measured on the built UI through the web shell with
 * main's real handlers and its default probe timings. The API sits behind a loopback TCP proxy
 * that resets every connection while "away". The adviser is using the app meanwhile (scrolling
 * the groups list every second), since the goal is about an app in use. Each figure is wall
 * time from the proxy's change to the status bar's new text, over several trials started at
 * random moments relative to main's probe timer. Prints the figures and merges them into
 * bench/results.json.
 *
 *   npx electron-vite build && npx tsx bench/connectivity.bench.ts   (npm run bench runs it)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { startSandbox } from '../src/sandbox'
import { MemoryTokenStore } from '../src/main/auth/token-store'
import { startWebShellHost } from '../src/web-shell/host'
import { launchChromium, requireBuiltRenderer } from '../test/support/browser'
import { startLoopbackProxy } from '../test/support/loopback-proxy'

const TRIALS = Number(process.env.BENCH_CONNECTIVITY_TRIALS ?? 20)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return Math.round(sorted[index] ?? 0)
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

/**
 * The page's document as far as the functions below need it: they run in Chromium, while this
 * file is type-checked for Node, without the DOM's types.
 */
declare const document: { querySelector(selector: string): { textContent: string | null } | null }

/** Wall time until the status bar starts with `text`, polled in the page every 20 ms. */
async function timeUntilStatus(page: Page, text: string, since: number): Promise<number> {
  await page.waitForFunction(
    (wanted) =>
      document.querySelector('footer[aria-label="Status"] [role="status"]')?.textContent?.trim().startsWith(wanted),
    text,
    { polling: 20, timeout: 120_000 },
  )
  return Date.now() - since
}

const sandbox = await startSandbox({ port: 0, seed: 1, accounts: 600, groups: 8 })
const proxy = await startLoopbackProxy(sandbox.url)
const shell = await startWebShellHost({
  rendererDir: requireBuiltRenderer(),
  tokenStore: new MemoryTokenStore(null),
  startDemo: async () => ({ url: proxy.url, token: sandbox.demo.token, stop: async () => {} }),
})
const browser = await launchChromium()
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
await page.goto(shell.url)
await page.getByRole('button', { name: 'Explore the demo' }).click()
await page.locator('table[aria-label="Groups"] tbody tr').first().waitFor({ timeout: 60_000 })
await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 120_000 })

// The adviser keeps scrolling the list: the app is in use for the whole measurement.
let using = true
const use = (async () => {
  let direction = 1
  while (using) {
    await page.mouse.move(640, 300)
    await page.mouse.wheel(0, 40 * direction).catch(() => {})
    direction = -direction
    await sleep(1_000)
  }
})()

const offline: number[] = []
const online: number[] = []
for (let trial = 0; trial < TRIALS; trial++) {
  // A random phase against main's probe timer, as an outage would have.
  await sleep(1_000 + Math.random() * 4_000)
  const cutAt = Date.now()
  proxy.cut()
  offline.push(await timeUntilStatus(page, 'Offline', cutAt))
  await sleep(1_000 + Math.random() * 4_000)
  const backAt = Date.now()
  proxy.restore()
  online.push(await timeUntilStatus(page, 'Online', backAt))
  console.log(`trial ${trial + 1}: offline shown after ${offline.at(-1)} ms, online after ${online.at(-1)} ms`)
}
using = false
await use

await browser.close()
await shell.close()
await proxy.close()
await sandbox.stop()

const figures: Record<string, number> = {
  connectivity_trials: TRIALS,
  connectivity_offline_shown_p50_ms: percentile(offline, 50),
  connectivity_offline_shown_p95_ms: percentile(offline, 95),
  connectivity_offline_shown_max_ms: percentile(offline, 100),
  connectivity_online_shown_p50_ms: percentile(online, 50),
  connectivity_online_shown_p95_ms: percentile(online, 95),
  connectivity_online_shown_max_ms: percentile(online, 100),
}
console.log('time to show Offline after the API goes away:', {
  p50: figures.connectivity_offline_shown_p50_ms,
  p95: figures.connectivity_offline_shown_p95_ms,
  max: figures.connectivity_offline_shown_max_ms,
  goal_p95: 5_000,
})
console.log('time to show Online after it returns:', {
  p50: figures.connectivity_online_shown_p50_ms,
  p95: figures.connectivity_online_shown_p95_ms,
  max: figures.connectivity_online_shown_max_ms,
  goal_p95: 5_000,
})
const resultsPath = resolve(root, 'bench/results.json')
const previous: Record<string, unknown> = existsSync(resultsPath)
  ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>)
  : {}
writeFileSync(resultsPath, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`)
console.log('merged into bench/results.json')
