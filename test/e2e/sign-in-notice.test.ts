import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { MemoryTokenStore } from '../../src/main/auth/token-store'
import { startWebShellHost } from '../../src/web-shell/host'
import { launchChromium, requireBuiltRenderer } from '../support/browser'
import { freePort } from '../support/free-port'

// When main signs the user out on its own (a saved sign-in it cannot use), the sign-in screen
// says why: otherwise the adviser only sees that they were signed out.

type Host = Awaited<ReturnType<typeof startWebShellHost>>

let sandbox: Sandbox
let browser: Browser
let page: Page
let dataDir: string
let port: number
let host: Host | null = null

/** Main starting on the same address and data folder, with a keyring (in memory) that keeps nothing across starts. */
function startMain(): Promise<Host> {
  return startWebShellHost({
    rendererDir: requireBuiltRenderer(),
    port,
    dataDir,
    tokenStore: new MemoryTokenStore(null),
  })
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 5, accounts: 100, groups: 3 })
  dataDir = mkdtempSync(join(tmpdir(), 'plannr-sign-in-notice-'))
  port = await freePort()
  host = await startMain()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.setDefaultTimeout(90_000)
  await page.goto(host.url)
})

afterAll(async () => {
  await browser?.close()
  await host?.close()
  await sandbox?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('the sign-in screen after main signed the user out', () => {
  it('says why the saved sign-in was not used', async () => {
    await page.getByRole('button', { name: 'Advanced' }).click()
    await page.getByLabel('API address').fill(sandbox.url)
    await page.getByLabel('Personal access token').fill(sandbox.demo.token)
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByRole('heading', { name: 'Groups' }).waitFor()

    // The app restarts, and the keyring (one in memory here) no longer holds the sign-in.
    await host?.close()
    host = await startMain()
    await page.goto(host.url)
    await page.getByRole('button', { name: 'Sign in with token' }).waitFor()
    await page.getByRole('status').filter({ hasText: 'not found in the keychain' }).waitFor()
  })
})
