import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryTokenStore } from '../../src/main/auth/token-store'
import { createDispatcher } from '../../src/main/ipc/dispatch'
import { createMainServices } from '../../src/main/services'
import type { Sandbox } from '../../src/sandbox'
import type { IpcResult } from '../../src/shared/ipc/errors'

export type Invoke = (channel: string, input: unknown) => Promise<IpcResult<unknown>>

export interface InvokerOptions {
  /**
   * Lift main's client-side limiter (450 requests/minute) — the bench does, to measure the sync
   * pipeline rather than the documented rate limit; the rate-limit-bound figure is derived.
   */
  unthrottled?: boolean
  /**
   * Sign in as the sandbox's user with logins in two firms (firm 0's account chosen) instead of
   * the demo adviser: account-switch tests.
   */
  multiLogin?: boolean
}

/**
 * What the invoker needs of a sandbox: tests pass the in-process `Sandbox`; the bench passes one
 * running in a child process, which has no `store` (so no multi-login there).
 */
export type SandboxEndpoint = Pick<Sandbox, 'url' | 'demo' | 'multiLoginToken'> & {
  store?: Pick<Sandbox['store'], 'account'>
}

/**
 * How tests and the bench reach the sandbox: main's real services (API client, auth, handlers)
 * signed in with the sandbox's demo token, behind the real dispatcher — the path every
 * `window.plannr` call takes. The token lives in a memory store: no keyring needed.
 */
export async function createInvoker(
  sandbox: SandboxEndpoint,
  options: InvokerOptions = {},
): Promise<{ invoke: Invoke; accountUuid: string; otherAccountUuid: string | null; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plannr-browser-test-'))
  const services = await createMainServices({
    dataDir,
    appInfo: { name: 'Plannr Desktop', version: '0.0.0-test', platform: process.platform, dataDir, shell: 'web-shell' },
    emit: () => {},
    openExternal: async () => {
      throw new Error('no browser sign-in in these tests')
    },
    tokenStore: new MemoryTokenStore(null),
    env: {},
    config: {
      apiBaseUrl: sandbox.url,
      retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200 },
      ...(options.unthrottled ? { limiter: { capacity: 1_000_000, perMinute: 100_000_000 } } : {}),
    },
  })
  const token = options.multiLogin ? sandbox.multiLoginToken : sandbox.demo.token
  let status = await services.handlers['auth.signInWithToken']({ token, baseUrl: sandbox.url })
  const inFirm = (firm: number) => {
    const store = sandbox.store
    if (!store) throw new Error('multi-login needs the sandbox store to tell the firms apart')
    return status.logins.find((login) => store.account(login.account.uuid)?.firm === firm)?.account.uuid ?? null
  }
  const accountUuid = options.multiLogin ? inFirm(0) : sandbox.demo.accountUuid
  const otherAccountUuid = options.multiLogin ? inFirm(1) : null
  if (options.multiLogin && accountUuid) status = await services.handlers['auth.chooseAccount']({ accountUuid })
  if (status.state !== 'signed-in' || !accountUuid) throw new Error(`sign-in to the sandbox ended in ${status.state}`)
  const dispatch = createDispatcher(services.handlers, () => true)
  return {
    accountUuid,
    otherAccountUuid,
    invoke: (channel, input) => dispatch(channel, input, 'test://browser') as Promise<IpcResult<unknown>>,
    close: async () => {
      await services.dispose()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
