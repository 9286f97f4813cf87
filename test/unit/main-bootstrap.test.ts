import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import {
  API_SESSION_PARTITION,
  API_WRITE_SESSION_PARTITION,
  type ChromiumRequestOptions,
} from '../../src/main/api/chromium-fetch'
import { nodeClientRequest } from '../support/node-client-request'

// The Electron entry point with `electron` mocked: what it registers, and in which order.
const calls: string[] = []
const userData = mkdtempSync(join(tmpdir(), 'plannr-main-'))
const handled = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>()
let ready: () => void = () => {}
const whenReady = new Promise<void>((resolve) => (ready = resolve))
const permissionHandlers: Record<string, unknown> = {}
const windows: Array<{ options: Record<string, unknown>; url: string | null }> = []
const sent: Array<{ channel: string; payload: unknown }> = []
type Template = Array<{ role?: string; id?: string; click?: () => void; submenu?: Template }>
const menus: { application: Template | null } = { application: null }
const powerListeners: string[] = []
// The sessions main makes, and every request it asks Chromium for (played by node:http here).
const partitions: Array<{ partition: string; options: unknown; session: object }> = []
const netRequests: Array<ChromiumRequestOptions & { session?: unknown }> = []

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      on: () => {},
      setWindowOpenHandler: () => {},
      send: (channel: string, payload: unknown) => sent.push({ channel, payload }),
    }
    record: { options: Record<string, unknown>; url: string | null }
    constructor(options: Record<string, unknown>) {
      this.record = { options, url: null }
      windows.push(this.record)
    }
    static getAllWindows = () => windows
    maximize() {}
    once() {}
    on() {}
    loadURL(url: string) {
      this.record.url = url
      return Promise.resolve()
    }
  }
  return {
    app: {
      commandLine: { appendSwitch: (name: string) => calls.push(`switch:${name}`) },
      requestSingleInstanceLock: () => (calls.push('single-instance-lock'), true),
      whenReady: () => whenReady,
      on: () => {},
      quit: () => {},
      getPath: () => userData,
      getName: () => 'Plannr Desktop',
      getVersion: () => '9.9.9',
      isPackaged: true,
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => calls.push(`privileged:${JSON.stringify(schemes)}`),
      handle: (scheme: string) => calls.push(`handle:${scheme}`),
    },
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, input: unknown) => Promise<unknown>) =>
        handled.set(channel, listener),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: unknown) => (permissionHandlers.request = h),
        setPermissionCheckHandler: (h: unknown) => (permissionHandlers.check = h),
        setDevicePermissionHandler: (h: unknown) => (permissionHandlers.device = h),
      },
      fromPartition: (partition: string, options?: unknown) => {
        const session = { partition, closeAllConnections: async () => {} }
        partitions.push({ partition, options, session })
        return session
      },
    },
    shell: { openExternal: vi.fn() },
    Menu: {
      buildFromTemplate: (template: Template) => ({ template }),
      setApplicationMenu: (menu: { template: Template }) => (menus.application = menu.template),
    },
    net: {
      isOnline: () => true,
      request: (options: ChromiumRequestOptions & { session?: unknown }) => {
        netRequests.push(options)
        return nodeClientRequest(options)
      },
    },
    powerMonitor: {
      on: (event: string) => powerListeners.push(event),
      removeListener: () => {},
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    BrowserWindow,
  }
})

// Main's API base URL: a local Plannr, so its requests have somewhere real to go.
let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 20 })
  vi.stubEnv('PLANNR_API_URL', sandbox.url)
})
afterAll(async () => {
  vi.unstubAllEnvs()
  await sandbox.stop()
})

describe('main process bootstrap', () => {
  it('registers app:// as privileged before ready, then serves it, locks permissions, registers every channel and opens a hardened window', async () => {
    await import('../../src/main/index')
    expect(calls[0]).toMatch(/^privileged:.*"scheme":"app".*"standard":true.*"secure":true/)
    expect(calls).toContain('single-instance-lock')
    expect(calls).not.toContain('handle:app')

    ready()
    await vi.waitFor(() => expect(windows).toHaveLength(1))
    expect(calls).toContain('handle:app')
    expect(Object.keys(permissionHandlers).sort()).toEqual(['check', 'device', 'request'])
    // The OS's wake-ups reach the connectivity monitor (net.isOnline() is polled alongside).
    expect(powerListeners.sort()).toEqual(['resume', 'unlock-screen'])

    const { channels } = await import('../../src/shared/ipc/contract')
    expect([...handled.keys()].sort()).toEqual(Object.keys(channels).sort())
    const window = windows[0]
    expect(window?.url).toBe('app://plannr/index.html')
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
    })

    // The packaged app replaces Electron's default menu: no Reload, Force Reload or DevTools,
    // and Sync now (F5) reaches the renderer as a contract event instead of reloading the page.
    const items = (menus.application ?? []).flatMap(function flat(item): Template {
      return [item, ...(item.submenu ?? []).flatMap(flat)]
    })
    expect(items.length).toBeGreaterThan(0)
    const roles = items.map((item) => item.role)
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(roles).not.toContain(role)
    items.find((item) => item.id === 'sync-now')?.click?.()
    expect(sent).toContainEqual({ channel: 'event:menu', payload: { command: 'sync-now' } })

    // A registered handler runs the contract's checks: a foreign frame is refused, the app's own is answered.
    const info = handled.get('app.info')
    expect(await info?.({ senderFrame: { url: 'https://evil.example/' } }, undefined)).toMatchObject({
      ok: false,
      error: { kind: 'forbidden-sender' },
    })
    expect(await info?.({ senderFrame: { url: 'app://plannr/index.html' } }, undefined)).toMatchObject({
      ok: true,
      value: { version: '9.9.9', shell: 'electron', dataDir: userData },
    })
  })

  it("makes main's HTTP through Chromium, on sessions of its own in memory (writes apart), with no cookies, no cache and no QUIC", async () => {
    await import('../../src/main/index')
    ready()
    await vi.waitFor(() => expect(handled.has('connectivity.check')).toBe(true))

    // Asking main to check Plannr sends its probe: through net.request, to the configured API.
    const check = handled.get('connectivity.check')
    expect(await check?.({ senderFrame: { url: 'app://plannr/index.html' } }, undefined)).toMatchObject({
      ok: true,
      value: { online: true },
    })
    // Two sessions for the API, reads and writes apart: no persist: prefix (memory only), HTTP
    // cache off. Writes have theirs so each can go on a new connection, which Chromium never resends.
    expect(partitions).toHaveLength(2)
    for (const made of partitions) {
      expect(made.partition).not.toMatch(/^persist:/)
      expect(made.options).toEqual({ cache: false })
    }
    const api = partitions.find((made) => made.partition === API_SESSION_PARTITION)
    if (!api) throw new Error('no session for reads')
    expect(partitions.map((made) => made.partition)).toContain(API_WRITE_SESSION_PARTITION)
    // QUIC off: Chromium resends a request over TCP after a QUIC failure, a write included.
    expect(calls).toContain('switch:disable-quic')
    expect(netRequests).toContainEqual({
      method: 'GET',
      url: `${sandbox.url}/api/v1/logins`,
      session: api.session,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'manual',
      bypassCustomProtocolHandlers: true,
    })
    // Every request main made went that way.
    expect(netRequests.every((request) => request.session === api.session && request.credentials === 'omit')).toBe(true)
  })
})
