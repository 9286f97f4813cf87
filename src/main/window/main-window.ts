import { BrowserWindow, screen, shell } from 'electron'
import { fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './window-state'
import { hardenWebContents, secureWebPreferences } from './security'

export interface MainWindowOptions {
  preloadPath: string
  /** app://plannr/index.html in production, the dev server URL during `npm run dev`. */
  url: string
  stateFile: string
  /** Developer tools: on in development, off in packaged builds. */
  devTools: boolean
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = fitToDisplays(
    loadWindowState(options.stateFile),
    screen.getAllDisplays().map((display) => display.workArea),
  )
  const window = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Plannr Desktop',
    backgroundColor: '#f7f7f9',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preloadPath, { devTools: options.devTools }),
  })
  if (state.maximized) window.maximize()
  hardenWebContents(window.webContents, (url) => shell.openExternal(url))
  window.once('ready-to-show', () => window.show())
  window.on('close', () => {
    const bounds = window.getNormalBounds()
    const next: WindowState = { ...bounds, maximized: window.isMaximized() }
    saveWindowState(options.stateFile, next)
  })
  void window.loadURL(options.url)
  return window
}
