import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { screenshotPath } from '../support/browser'
import { skipBecause } from '../support/skip'
import { startLoopbackProxy, type LoopbackProxy } from '../support/loopback-proxy'
import { API_SESSION_PARTITION, API_WRITE_SESSION_PARTITION } from '../../src/main/api/chromium-fetch'

/**
 * Drives the real Electron app where its binary is installed (developers' desktops, release CI).
 * On machines where the binary cannot be downloaded it reports itself skipped, with the reason.
 */
function electronBinary(): { path: string } | { missing: string } {
  const pkgDir = resolve('node_modules/electron')
  const pathFile = join(pkgDir, 'path.txt')
  if (!existsSync(pathFile))
    return { missing: 'the Electron binary is not installed (node_modules/electron/path.txt is absent)' }
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(binary)) return { missing: `the Electron binary is not at ${binary}` }
  if (process.platform === 'linux' && !process.env.DISPLAY) return { missing: 'no X display (run under xvfb-run)' }
  return { path: binary }
}

/** The built app (out/) in the Electron binary, as a user runs it, with a data folder of its own. */
function launchBuiltApp(binaryPath: string) {
  const userData = mkdtempSync(join(tmpdir(), 'plannr-electron-'))
  return electron.launch({
    executablePath: binaryPath,
    args: [resolve('out/main/index.js'), `--user-data-dir=${userData}`],
    env: { ...process.env, NODE_ENV: 'production' },
  })
}

describe('Electron app', () => {
  it('starts with a hardened window and answers app.info through the preload', async (ctx) => {
    const binary = electronBinary()
    if ('missing' in binary) skipBecause(ctx, `Electron e2e: ${binary.missing}`)
    const app = await launchBuiltApp(binary.path)
    try {
      const window = await app.firstWindow()
      await window.getByRole('button', { name: 'Explore the demo' }).waitFor()
      expect(window.url()).toBe('app://plannr/index.html')
      const probe = await window.evaluate(() => ({
        require: typeof (globalThis as unknown as Record<string, unknown>).require,
        process: typeof (globalThis as unknown as Record<string, unknown>).process,
      }))
      expect(probe).toEqual({ require: 'undefined', process: 'undefined' })
      await window.screenshot({ path: screenshotPath('electron-app-info') })
    } finally {
      await app.close()
    }
  })

  it("sends main's requests to Plannr through the proxy its API session is given", async (ctx) => {
    const binary = electronBinary()
    if ('missing' in binary) skipBecause(ctx, `Electron e2e: ${binary.missing}`)
    const app = await launchBuiltApp(binary.path)
    let proxy: LoopbackProxy | null = null
    try {
      const window = await app.firstWindow()
      await window.getByRole('button', { name: 'Explore the demo' }).click()
      await window.getByRole('contentinfo', { name: 'Status' }).getByText('Online · last synced').waitFor({
        timeout: 120_000,
      })
      // Where the demo's sandbox listens, as main reports it.
      const baseUrl = await window.evaluate(async () => {
        type Status = { ok: boolean; value?: { baseUrl: string | null } }
        const api = (globalThis as unknown as { plannr: { auth: { status: () => Promise<Status> } } }).plannr
        return (await api.auth.status()).value?.baseUrl ?? null
      })
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

      // A proxy in front of the demo, set on main's API session as an OS's settings would be.
      // Chromium sends loopback addresses direct unless told otherwise: `<-loopback>`.
      proxy = await startLoopbackProxy(baseUrl ?? '')
      const resolved = await app.evaluate(
        async ({ session }, { partitions, proxyHost, target }) => {
          const answers: string[] = []
          // Both of main's API sessions: reads, and writes (kept apart, see chromium-fetch.ts).
          for (const partition of partitions) {
            const api = session.fromPartition(partition)
            await api.setProxy({ proxyRules: `http=${proxyHost}`, proxyBypassRules: '<-loopback>' })
            // Connections already open to the demo would carry on past the proxy.
            await api.closeAllConnections()
            answers.push(await api.resolveProxy(target))
          }
          return answers
        },
        {
          partitions: [API_SESSION_PARTITION, API_WRITE_SESSION_PARTITION],
          proxyHost: new URL(proxy.url).host,
          target: baseUrl ?? '',
        },
      )
      expect(resolved).toEqual([`PROXY ${new URL(proxy.url).host}`, `PROXY ${new URL(proxy.url).host}`])

      const online = () =>
        window.evaluate(async () => {
          type Checked = { ok: boolean; value?: { online: boolean } }
          const api = (globalThis as unknown as { plannr: { connectivity: { check: () => Promise<Checked> } } }).plannr
          return (await api.connectivity.check()).value?.online
        })
      // Main's check of Plannr goes through the proxy: with it cut, nothing answers. Polled, since
      // a check joins a probe already under way, which may have started before the cut.
      const polled = { interval: 500, timeout: 60_000 }
      expect(await online()).toBe(true)
      proxy.cut()
      await expect.poll(online, polled).toBe(false)
      proxy.restore()
      await expect.poll(online, polled).toBe(true)
    } finally {
      await app.close()
      await proxy?.close()
    }
  })
})
