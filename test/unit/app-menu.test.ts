import { describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { APP_COMMANDS, appMenuTemplate, HELP_URL } from '../../src/main/menu/app-menu'
import { MenuCommand } from '../../src/shared/ipc/contract'

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

  it('lists every command of the contract once, with a distinct shortcut', () => {
    expect(APP_COMMANDS.map((entry) => entry.command).sort()).toEqual([...MenuCommand.options].sort())
    expect(new Set(APP_COMMANDS.map((entry) => entry.accelerator)).size).toBe(APP_COMMANDS.length)
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
