import { describe, expect, it } from 'vitest'
import { ShortcutKeys } from '../../src/renderer/src/lib/shortcut-keys'
import type { MenuCommand } from '../../src/shared/ipc/contract'

const LINUX_WEB = { mac: false, electron: false }
const ctrl = (key: string) => ({ key, ctrlKey: true, metaKey: false, altKey: false, shiftKey: false })

function keys() {
  const ran: MenuCommand[] = []
  return { ran, shortcuts: new ShortcutKeys((command) => ran.push(command), LINUX_WEB) }
}

describe('keyboard shortcuts pressed before main has said what the host is', () => {
  it('run once the host is known, once', () => {
    const { ran, shortcuts } = keys()
    expect(shortcuts.press(ctrl('k'), null, false)).toBe(true)
    expect(ran).toEqual([])
    shortcuts.hostKnown(LINUX_WEB)
    expect(ran).toEqual(['quick-search'])
    shortcuts.hostKnown(LINUX_WEB)
    expect(ran).toEqual(['quick-search'])
  })

  it("are left to Electron's menu when the host turns out to be Electron (no double run)", () => {
    const { ran, shortcuts } = keys()
    shortcuts.press(ctrl('k'), null, false)
    shortcuts.hostKnown({ mac: false, electron: true })
    expect(ran).toEqual([])
  })

  it('are read with the real host: Ctrl+K on a Mac is not ⌘K', () => {
    const { ran, shortcuts } = keys()
    shortcuts.press(ctrl('k'), null, false)
    shortcuts.hostKnown({ mac: true, electron: false })
    expect(ran).toEqual([])
  })

  it('keep the typing rule: "?" in a field is text, not the shortcuts help', () => {
    const { ran, shortcuts } = keys()
    const question = { key: '?', ctrlKey: false, metaKey: false, altKey: false, shiftKey: true }
    expect(shortcuts.press(question, null, true)).toBe(false)
    shortcuts.hostKnown(LINUX_WEB)
    expect(ran).toEqual([])
    expect(shortcuts.press(question, LINUX_WEB, false)).toBe(true)
    expect(ran).toEqual(['shortcuts-help'])
  })

  it('run at once when the host is known', () => {
    const { ran, shortcuts } = keys()
    expect(shortcuts.press(ctrl('x'), LINUX_WEB, false)).toBe(false)
    expect(shortcuts.press(ctrl('1'), LINUX_WEB, false)).toBe(true)
    expect(ran).toEqual(['go-groups'])
  })
})
