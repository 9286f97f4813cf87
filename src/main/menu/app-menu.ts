import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../../shared/ipc/contract'

/**
 * The application menu as plain data (Electron's template format), so it is tested without
 * Electron and grows by adding a row to APP_COMMANDS (and a value to the contract's MenuCommand).
 *
 * Electron's default menu has Reload, Force Reload and Toggle DevTools: in a packaged build a
 * stray Ctrl+R or F5 would reload the page mid-sync, and DevTools would open on the user's data.
 * So packaged builds get this menu instead, and only development builds add those items back.
 */
export interface AppCommand {
  command: MenuCommand
  label: string
  accelerator: string
}

/** The app's own commands: the renderer runs them when main sends the `menu` event. */
export const APP_COMMANDS: readonly AppCommand[] = [
  { command: 'quick-search', label: 'Quick Search…', accelerator: 'CmdOrCtrl+K' },
  // F5 syncs in this app; it never reloads the page (there is no Reload item in packaged builds).
  { command: 'sync-now', label: 'Sync Now', accelerator: 'F5' },
]

export interface AppMenuOptions {
  platform: NodeJS.Platform
  /** Packaged builds leave out Reload, Force Reload and the developer tools. */
  isPackaged: boolean
  /** Runs one of the app's commands (main forwards it to the renderer). */
  run: (command: MenuCommand) => void
  /** Opens an https page in the user's browser (Help). */
  openExternal: (url: string) => void
}

export const HELP_URL = 'https://plannrcrm.com'

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin'
  const commands: MenuItemConstructorOptions[] = APP_COMMANDS.map(({ command, label, accelerator }) => ({
    id: command,
    label,
    accelerator,
    click: () => options.run(command),
  }))
  const developer: MenuItemConstructorOptions[] = options.isPackaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }]

  return [
    ...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: mac ? 'File' : '&File',
      submenu: [...commands, { type: 'separator' }, mac ? { role: 'close' } : { role: 'quit' }],
    },
    {
      label: mac ? 'Edit' : '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'pasteAndMatchStyle' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: mac ? 'View' : '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...developer,
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Plannr Website', click: () => options.openExternal(HELP_URL) }],
    },
  ]
}
