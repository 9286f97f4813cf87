import { describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { appMenuTemplate, HELP_URL } from '../../src/main/menu/app-menu'
import { MenuCommand } from '../../src/shared/ipc/contract'
import { acceleratorFor, commandForKey, SHORTCUTS, type KeyPress } from '../../src/shared/shortcuts'

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])])
}

function build(platform: NodeJS.Platform, isPackaged: boolean) {
  const run = vi.fn()
  const openExternal = vi.fn()
  const items = flatten(appMenuTemplate({ platform, isPackaged, run, openExternal }))
  return { items, run, openExternal, roles: items.map((item) => item.role).filter(Boolean) }
}

const DEVELOPER_ROLES = ['reload', 'forceReload', 'toggleDevTools']

describe('application menu', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`packaged on ${platform}: no Reload, Force Reload or DevTools; Edit, Window and Help kept`, () => {
      const { items, roles } = build(platform, true)
      for (const role of DEVELOPER_ROLES) expect(roles).not.toContain(role)
      for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'windowMenu', 'help'])
        expect(roles).toContain(role)
      // Neither the reload shortcuts nor the DevTools ones are bound to anything.
      const accelerators = items.map((item) => item.accelerator).filter(Boolean)
      for (const taken of ['CmdOrCtrl+R', 'CmdOrCtrl+Shift+R', 'CmdOrCtrl+Shift+I', 'F12'])
        expect(accelerators).not.toContain(taken)
    })
  }

  it('development builds add Reload, Force Reload and Toggle DevTools back', () => {
    const { roles } = build('linux', false)
    for (const role of DEVELOPER_ROLES) expect(roles).toContain(role)
  })

  it('has Quick search on Ctrl/Cmd+K and Sync now on F5, each sending its command', () => {
    const { items, run } = build('linux', true)
    const quick = items.find((item) => item.id === 'quick-search')
    const sync = items.find((item) => item.id === 'sync-now')
    expect(quick).toMatchObject({ label: 'Quick Search…', accelerator: 'CmdOrCtrl+K' })
    expect(sync).toMatchObject({ label: 'Sync Now', accelerator: 'F5' })
    sync?.click?.({} as never, undefined, {} as never)
    expect(run).toHaveBeenCalledWith('sync-now')
    quick?.click?.({} as never, undefined, {} as never)
    expect(run).toHaveBeenLastCalledWith('quick-search')
    // F5 belongs to Sync now alone: nothing else (least of all a reload) shares it.
    expect(items.filter((item) => item.accelerator === 'F5')).toHaveLength(1)
  })

  it('lists every command of the contract once, with a distinct shortcut where it has one', () => {
    expect(SHORTCUTS.map((entry) => entry.command).sort()).toEqual([...MenuCommand.options].sort())
    for (const mac of [true, false]) {
      const keys = SHORTCUTS.map((entry) => acceleratorFor(entry, mac)).filter(Boolean)
      expect(new Set(keys).size).toBe(keys.length)
    }
  })

  for (const platform of ['linux', 'darwin'] as const) {
    it(`on ${platform}, every command is a menu item that sends it, with its key`, () => {
      const { items, run } = build(platform, true)
      const expected: Record<string, string | undefined> = {
        'quick-search': 'CmdOrCtrl+K',
        'sync-now': 'F5',
        'new-group': 'CmdOrCtrl+N',
        'new-circle': undefined,
        'new-business-unit': undefined,
        'go-groups': 'CmdOrCtrl+1',
        'go-circles': 'CmdOrCtrl+2',
        'go-business-units': 'CmdOrCtrl+3',
        'go-reviews': 'CmdOrCtrl+4',
        'go-outbox': 'CmdOrCtrl+5',
        back: platform === 'darwin' ? 'Cmd+[' : 'Alt+Left',
        // macOS registers every key a menu item shows (it ignores registerAccelerator), so a plain
        // "?" would open the help while typing a question mark: there the page handles it alone.
        'shortcuts-help': platform === 'darwin' ? undefined : '?',
      }
      for (const command of MenuCommand.options) {
        const matching = items.filter((item) => item.id === command)
        expect(matching, command).toHaveLength(1)
        expect(matching[0]?.accelerator, command).toBe(expected[command])
        matching[0]?.click?.({} as never, undefined, {} as never)
        expect(run).toHaveBeenLastCalledWith(command)
      }
      // A plain "?" is shown in the menu but not registered: it would fire while typing a question mark.
      if (platform !== 'darwin')
        expect(items.find((item) => item.id === 'shortcuts-help')?.registerAccelerator).toBe(false)
      expect(items.find((item) => item.id === 'go-groups')?.registerAccelerator).toBe(true)
    })
  }

  it('the renderer leaves the keys the menu registers to the menu in Electron, and runs them all in the web shell', () => {
    const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
      key,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      shiftKey: false,
      ...mods,
    })
    const web = { mac: false, electron: false }
    const webMac = { mac: true, electron: false }
    const electron = { mac: false, electron: true }
    expect(commandForKey(press('k', { ctrlKey: true }), web)).toBe('quick-search')
    expect(commandForKey(press('K', { metaKey: true }), webMac)).toBe('quick-search')
    expect(commandForKey(press('k', { metaKey: true }), web)).toBeNull()
    expect(commandForKey(press('F5'), web)).toBe('sync-now')
    expect(commandForKey(press('3', { ctrlKey: true }), web)).toBe('go-business-units')
    expect(commandForKey(press('4', { ctrlKey: true }), web)).toBe('go-reviews')
    expect(commandForKey(press('5', { ctrlKey: true, shiftKey: true }), web)).toBeNull()
    expect(commandForKey(press('ArrowLeft', { altKey: true }), web)).toBe('back')
    expect(commandForKey(press('[', { metaKey: true }), webMac)).toBe('back')
    expect(commandForKey(press('ArrowLeft', { altKey: true }), webMac)).toBeNull()
    expect(commandForKey(press('?', { shiftKey: true }), web)).toBe('shortcuts-help')
    expect(commandForKey(press('n', { ctrlKey: true }), web)).toBe('new-group')
    // Electron: the menu sends these, so the page must not run them a second time.
    for (const key of ['k', 'n', '1', '5']) expect(commandForKey(press(key, { ctrlKey: true }), electron)).toBeNull()
    expect(commandForKey(press('F5'), electron)).toBeNull()
    expect(commandForKey(press('ArrowLeft', { altKey: true }), electron)).toBeNull()
    expect(commandForKey(press('?', { shiftKey: true }), electron)).toBe('shortcuts-help')
  })

  it('Help opens the Plannr website in the browser', () => {
    const { items, openExternal } = build('win32', true)
    items.find((item) => item.label === 'Plannr Website')?.click?.({} as never, undefined, {} as never)
    expect(openExternal).toHaveBeenCalledWith(HELP_URL)
  })

  it('has the macOS app menu on macOS only', () => {
    expect(build('darwin', true).roles).toContain('appMenu')
    expect(build('linux', true).roles).not.toContain('appMenu')
  })
})
