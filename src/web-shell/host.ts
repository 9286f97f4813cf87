import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { createDispatcher } from '../main/ipc/dispatch'
import { createHandlers } from '../main/ipc/handlers'
import { startWebShell, type WebShell } from './server'

export interface WebShellHostOptions {
  rendererDir: string
  port?: number
  dataDir?: string
  log?: (message: string) => void
}

/**
 * Runs the real main-process handlers in this Node process and serves the built renderer to
 * any Chromium through the web shell. What Electron's main does, minus the window.
 */
export async function startWebShellHost(options: WebShellHostOptions): Promise<WebShell & { dataDir: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'plannr-web-shell-'))
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
    productName: string
    version: string
  }
  const handlers = createHandlers({
    appInfo: { name: pkg.productName, version: pkg.version, platform: process.platform, dataDir, shell: 'web-shell' },
  })
  const shell = await startWebShell({
    rendererDir: options.rendererDir,
    port: options.port,
    createDispatcher: (isTrustedSender) => createDispatcher(handlers, isTrustedSender, options.log),
  })
  return { ...shell, dataDir }
}
