import { app, ipcMain, Menu, net, powerMonitor, protocol, session, shell, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { APP_ORIGIN } from './window/app-protocol-constants'
import { APP_SCHEME_PRIVILEGES, serveAppRequest } from './window/app-protocol'
import { createMainWindow } from './window/main-window'
import { authorizeUrlAllowed, denyAllPermissions, externalUrlAllowed } from './window/security'
import { createDispatcher } from './ipc/dispatch'
import { registerIpcHandlers } from './ipc/electron-ipc'
import { createEventSink } from './ipc/event-sink'
import { AppError } from '../shared/ipc/errors'
import { createMainServices, type MainServices } from './services'
import { createSenderCheck } from './ipc/trusted-sender'
import { redactSecrets } from './log/redact'
import { appMenuTemplate } from './menu/app-menu'
import { watchOsNetwork } from './os-network'
import { electronFiles } from './window/save-files'
import { sleep } from './api/retry'
import { API_SESSION_PARTITION, API_WRITE_SESSION_PARTITION, chromiumFetch } from './api/chromium-fetch'

// Must happen before `ready`: app:// behaves like https (secure context, IndexedDB, CSP).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
// Plannr over TCP only: after a QUIC failure Chromium resends a request over TCP by itself, a
// write included, which could make a record twice (api/chromium-fetch.ts).
app.commandLine.appendSwitch('disable-quic')

const log = (message: string): void => console.log(`[main] ${redactSecrets(message)}`)

/** The longest a quit waits for the services to finish (see before-quit). */
const QUIT_WAIT_MS = 5_000

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null
  /** Opens the main window once the app is ready (null before). */
  let openWindow: (() => void) | null = null

  /**
   * The window, brought forward, or opened again where it was closed and the app kept running
   * (macOS): a second launch or a menu command must not do nothing with no window to show it.
   */
  const showWindow = (): void => {
    if (!mainWindow) openWindow?.()
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  }

  app.on('second-instance', showWindow)

  app.on('web-contents-created', (_event, contents) => {
    // Belt and braces: no webview or window created by anything may navigate.
    contents.on('will-navigate', (navigation) => navigation.preventDefault())
  })

  let services: MainServices | null = null
  let stopOsNetwork: (() => void) | null = null

  void app.whenReady().then(async () => {
    const rendererDir = join(import.meta.dirname, '../renderer')
    protocol.handle(APP_SCHEME_PRIVILEGES.scheme, (request) => serveAppRequest(rendererDir, request))
    denyAllPermissions(session.defaultSession)

    const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
    // Events go to whichever window is open; none open means nobody to tell.
    const emit = createEventSink((event, payload) => mainWindow?.webContents.send(`event:${event}`, payload), log)
    // Plannr is reached through Chromium (the OS's proxy settings and certificate store), on
    // sessions of its own in memory with their cache off, writes apart, one at a time, each on a
    // new connection that Chromium cannot resend them on: see api/chromium-fetch.ts. Only after ready.
    const apiSession = session.fromPartition(API_SESSION_PARTITION, { cache: false })
    const writeSession = session.fromPartition(API_WRITE_SESSION_PARTITION, { cache: false })
    const apiFetch = chromiumFetch({
      read: (options) => net.request({ ...options, session: apiSession }),
      write: (options) => net.request({ ...options, session: writeSession }),
      closeWriteConnections: () => writeSession.closeAllConnections(),
    })
    services = await createMainServices({
      dataDir: app.getPath('userData'),
      appInfo: {
        name: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        dataDir: app.getPath('userData'),
        shell: 'electron',
      },
      emit,
      openExternal: async (url) => {
        // Only the configured OAuth authorize page may be opened by sign-in, nothing the renderer names.
        if (!authorizeUrlAllowed(url, services?.config.oauth?.authorizeUrl)) {
          throw new AppError({
            kind: 'oauth',
            message: 'Refused to open a sign-in page that is not the configured Plannr one.',
          })
        }
        await shell.openExternal(url)
      },
      // The main window is the only one: its page asks for saves and is what a PDF prints.
      files: electronFiles({ window: () => mainWindow, defaultDir: app.getPath('documents') }),
      fetch: apiFetch,
      log,
    })
    // Replaces Electron's default menu, whose Reload and Toggle DevTools must not ship.
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate({
          platform: process.platform,
          isPackaged: app.isPackaged,
          // With no window, the command opens one; the command itself is not replayed into a page
          // that is still loading (the user sees the app and asks again).
          run: (command) => {
            if (mainWindow) emit('menu', { command })
            else showWindow()
          },
          openExternal: (url) => {
            if (externalUrlAllowed(url)) void shell.openExternal(url)
          },
        }),
      ),
    )
    const handlers = services.handlers
    registerIpcHandlers(ipcMain, createDispatcher(handlers, createSenderCheck(devServerUrl), log))
    void services.restore()
    // The OS's network changes and wake-ups make main check Plannr at once.
    const connectivity = services.connectivity
    stopOsNetwork = watchOsNetwork({
      isOnline: () => net.isOnline(),
      power: powerMonitor,
      hint: (hint) => connectivity.hint(hint),
    })

    openWindow = (): void => {
      mainWindow = createMainWindow({
        preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
        url: devServerUrl ?? `${APP_ORIGIN}/index.html`,
        stateFile: join(app.getPath('userData'), 'window-state.json'),
        devTools: !app.isPackaged,
      })
      mainWindow.on('closed', () => {
        mainWindow = null
      })
    }
    openWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow?.()
    })
  })

  // Quitting waits for the services to finish (a refreshed sign-in still being written to the
  // keychain, the demo sandbox stopping): cut off, the keychain could keep a refresh token Plannr
  // has already replaced, and the next start would ask the user to sign in again. A keychain that
  // never answers (an unlock prompt left open) does not hold the quit for ever.
  let quitting: 'no' | 'disposing' | 'done' = 'no'
  app.on('before-quit', (event) => {
    if (quitting === 'done' || !services) return
    event.preventDefault()
    if (quitting === 'disposing') return
    quitting = 'disposing'
    stopOsNetwork?.()
    const disposed = services.dispose().catch((error: unknown) => log(`shutdown: ${String(error)}`))
    void Promise.race([disposed, sleep(QUIT_WAIT_MS)]).then(() => {
      quitting = 'done'
      app.quit()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
