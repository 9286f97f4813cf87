import { describe, expect, it, vi } from 'vitest'
import { createDispatcher, type Handlers } from '../../src/main/ipc/dispatch'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMainServices } from '../../src/main/services'
import { MemoryTokenStore } from '../../src/main/auth/token-store'
import { createSenderCheck } from '../../src/main/ipc/trusted-sender'
import { buildPlannrApi } from '../../src/shared/ipc/plannr-api'
import { channels, events } from '../../src/shared/ipc/contract'
import { AppError } from '../../src/shared/ipc/errors'

const appInfo = {
  name: 'Plannr Desktop',
  version: '1.2.3',
  platform: 'linux',
  dataDir: '/data',
  shell: 'electron' as const,
}
const trusted = createSenderCheck(undefined)

/** The real handlers, built the way Electron and the web shell build them (signed out, no keyring). */
async function appHandlers(): Promise<Handlers> {
  const services = await createMainServices({
    dataDir: mkdtempSync(join(tmpdir(), 'plannr-dispatch-')),
    appInfo,
    emit: () => {},
    openExternal: async () => {},
    tokenStore: new MemoryTokenStore(null),
    env: {},
  })
  return services.handlers
}
const appUrl = 'app://plannr/index.html'

describe('IPC dispatcher', () => {
  it('answers a contract channel from a trusted sender', async () => {
    const dispatch = createDispatcher(await appHandlers(), trusted)
    expect(await dispatch('app.info', undefined, appUrl)).toEqual({ ok: true, value: appInfo })
  })

  it('refuses a channel outside the contract', async () => {
    const dispatch = createDispatcher(await appHandlers(), trusted)
    const result = await dispatch('shell.exec', { cmd: 'rm -rf /' }, appUrl)
    expect(result).toMatchObject({ ok: false, error: { kind: 'unknown-channel' } })
  })

  it('refuses senders that are not the app', async () => {
    const handler = vi.fn(async () => appInfo)
    const dispatch = createDispatcher({ 'app.info': handler } as unknown as Handlers, trusted)
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://other/index.html',
      undefined,
      'not a url',
    ]) {
      expect(await dispatch('app.info', undefined, url)).toMatchObject({
        ok: false,
        error: { kind: 'forbidden-sender' },
      })
    }
    expect(handler).not.toHaveBeenCalled()
  })

  it('trusts the dev server origin only when one is configured', () => {
    const dev = createSenderCheck('http://localhost:5173')
    expect(dev('http://localhost:5173/')).toBe(true)
    expect(dev('http://localhost:5174/')).toBe(false)
    expect(trusted('http://localhost:5173/')).toBe(false)
  })

  it('rejects bad input before the handler runs, with field errors', async () => {
    const handler = vi.fn(async () => appInfo)
    const dispatch = createDispatcher({ 'app.info': handler } as unknown as Handlers, trusted)
    const result = await dispatch('app.info', { unexpected: true }, appUrl)
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input' } })
    expect(handler).not.toHaveBeenCalled()
  })

  it('refuses to return output the contract does not declare', async () => {
    const leaky = vi.fn(async () => ({ ...appInfo, version: 42 }))
    const dispatch = createDispatcher({ 'app.info': leaky } as unknown as Handlers, trusted)
    expect(await dispatch('app.info', undefined, appUrl)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-output' },
    })
  })

  it('passes AppErrors through as data and hides other exceptions behind a generic message', async () => {
    const typed = createDispatcher(
      {
        'app.info': async () => Promise.reject(new AppError({ kind: 'network', message: 'offline' })),
      } as unknown as Handlers,
      trusted,
    )
    expect(await typed('app.info', undefined, appUrl)).toEqual({
      ok: false,
      error: { kind: 'network', message: 'offline' },
    })
    const log = vi.fn()
    const crashing = createDispatcher(
      { 'app.info': async () => Promise.reject(new Error('Bearer abcdefghijklmnop leaked')) } as unknown as Handlers,
      trusted,
      log,
    )
    const result = await crashing('app.info', undefined, appUrl)
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } })
    expect(JSON.stringify(result)).not.toContain('abcdefghijklmnop')
    expect(log.mock.calls.join(' ')).not.toContain('abcdefghijklmnop')
  })
})

describe('buildPlannrApi', () => {
  it('exposes exactly the contract channels as namespaced methods, plus its events', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: null }))
    const api = buildPlannrApi({ invoke, subscribe: () => () => {} }) as unknown as Record<
      string,
      Record<string, unknown>
    >
    const exposed = Object.entries(api)
      .filter(([ns]) => ns !== 'events')
      .flatMap(([ns, methods]) => Object.keys(methods).map((m) => `${ns}.${m}`))
      .sort()
    expect(exposed).toEqual(Object.keys(channels).sort())
    expect(Object.keys(api.events ?? {}).sort()).toEqual(Object.keys(events).sort())
    expect(api).not.toHaveProperty('invoke')
    await (api.app?.info as () => Promise<unknown>)()
    expect(invoke).toHaveBeenCalledWith('app.info', undefined)
  })
})
