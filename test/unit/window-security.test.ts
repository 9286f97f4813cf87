import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Importing the real `electron` package in plain Node tries to download its binary: mock it.
const created: Array<{ options: Record<string, unknown>; instance: FakeWindow }> = []
interface OpenDetails {
  url: string
  disposition: string
  features: string
  frameName: string
  postBody?: unknown
}
/** What Electron passes for a click on a `target="_blank"` link. */
const click = (url: string): OpenDetails => ({ url, disposition: 'foreground-tab', features: '', frameName: '' })
class FakeContents {
  handlers = new Map<string, (...args: unknown[]) => void>()
  windowOpenHandler: ((details: OpenDetails) => { action: string }) | null = null
  on(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(event, handler)
    return this
  }
  setWindowOpenHandler(handler: (details: OpenDetails) => { action: string }) {
    this.windowOpenHandler = handler
  }
}
class FakeWindow {
  webContents = new FakeContents()
  loaded: string | null = null
  constructor(options: Record<string, unknown>) {
    created.push({ options, instance: this })
  }
  maximize() {}
  once() {}
  on() {}
  loadURL(url: string) {
    this.loaded = url
    return Promise.resolve()
  }
}
const openExternal = vi.fn(async () => {})
vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  shell: { openExternal },
}))

const { createMainWindow } = await import('../../src/main/window/main-window')
const { CONTENT_SECURITY_POLICY, denyAllPermissions, externalUrlAllowed } =
  await import('../../src/main/window/security')
const { resolveAppFile, APP_SCHEME_PRIVILEGES } = await import('../../src/main/window/app-protocol')
const { registerIpcHandlers } = await import('../../src/main/ipc/electron-ipc')
const { channels } = await import('../../src/shared/ipc/contract')

function openWindow() {
  const dir = mkdtempSync(join(tmpdir(), 'plannr-window-'))
  createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    url: 'app://plannr/index.html',
    stateFile: join(dir, 'state.json'),
    devTools: false,
  })
  const last = created.at(-1)
  if (!last) throw new Error('no window created')
  return last
}

