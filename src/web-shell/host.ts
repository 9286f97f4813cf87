import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventName } from '../shared/ipc/contract'
import { createDispatcher } from '../main/ipc/dispatch'
import { createEventSink } from '../main/ipc/event-sink'
import { createMainServices, type MainServices, type MainServicesOptions } from '../main/services'
import { openTokenStore } from '../main/auth/token-store'
import { startWebShell, type WebShell } from './server'

export interface WebShellHostOptions {
  rendererDir: string
  port?: number
  dataDir?: string
  log?: (message: string) => void
  /**
   * Opens the OAuth authorize URL. Default: print it, so a person can open it in a browser;
   * tests pass a function that approves the sandbox's authorize page.
   */
  openExternal?: MainServicesOptions['openExternal']
  /** Default: the OS keychain, under the web shell's own service (WEB_SHELL_KEYCHAIN_SERVICE). */
  tokenStore?: MainServicesOptions['tokenStore']
  config?: MainServicesOptions['config']
  env?: MainServicesOptions['env']
  startDemo?: MainServicesOptions['startDemo']
  /** Load the saved session at start, as the desktop app does (default true). */
  restore?: boolean
  /** The renderer outbox's settle window (AppInfo.inDoubtSettleMs); default: the app's own. */
  inDoubtSettleMs?: number
}

/**
 * The service the web shell's keychain entries are filed under. Not the desktop app's: an entry's
 * name says only its kind, API host and account, so sharing the service would make the two apps
 * share their sign-ins, and one app's sign-out (or OAuth refresh, which revokes the refresh token
 * the other still holds) would sign the other out.
 */
export const WEB_SHELL_KEYCHAIN_SERVICE = 'Plannr Desktop Web Shell'

/**
 * Runs the real main-process handlers in this Node process and serves the built renderer to
 * any Chromium through the web shell. What Electron's main does, minus the window.
 */
export async function startWebShellHost(
  options: WebShellHostOptions,
): Promise<WebShell & { dataDir: string; services: MainServices }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'plannr-web-shell-'))
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
    productName: string
    version: string
  }
  // The shell exists only after the dispatcher is built; events wait for it (none happen before).
  let send: ((event: EventName, payload: unknown) => void) | null = null
  const services = await createMainServices({
    dataDir,
    appInfo: {
      name: pkg.productName,
      version: pkg.version,
      platform: process.platform,
      dataDir,
      shell: 'web-shell',
      ...(options.inDoubtSettleMs === undefined ? {} : { inDoubtSettleMs: options.inDoubtSettleMs }),
    },
    emit: createEventSink((event, payload) => send?.(event, payload), options.log),
    openExternal:
      options.openExternal ??
      (async (url) => {
        console.log(`Open this address in a browser to sign in to Plannr: ${url}`)
      }),
    tokenStore: options.tokenStore ?? (await openTokenStore(undefined, WEB_SHELL_KEYCHAIN_SERVICE)),
    config: options.config,
    env: options.env,
    startDemo: options.startDemo,
    log: options.log,
  })
  const shell = await startWebShell({
    rendererDir: options.rendererDir,
    port: options.port,
    createDispatcher: (isTrustedSender) => createDispatcher(services.handlers, isTrustedSender, options.log),
  })
  send = shell.emit
  if (options.restore !== false) await services.restore()
  return {
    ...shell,
    dataDir,
    services,
    close: async () => {
      await services.dispose()
      await shell.close()
    },
  }
}
