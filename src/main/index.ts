import { app, ipcMain, protocol, session, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { APP_ORIGIN } from './window/app-protocol-constants'
import { APP_SCHEME_PRIVILEGES, serveAppRequest } from './window/app-protocol'
import { createMainWindow } from './window/main-window'
import { denyAllPermissions } from './window/security'
import { createDispatcher } from './ipc/dispatch'
import { registerIpcHandlers } from './ipc/electron-ipc'
import { createHandlers } from './ipc/handlers'
import { createSenderCheck } from './ipc/trusted-sender'
import { redactSecrets } from './ipc/redact'

// Must happen before `ready`: app:// behaves like https (secure context, IndexedDB, CSP).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])

const log = (message: string): void => console.log(`[main] ${redactSecrets(message)}`)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: BrowserWindow | null = null

  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('web-contents-created', (_event, contents) => {
    // Belt and braces: no webview or window created by anything may navigate.
    contents.on('will-navigate', (navigation) => navigation.preventDefault())
  })

  void app.whenReady().then(() => {
    const rendererDir = join(import.meta.dirname, '../renderer')
    protocol.handle(APP_SCHEME_PRIVILEGES.scheme, (request) => serveAppRequest(rendererDir, request))
    denyAllPermissions(session.defaultSession)

    const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
    const handlers = createHandlers({
      appInfo: {
        name: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        dataDir: app.getPath('userData'),
        shell: 'electron',
      },
    })
    registerIpcHandlers(ipcMain, createDispatcher(handlers, createSenderCheck(devServerUrl), log))

    const open = (): void => {
      mainWindow = createMainWindow({
        preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
        url: devServerUrl ?? `${APP_ORIGIN}/index.html`,
        stateFile: join(app.getPath('userData'), 'window-state.json'),
      })
      mainWindow.on('closed', () => {
        mainWindow = null
      })
    }
    open()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
