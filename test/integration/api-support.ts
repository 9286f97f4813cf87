import { afterEach, beforeEach } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ACCOUNT_SCOPED_NAMESPACES,
  channels,
  type AccountScopedNamespace,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type EventName,
} from '../../src/shared/ipc/contract'
import { MemoryTokenStore, type TokenStore } from '../../src/main/auth/token-store'
import { createMainServices, type MainServices, type MainServicesOptions } from '../../src/main/services'
import type { MainConfig } from '../../src/main/config'
import type { Handlers } from '../../src/main/ipc/dispatch'
import { DEFAULT_PROBE_TIMINGS } from '../../src/main/connectivity'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox'
import type { OpenExternal } from '../../src/main/auth/oauth'
import { AppError } from '../../src/shared/ipc/errors'

/** Quick retries and short timeouts so fault tests finish in seconds, not minutes. */
export const FAST: Partial<MainConfig> = {
  retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 200 },
  requestTimeoutMs: 3_000,
  probe: { ...DEFAULT_PROBE_TIMINGS, minDelayMs: 50, maxDelayMs: 200, activeMaxDelayMs: 200 },
}

export interface TestMain {
  services: MainServices
  events: Array<{ event: EventName; payload: unknown }>
  logs: string[]
  dataDir: string
}

/** The real main services (as Electron and the web shell build them), pointed at a sandbox. */
export async function testMain(
  options: Partial<MainServicesOptions> & { sandbox?: Sandbox; tokenStore?: TokenStore } = {},
): Promise<TestMain> {
  const events: TestMain['events'] = []
  const logs: string[] = []
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'plannr-main-test-'))
  const services = await createMainServices({
    appInfo: { name: 'Plannr Desktop', version: '0.0.0-test', platform: process.platform, dataDir, shell: 'web-shell' },
    emit: (event, payload) => events.push({ event, payload }),
    openExternal: async () => {
      throw new Error('no browser in this test')
    },
    tokenStore: new MemoryTokenStore(null),
    env: {},
    log: (line) => logs.push(line),
    ...options,
    dataDir,
    config: {
      ...FAST,
      ...(options.sandbox ? { apiBaseUrl: options.sandbox.url } : {}),
      ...options.config,
    },
  })
  return { services, events, logs, dataDir }
}

/** Main's OAuth settings for the sandbox's authorization server (its public PKCE client). */
export function sandboxOAuth(sandbox: Sandbox) {
  return {
    authorizeUrl: `${sandbox.url}/oauth/authorize`,
    tokenUrl: `${sandbox.url}/oauth/token`,
    clientId: sandbox.oauthClient.clientId,
    scope: '*',
    timeoutMs: 10_000,
  }
}

/** Stands in for the system browser: loads the authorize page, clicks a link, follows the redirect. */
export function browser(
  sb: Sandbox,
  options: { tamper?: (redirect: URL) => void; click?: 'authorize-link' | 'deny-link' } = {},
): OpenExternal {
  return async (url) => {
    const page = await (await fetch(url)).text()
    const href = new RegExp(`id="${options.click ?? 'authorize-link'}" href="([^"]+)"`).exec(page)?.[1]
    if (!href) throw new Error(`no ${options.click ?? 'authorize-link'} on the authorize page`)
    const approved = await fetch(new URL(href.replace(/&amp;/g, '&'), sb.url), { redirect: 'manual' })
    const location = new URL(approved.headers.get('location') ?? '')
    options.tamper?.(location)
    await (await fetch(location)).text()
  }
}

/** Signs the services in with the sandbox's demo personal access token (one login, preferred account). */
export async function signedIn(sandbox: Sandbox, options: Partial<MainServicesOptions> = {}): Promise<TestMain> {
  const main = await testMain({ ...options, sandbox })
  const status = await main.services.handlers['auth.signInWithToken']({
    token: sandbox.demo.token,
    baseUrl: sandbox.url,
  })
  if (status.state !== 'signed-in') throw new Error(`expected signed-in, got ${status.state}`)
  return main
}

/** A sandbox of its own for each test, and the main services each test signs in against it. */
export interface SandboxPerTest {
  /** This test's sandbox (from its setup to its teardown). */
  readonly sandbox: Sandbox
  /** Signs main in to this test's sandbox (as `signedIn`); the teardown disposes what it returns. */
  signIn(options?: Partial<MainServicesOptions>): Promise<TestMain>
}

/**
 * Registers the setup such tests start from (a fresh sandbox made from `options` before each
 * test) and the teardown after it: every main the test signed in disposed, then the sandbox stopped.
 */
export function useSandboxPerTest(options: Omit<SandboxOptions, 'port'>): SandboxPerTest {
  let current: Sandbox | null = null
  const mains: TestMain[] = []
  const live = (): Sandbox => {
    if (!current) throw new Error('the sandbox is used outside a test (it exists from its setup to its teardown)')
    return current
  }
  beforeEach(async () => {
    current = await startSandbox({ ...options, port: 0 })
  })
  afterEach(async () => {
    for (const main of mains.splice(0)) await main.services.dispose()
    await live().stop()
    current = null
  })
  return {
    get sandbox() {
      return live()
    },
    async signIn(mainOptions = {}) {
      const main = await signedIn(live(), mainOptions)
      mains.push(main)
      return main
    },
  }
}

/** The AppError a call fails with; fails the test when the call succeeds or throws anything else. */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

/** A fetch that counts calls and can run a hook after each one (e.g. clear a fault after N failures). */
export function countingFetch(after?: (calls: number) => void): { fetch: typeof fetch; calls: () => number } {
  let calls = 0
  const wrapped: typeof fetch = async (input, init) => {
    calls++
    try {
      return await fetch(input, init)
    } finally {
      after?.(calls)
    }
  }
  return { fetch: wrapped, calls: () => calls }
}

type ScopedChannel = Extract<Channel, `${AccountScopedNamespace}.${string}`>

/** Main's account-scoped handlers with the account and address filled in, as a renderer OfflineAccount calls them. */
export type ScopedHandlers = {
  [C in ScopedChannel]: (input: Omit<ChannelInput<C>, 'accountUuid' | 'baseUrl'>) => Promise<ChannelOutput<C>>
}

/**
 * The handlers of `main` bound to one account: `accountUuid`, or else the account signed in when
 * each call is made (tests that are not about account binding); at the address signed in at then.
 */
export function scoped(main: TestMain, accountUuid?: string): ScopedHandlers {
  const handlers = main.services.handlers as unknown as Record<string, (input: unknown) => Promise<unknown>>
  const bound: Record<string, (input: unknown) => Promise<unknown>> = {}
  for (const channel of Object.keys(channels)) {
    if (!ACCOUNT_SCOPED_NAMESPACES.some((ns) => channel.startsWith(`${ns}.`))) continue
    bound[channel] = (input) => {
      const status = main.services.auth.status()
      const account = accountUuid ?? status.account?.uuid ?? ''
      return handlers[channel]!({ ...(input as object), accountUuid: account, baseUrl: status.baseUrl ?? '' })
    }
  }
  // The loop builds exactly the mapped type (one entry per account-scoped channel).
  return bound as unknown as ScopedHandlers
}

/** Every handler of `main`, the account-scoped ones bound as `scoped` binds them. */
export type TestHandlers = Omit<Handlers, ScopedChannel> & ScopedHandlers

export function testHandlers(main: TestMain, accountUuid?: string): TestHandlers {
  return { ...main.services.handlers, ...scoped(main, accountUuid) }
}
