import type { AppInfo } from '../shared/ipc/contract'
import { PlannrEndpoints } from './api/endpoints'
import { Http } from './api/http'
import { InFlightWrites } from './api/in-flight-writes'
import { probeApi } from './api/probe'
import { RateLimiter } from './api/rate-limiter'
import { ServerClock } from './api/server-clock'
import type { OpenExternal } from './auth/oauth'
import { AuthService, type DemoServer } from './auth/session'
import { SettingsFile } from './auth/settings'
import { openTokenStore, type TokenStore } from './auth/token-store'
import { loadConfig, type MainConfig } from './config'
import { ConnectivityMonitor } from './connectivity'
import type { Handlers } from './ipc/dispatch'
import type { EventSink } from './ipc/event-sink'
import type { DesktopFiles } from './files/desktop-files'
import { createHandlers } from './ipc/handlers'
import { redactSecrets } from './log/redact'

export interface MainServicesOptions {
  dataDir: string
  appInfo: AppInfo
  /** Pushes contract events to the renderer (Electron: webContents.send; web shell: its socket). */
  emit: EventSink
  /** Opens the OAuth authorize URL in the system browser (tests: a function that approves it). */
  openExternal: OpenExternal
  /** Defaults to the OS keychain (memory, with a plain-words reason, when none answers). */
  tokenStore?: TokenStore
  /** Overrides on top of environment + settings (tests point OAuth at a sandbox here). */
  config?: Partial<MainConfig>
  env?: Record<string, string | undefined>
  /** Defaults to starting the built-in sandbox. */
  startDemo?: () => Promise<DemoServer>
  fetch?: typeof fetch
  /** The desktop app's save dialog and PDF printing (the web shell has none). */
  files?: DesktopFiles
  log?: (message: string) => void
}

export interface MainServices {
  handlers: Handlers
  auth: AuthService
  connectivity: ConnectivityMonitor
  config: MainConfig
  tokenStore: TokenStore
  /** Loads the saved session (keychain + settings). Call once at start. */
  restore(): Promise<void>
  dispose(): Promise<void>
}

/**
 * The main process minus Electron: config, token store, auth, API client, connectivity and the
 * IPC handlers, wired once. Electron's index.ts, the web shell and the tests all build the app
 * through this function, so they run the same code.
 */
export async function createMainServices(options: MainServicesOptions): Promise<MainServices> {
  const log = (message: string): void => options.log?.(redactSecrets(message))
  const settings = new SettingsFile(options.dataDir)
  const config: MainConfig = { ...loadConfig(options.env ?? process.env, settings.read()), ...options.config }
  const tokenStore = options.tokenStore ?? (await openTokenStore())
  const serverClock = new ServerClock()

  let auth: AuthService | null = null
  const connectivity = new ConnectivityMonitor({
    ...config.probe,
    probe: () => probeApi(auth?.baseUrl() ?? config.apiBaseUrl, config.probe.timeoutMs, options.fetch),
    onChange: (state) => options.emit('connectivity', state),
  })

  auth = new AuthService({
    tokenStore,
    settings,
    defaultBaseUrl: config.apiBaseUrl,
    oauth: config.oauth,
    refreshMarginMs: config.refreshMarginMs,
    openExternal: options.openExternal,
    startDemo: options.startDemo ?? defaultDemo,
    createApi: (baseUrl, credentials, speaksForApp) => {
      // A limiter for each session: a 429's pause (an hour, say) is the server's and the sign-in's
      // that got it, and must not hold the calls of a sign-in to another server, or the demo.
      const limiter = new RateLimiter({
        ...config.limiter,
        // Any call held by a 429 is visible: the renderer counts down to its end, a wall-clock
        // time (the limiter measures the wait itself on a monotonic clock).
        onWaitChange: (waitMs) =>
          options.emit('rateLimit', {
            waitingUntil: waitMs === null ? null : new Date(Date.now() + waitMs).toISOString(),
          }),
      })
      const api = new PlannrEndpoints(
        new Http({
          baseUrl,
          credentials,
          limiter,
          retry: config.retry,
          timeoutMs: config.requestTimeoutMs,
          fetch: options.fetch,
          // One monitor and one clock for the app: only the Plannr in use may move them (a sign-in
          // tried elsewhere failing must not show "Offline", nor hold the probes while it waits).
          onReachability: (exchange) => {
            if (speaksForApp()) connectivity.report(exchange)
          },
          onSend: () => (speaksForApp() ? connectivity.requestStarted() : () => {}),
          onServerDate: (date, sentAt, receivedAt) => {
            if (speaksForApp()) serverClock.observe(date, sentAt, receivedAt)
          },
          log,
        }),
      )
      return { api, close: () => limiter.close() }
    },
    onChange: (status) => options.emit('auth', status),
    fetch: options.fetch,
    log,
  })
  const authService = auth

  return {
    // One registry for the life of main: a reloaded renderer's resend still finds the first send.
    handlers: createHandlers({
      appInfo: options.appInfo,
      auth: authService,
      connectivity,
      writes: new InFlightWrites(),
      serverClock,
      files: options.files,
    }),
    auth: authService,
    connectivity,
    config,
    tokenStore,
    restore: async () => {
      await authService.restore()
    },
    dispose: async () => {
      connectivity.dispose()
      await authService.dispose()
    },
  }
}

async function defaultDemo(): Promise<DemoServer> {
  const { startDemoSandbox } = await import('./demo')
  return startDemoSandbox()
}
