import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { KeychainTokenStore, MemoryTokenStore, type KeytarLike } from '../../src/main/auth/token-store'
import { createDispatcher } from '../../src/main/ipc/dispatch'
import { countingFetch, scoped, signedIn, testMain, type TestMain, rejection } from './api-support'

// Sign-in and answer hardening: pasted tokens, a keyring that fails to save, sign-ins at the
// same time, http addresses for OAuth and restore, and oversized answers.
let sandbox: Sandbox
let main: TestMain | undefined

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 60 })
})

afterEach(async () => {
  await main?.services.dispose()
  main = undefined
  await sandbox.stop()
})

describe('tokens pasted wrong', () => {
  it('a token with an inner line break is refused at the contract with a clear message, and never sent', async () => {
    const counter = countingFetch()
    main = await testMain({ sandbox, fetch: counter.fetch })
    const dispatch = createDispatcher(main.services.handlers, () => true)
    const broken = `${sandbox.demo.token.slice(0, 10)}\n${sandbox.demo.token.slice(10)}`
    for (const token of [broken, `${sandbox.demo.token} extra`, `${sandbox.demo.token}\u0000`]) {
      const result = await dispatch('auth.signInWithToken', { token, baseUrl: sandbox.url }, 'app://plannr/')
      expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input' } })
      if (!result.ok) expect(result.error.fieldErrors?.token?.[0]).toMatch(/line breaks/)
    }
    expect(counter.calls()).toBe(0)
    // Surrounding whitespace from a paste is still trimmed.
    const ok = await dispatch(
      'auth.signInWithToken',
      { token: ` ${sandbox.demo.token}\n`, baseUrl: sandbox.url },
      'app://plannr/',
    )
    expect(ok.ok).toBe(true)
  })
})

describe('a keyring that fails while saving', () => {
  it('keeps the user signed in for this session and says why in plain words', async () => {
    const entries = new Map<string, string>()
    const failingWrites: KeytarLike = {
      getPassword: async (_service, account) => entries.get(account) ?? null,
      setPassword: async () => {
        throw new Error('Cannot create an item in a locked collection')
      },
      deletePassword: async (_service, account) => entries.delete(account),
      findCredentials: async () => [...entries].map(([account, password]) => ({ account, password })),
    }
    main = await testMain({ sandbox, tokenStore: new KeychainTokenStore(failingWrites, 'Plannr Desktop test') })
    const status = await main.services.handlers['auth.signInWithToken']({
      token: sandbox.demo.token,
      baseUrl: sandbox.url,
    })
    expect(status).toMatchObject({ state: 'signed-in', keyringPersistent: false })
    expect(status.keyringMessage).toMatch(/keyring did not save your sign-in/)
    expect(status.keyringMessage).not.toContain(sandbox.demo.token)
    // Signed in for real: requests work.
    const groups = await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(groups.items.length).toBeGreaterThan(0)
  })
})

describe('sign-ins at the same time', () => {
  it('two demo sign-ins at once leave exactly one demo sandbox running', async () => {
    const running = new Set<Sandbox>()
    main = await testMain({
      sandbox,
      startDemo: async () => {
        const demo = await startSandbox({ port: 0, seed: 2, accounts: 30 })
        running.add(demo)
        return {
          url: demo.url,
          token: demo.demo.token,
          stop: async () => {
            running.delete(demo)
            await demo.stop()
          },
        }
      },
    })
    const h = main.services.handlers
    const [first, second] = await Promise.all([h['auth.startDemo'](), h['auth.startDemo']()])
    expect(first.state).toBe('signed-in')
    expect(second.state).toBe('signed-in')
    expect(running.size).toBe(1)
    await h['auth.signOut']()
    expect(running.size).toBe(0)
  }, 30_000)
})

describe('https or loopback only', () => {
  it('OAuth sign-in refuses a token URL on plain http before opening the browser', async () => {
    let opened = 0
    main = await testMain({
      sandbox,
      openExternal: async () => void opened++,
      config: {
        oauth: {
          clientId: sandbox.oauthClient.clientId,
          authorizeUrl: `${sandbox.url}/oauth/authorize`,
          tokenUrl: 'http://plannr.example.com/oauth/token',
          scope: '*',
          timeoutMs: 5_000,
          redirectPort: 0,
        },
      },
    })
    const error = await rejection(main.services.handlers['auth.beginOAuth']())
    expect(error.data.kind).toBe('oauth')
    expect(error.message).toMatch(/not https/)
    expect(opened).toBe(0)
  })

  it('restore does not send a saved token to a plain http address', async () => {
    const first = await signedIn(sandbox, { tokenStore: new MemoryTokenStore(null) })
    const settingsPath = join(first.dataDir, 'plannr-settings.json')
    const saved = first.services.tokenStore
    await first.services.dispose()
    const settings = JSON.parse(readFileSync(settingsPath, 'utf8')) as { session: { baseUrl: string } }
    settings.session.baseUrl = 'http://plannr.example.com'
    writeFileSync(settingsPath, JSON.stringify(settings))
    const counter = countingFetch()
    main = await testMain({ sandbox, dataDir: first.dataDir, tokenStore: saved, fetch: counter.fetch })
    await main.services.restore()
    const status = main.services.auth.status()
    expect(status.state).toBe('signed-out')
    expect(status.message).toMatch(/not https/)
    expect(counter.calls()).toBe(0)
  })
})

describe('answers too large to read', () => {
  it('a body past the limit is cut off with a clear error, not read into memory', async () => {
    // What is under test is the size cap, not speed: on a busy machine 20 MB of padding can take
    // longer than the usual request timeout to arrive, which would end the call as `timeout`.
    main = await signedIn(sandbox, { config: { requestTimeoutMs: 120_000 } })
    sandbox.faults.set('GET /api/v1/group', { padBodyBytes: 21 * 1024 * 1024 })
    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data).toMatchObject({ kind: 'malformed-response', endpoint: 'GET /api/v1/group' })
    expect(error.message).toMatch(/larger than 20 MB/)
  }, 180_000)
})