describe('main window security', () => {
  beforeEach(() => {
    created.length = 0
    openExternal.mockClear()
  })

  it('isolates the renderer: context isolation, sandbox, no Node, web security on', () => {
    const { options } = openWindow()
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
      devTools: false,
    })
  })

  it('loads the app from the custom app:// protocol, not file://', () => {
    const { instance } = openWindow()
    expect(instance.loaded).toBe('app://plannr/index.html')
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } })
  })

  it('denies every navigation and every new window; https links go to the system browser', () => {
    const { instance } = openWindow()
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn()
      instance.webContents.handlers.get(event)?.({ preventDefault })
      expect(preventDefault, event).toHaveBeenCalled()
    }
    const open = instance.webContents.windowOpenHandler
    expect(open?.(click('https://plannrcrm.com/help'))).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://plannrcrm.com/help')
    for (const url of [
      'http://plannrcrm.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:pw@host/',
    ]) {
      expect(open?.(click(url))).toEqual({ action: 'deny' })
    }
    expect(openExternal).toHaveBeenCalledTimes(1)
    expect(externalUrlAllowed('not a url')).toBe(false)
  })

  it('clicked mailto and tel links go to the OS; anything more than one address or number does not', () => {
    const { instance } = openWindow()
    const open = instance.webContents.windowOpenHandler
    for (const url of ['mailto:jane.doe+work@example.co.uk', 'tel:+447700900123', 'tel:020%207946%200018']) {
      expect(open?.(click(url))).toEqual({ action: 'deny' })
      expect(openExternal).toHaveBeenLastCalledWith(url)
    }
    expect(openExternal).toHaveBeenCalledTimes(3)
    for (const url of [
      'mailto:a@example.com?attach=/etc/passwd',
      'mailto:a@example.com,b@example.com',
      'mailto:?body=hello',
      'mailto:a@example.com#x',
      'mailto:not-an-address',
      'tel:+44 7700 900123?call',
      'tel:*31%23',
      'tel:',
      'sms:+447700900123',
      'callto:+447700900123',
    ]) {
      expect(open?.(click(url)), url).toEqual({ action: 'deny' })
      expect(externalUrlAllowed(url), url).toBe(false)
    }
    expect(openExternal).toHaveBeenCalledTimes(3)
    // A script asking for the same link is refused like any other window.open.
    open?.({ url: 'mailto:a@example.com', disposition: 'new-window', features: 'width=1', frameName: '' })
    expect(openExternal).toHaveBeenCalledTimes(3)
  })

  it('opens only links the user clicked, never windows a script asks for', () => {
    const { instance } = openWindow()
    const open = instance.webContents.windowOpenHandler
    const asked: OpenDetails[] = [
      // window.open(url, name, 'width=400'): a popup with features.
      { url: 'https://example.com/a', disposition: 'new-window', features: 'width=400', frameName: '' },
      { url: 'https://example.com/b', disposition: 'foreground-tab', features: 'noopener', frameName: '' },
      { url: 'https://example.com/c', disposition: 'foreground-tab', features: '', frameName: 'named' },
      { url: 'https://example.com/d', disposition: 'other', features: '', frameName: '' },
      // A form posted to a new window.
      { url: 'https://example.com/e', disposition: 'foreground-tab', features: '', frameName: '', postBody: {} },
    ]
    for (const details of asked) expect(open?.(details)).toEqual({ action: 'deny' })
    expect(openExternal).not.toHaveBeenCalled()
    open?.({ ...click('https://example.com/f'), disposition: 'background-tab' })
    expect(openExternal).toHaveBeenCalledWith('https://example.com/f')
  })

  it('refuses every permission request and check except writing to the clipboard', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined
    let check: ((c: unknown, p: string) => boolean) | undefined
    let device: (() => boolean) | undefined
    denyAllPermissions({
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
      setDevicePermissionHandler: (h: typeof device) => (device = h),
    } as never)
    for (const permission of ['media', 'clipboard-read', 'notifications', 'geolocation', 'openExternal']) {
      const callback = vi.fn()
      request?.(null, permission, callback)
      expect(callback, permission).toHaveBeenCalledWith(false)
      expect(check?.(null, permission), permission).toBe(false)
    }
    // The copy buttons: Chromium still allows it only during a user's click.
    const callback = vi.fn()
    request?.(null, 'clipboard-sanitized-write', callback)
    expect(callback).toHaveBeenCalledWith(true)
    expect(check?.(null, 'clipboard-sanitized-write')).toBe(true)
    expect(device?.()).toBe(false)
  })

  it('has a strict CSP: only own scripts, no eval, images from the app and data: only', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("img-src 'self' data:")
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/)
    expect(CONTENT_SECURITY_POLICY.match(/script-src[^;]*/)?.[0]).not.toContain('unsafe-inline')
  })

  it('serves only files inside the renderer folder from app://', () => {
    expect(resolveAppFile('/r', 'app://plannr/')).toBe('/r/index.html')
    expect(resolveAppFile('/r', 'app://plannr/assets/a.js')).toBe('/r/assets/a.js')
    expect(resolveAppFile('/r', 'app://plannr/../../etc/passwd')).toBe('/r/etc/passwd')
    expect(resolveAppFile('/r', 'app://plannr/%2e%2e/%2e%2e/etc/passwd')).toBe('/r/etc/passwd')
    expect(resolveAppFile('/r', 'app://plannr/a/%2F..%2F..%2F..%2Fetc%2Fpasswd')).toBeNull()
    expect(resolveAppFile('/r', 'app://elsewhere/index.html')).toBeNull()
    expect(resolveAppFile('/r', 'file:///r/index.html')).toBeNull()
    // Not valid percent-encoding: no file has that name (answered 404, not a failed handler).
    expect(resolveAppFile('/r', 'app://plannr/%E0%A4%A')).toBeNull()
  })

  it('registers one validated ipcMain handler per contract channel and nothing else', async () => {
    const handle = vi.fn()
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 1 }))
    registerIpcHandlers({ handle }, dispatch)
    expect(handle.mock.calls.map((call) => call[0]).sort()).toEqual(Object.keys(channels).sort())
    const [channel, listener] = handle.mock.calls[0] as [string, (e: unknown, i: unknown) => Promise<unknown>]
    await listener({ senderFrame: { url: 'app://plannr/index.html' } }, { a: 1 })
    expect(dispatch).toHaveBeenCalledWith(channel, { a: 1 }, 'app://plannr/index.html')
  })
})
