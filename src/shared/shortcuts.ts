import type { MenuCommand } from './ipc/contract'

/**
 * The app's commands and their keys, in one place: main builds the application menu from it, the
 * renderer runs the same keys where there is no native menu (the web shell) and lists them in
 * the keyboard shortcuts help.
 *
 * In Electron, a key the menu registers reaches the app through the menu only (the `menu` event):
 * the renderer leaves those keys alone there, so a shortcut never runs twice. A key the menu shows
 * but does not register (`menuRegisters: false`, the plain "?") is the renderer's in both shells,
 * because a menu accelerator without a modifier would also fire while the user types a "?".
 */
export interface Shortcut {
  command: MenuCommand
  label: string
  /** Where the command sits in the application menu. */
  menu: 'file' | 'go' | 'help'
  /** Electron accelerators, per platform family; null for a command without a key. */
  accelerator: { mac: string; other: string } | null
  menuRegisters: boolean
}

const both = (accelerator: string): { mac: string; other: string } => ({ mac: accelerator, other: accelerator })

export const SHORTCUTS: readonly Shortcut[] = [
  {
    command: 'quick-search',
    label: 'Quick Search…',
    menu: 'file',
    accelerator: both('CmdOrCtrl+K'),
    menuRegisters: true,
  },
  // F5 syncs in this app; it never reloads the page.
  { command: 'sync-now', label: 'Sync Now', menu: 'file', accelerator: both('F5'), menuRegisters: true },
  { command: 'new-group', label: 'New Group…', menu: 'file', accelerator: both('CmdOrCtrl+N'), menuRegisters: true },
  { command: 'new-circle', label: 'New Circle…', menu: 'file', accelerator: null, menuRegisters: true },
  { command: 'new-business-unit', label: 'New Business Unit…', menu: 'file', accelerator: null, menuRegisters: true },
  { command: 'go-groups', label: 'Groups', menu: 'go', accelerator: both('CmdOrCtrl+1'), menuRegisters: true },
  { command: 'go-circles', label: 'Circles', menu: 'go', accelerator: both('CmdOrCtrl+2'), menuRegisters: true },
  {
    command: 'go-business-units',
    label: 'Business Units',
    menu: 'go',
    accelerator: both('CmdOrCtrl+3'),
    menuRegisters: true,
  },
  { command: 'go-reviews', label: 'Reviews', menu: 'go', accelerator: both('CmdOrCtrl+4'), menuRegisters: true },
  { command: 'go-outbox', label: 'Waiting to Sync', menu: 'go', accelerator: both('CmdOrCtrl+5'), menuRegisters: true },
  { command: 'back', label: 'Back', menu: 'go', accelerator: { mac: 'Cmd+[', other: 'Alt+Left' }, menuRegisters: true },
  {
    command: 'shortcuts-help',
    label: 'Keyboard Shortcuts',
    menu: 'help',
    accelerator: both('?'),
    menuRegisters: false,
  },
]

export function acceleratorFor(shortcut: Shortcut, mac: boolean): string | null {
  return shortcut.accelerator ? (mac ? shortcut.accelerator.mac : shortcut.accelerator.other) : null
}

/** "Ctrl+K" / "⌘K", for the help dialog and the sidebar. */
export function describeAccelerator(accelerator: string, mac: boolean): string {
  const parts = accelerator.split('+').filter((part, index, all) => part !== '' || index === all.length - 1)
  const names: Record<string, string> = mac
    ? { CmdOrCtrl: '⌘', Cmd: '⌘', Alt: '⌥', Shift: '⇧', Left: '←' }
    : { CmdOrCtrl: 'Ctrl', Cmd: 'Ctrl', Alt: 'Alt', Shift: 'Shift', Left: '←' }
  const named = parts.map((part) => names[part] ?? part)
  return mac ? named.join('') : named.join('+')
}

/** The parts of a keydown the matcher needs (a DOM KeyboardEvent has them all). */
export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

/** Whether a key press is this accelerator, on this platform (CmdOrCtrl is ⌘ on a Mac, Ctrl elsewhere). */
export function pressMatches(press: KeyPress, accelerator: string, mac: boolean): boolean {
  const parts = accelerator.split('+')
  const key = parts.pop() ?? ''
  const wants = new Set(parts)
  const command = wants.has('CmdOrCtrl') || wants.has('Cmd')
  const ctrl = command && !mac
  const meta = command && mac
  if (press.ctrlKey !== ctrl || press.metaKey !== meta || press.altKey !== wants.has('Alt')) return false
  if (key === '?') return press.key === '?'
  if (press.shiftKey !== wants.has('Shift')) return false
  if (key === 'Left') return press.key === 'ArrowLeft'
  return press.key.toLowerCase() === key.toLowerCase()
}

/**
 * The command a key press asks for, or null. `electron`: the native menu already handles the
 * keys it registers, so only the others are matched here.
 */
export function commandForKey(press: KeyPress, host: { mac: boolean; electron: boolean }): MenuCommand | null {
  for (const shortcut of SHORTCUTS) {
    if (host.electron && shortcut.menuRegisters) continue
    const accelerator = acceleratorFor(shortcut, host.mac)
    if (accelerator && pressMatches(press, accelerator, host.mac)) return shortcut.command
  }
  return null
}
