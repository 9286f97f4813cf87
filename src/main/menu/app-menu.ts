import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../../shared/ipc/contract'
import { acceleratorFor, SHORTCUTS, type Shortcut } from '../../shared/shortcuts'

/**
 * The application menu as plain data (Electron's template format), so it is tested without
 * Electron. Its commands and keys come from the shared shortcut list (src/shared/shortcuts.ts),
 * which the renderer also uses for the web shell's keys and the keyboard shortcuts help; a new
 * command is a row there (and a value of the contract's MenuCommand).
 *
 * Electron's default menu has Reload, Force Reload and Toggle DevTools: in a packaged build a
 * stray Ctrl+R or F5 would reload the page mid-sync, and DevTools would open on the user's data.
 * So packaged builds get this menu instead, and only development builds add those items back.
 */
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
  const item = (shortcut: Shortcut): MenuItemConstructorOptions => {
    // macOS registers every key a menu item shows, whatever registerAccelerator says: a key the
    // menu must not take (a plain "?", typed in text) is left to the page there, and not shown.
    const accelerator = mac && !shortcut.menuRegisters ? undefined : acceleratorFor(shortcut, mac)
    return {
      id: shortcut.command,
      label: shortcut.label,
      ...(accelerator ? { accelerator, registerAccelerator: shortcut.menuRegisters } : {}),
      click: () => options.run(shortcut.command),
    }
  }
  const inMenu = (menu: Shortcut['menu']): MenuItemConstructorOptions[] =>
    SHORTCUTS.filter((shortcut) => shortcut.menu === menu).map(item)
  const file = inMenu('file')
  const go = inMenu('go')
  const developer: MenuItemConstructorOptions[] = options.isPackaged
    ? []
    : [{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }]

  return [
    ...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: mac ? 'File' : '&File',
      // Search and sync, then the three "New…" commands, then leaving.
      submenu: [
        ...file.slice(0, 2),
        { type: 'separator' },
        ...file.slice(2),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
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
    {
      label: mac ? 'Go' : '&Go',
      submenu: [...go.slice(0, -1), { type: 'separator' }, ...go.slice(-1)],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [...inMenu('help'), { label: 'Plannr Website', click: () => options.openExternal(HELP_URL) }],
    },
  ]
}
