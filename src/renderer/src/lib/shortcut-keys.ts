import type { MenuCommand } from '../../../shared/ipc/contract'
import { commandForKey, type KeyPress } from '../../../shared/shortcuts'

export interface ShortcutHost {
  mac: boolean
  electron: boolean
}

/** A key without Ctrl/Cmd/Alt ("?") is text while the user types in a field. */
const isPlainKey = (press: KeyPress): boolean =>
  !press.ctrlKey && !press.metaKey && !press.altKey && press.key.length === 1

/**
 * The window's keyboard shortcuts. Which keys they are depends on the host (⌘ or Ctrl, and which
 * keys Electron's menu takes itself), which main reports a moment after the window shows. A
 * shortcut pressed in that moment (a restart with the window already usable, the user already
 * typing Ctrl+K) is kept and run once the host is known, instead of being dropped.
 */
export class ShortcutKeys {
  private early: KeyPress | null = null

  constructor(
    private readonly run: (command: MenuCommand) => void,
    /** The host to read a press by until main has said (the real one decides what runs). */
    private readonly guess: ShortcutHost,
  ) {}

  /** Handles a press; true when it is a shortcut (the caller prevents the key's default). */
  press(press: KeyPress, host: ShortcutHost | null, typing: boolean): boolean {
    const command = commandForKey(press, host ?? this.guess)
    if (!command || (isPlainKey(press) && typing)) return false
    if (host) this.run(command)
    else
      this.early = {
        key: press.key,
        ctrlKey: press.ctrlKey,
        metaKey: press.metaKey,
        altKey: press.altKey,
        shiftKey: press.shiftKey,
      }
    return true
  }

  /** Main said what the host is: a shortcut pressed before runs now, if it is one there. */
  hostKnown(host: ShortcutHost): void {
    const press = this.early
    this.early = null
    const command = press ? commandForKey(press, host) : null
    if (command) this.run(command)
  }
}
