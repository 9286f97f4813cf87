import { describe, expect, it, vi } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The Electron entry point's life cycle with `electron` and the services mocked: quitting, a
// second launch and the menu with the window closed (the app kept running, as on macOS).
const userData = mkdtempSync(join(tmpdir(), 'plannr-lifecycle-'))
const appListeners = new Map<string, (...args: unknown[]) => void>()
const windows: Array<{ listeners: Map<string, () => void>; focused: number }> = []
const quits: number[] = []
type Template = Array<{ id?: string; click?: () => void; submenu?: Template }>
const menus: { application: Template | null } = { application: null }
let finishDispose: () => void = () => {}
const disposed = vi.fn(() => new Promise<void>((resolve) => (finishDispose = resolve)))

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { on: () => {}, setWindowOpenHandler: () => {}, send: () => {} }
    record = { listeners: new Map<string, () => void>(), focused: 0 }
    constructor() {
      windows.push(this.record)
    }
    static getAllWindows = () => windows
    maximize() {}
    once() {}
    on(event: string, listener: () => void) {
      this.record.listeners.set(event, listener)
    }
    isMinimized() {
      return false
    }
    restore() {}
    focus() {
      this.record.focused++
    }
    loadURL() {
      return Promise.resolve()
    }
  }
  return {
    app: {
      commandLine: { appendSwitch: () => {} },
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      on: (event: string, listener: (...args: unknown[]) => void) => appListeners.set(event, listener),
      quit: () => quits.push(Date.now()),
      getPath: () => userData,
      getName: () => 'Plannr Desktop',
      getVersion: () => '9.9.9',
      isPackaged: true,
    },
    protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
    ipcMain: { handle: () => {} },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => {},
        setPermissionCheckHandler: () => {},
        setDevicePermissionHandler: () => {},
      },
      fromPartition: (partition: string) => ({ partition }),
    },
    shell: { openExternal: vi.fn() },
    Menu: {
      buildFromTemplate: (template: Template) => ({ template }),
      setApplicationMenu: (menu: { template: Template }) => (menus.application = menu.template),
    },
    net: { isOnline: () => true, request: () => {} },
    powerMonitor: { on: () => {}, removeListener: () => {} },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    BrowserWindow,
  }
})

vi.mock('../../src/main/services', () => ({
  createMainServices: async () => ({
    handlers: {},
    config: { oauth: null },
    connectivity: { hint: () => {} },
    restore: async () => {},
    dispose: disposed,
  }),
}))

async function started(): Promise<void> {
  await import('../../src/main/index')
  await vi.waitFor(() => expect(windows.length).toBeGreaterThan(0))
}

function menuItem(id: string): { click?: () => void } | undefined {
  return (menus.application ?? [])
    .flatMap(function flat(item): Template {
      return [item, ...(item.submenu ?? []).flatMap(flat)]
    })
    .find((item) => item.id === id)
}

describe('main process life cycle', () => {
  it('reopens the window for a second launch or a menu command after it was closed', async () => {
    await started()
    windows[0]?.listeners.get('closed')?.()

    appListeners.get('second-instance')?.()
    expect(windows).toHaveLength(2)
    expect(windows[1]?.focused).toBe(1)

    windows[1]?.listeners.get('closed')?.()
    menuItem('new-group')?.click?.()
    expect(windows).toHaveLength(3)

    // With the window open, a second launch brings it forward instead of opening another.
    appListeners.get('second-instance')?.()
    expect(windows).toHaveLength(3)
    expect(windows[2]?.focused).toBe(2)
  })

  it('quits only once the services have finished, and only once', async () => {
    await started()
    const beforeQuit = appListeners.get('before-quit')
    const first = { preventDefault: vi.fn() }
    beforeQuit?.(first)
    expect(first.preventDefault).toHaveBeenCalled()
    expect(disposed).toHaveBeenCalledTimes(1)
    // Asked again while still finishing (a second Cmd+Q): still waits, and does not start over.
    const second = { preventDefault: vi.fn() }
    beforeQuit?.(second)
    expect(second.preventDefault).toHaveBeenCalled()
    expect(disposed).toHaveBeenCalledTimes(1)
    expect(quits).toHaveLength(0)

    finishDispose()
    await vi.waitFor(() => expect(quits).toHaveLength(1))
    // The quit it asked for goes through.
    const last = { preventDefault: vi.fn() }
    beforeQuit?.(last)
    expect(last.preventDefault).not.toHaveBeenCalled()
  })
})
