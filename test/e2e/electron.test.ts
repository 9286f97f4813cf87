import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { screenshotPath } from '../support/browser'
import { skipBecause } from '../support/skip'

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

describe('Electron app', () => {
  it('starts with a hardened window and answers app.info through the preload', async (ctx) => {
    const binary = electronBinary()
    if ('missing' in binary) skipBecause(ctx, `Electron e2e: ${binary.missing}`)
    const userData = mkdtempSync(join(tmpdir(), 'plannr-electron-'))
    const app = await electron.launch({
      executablePath: binary.path,
      args: [resolve('out/main/index.js'), `--user-data-dir=${userData}`],
      env: { ...process.env, NODE_ENV: 'production' },
    })
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
})
