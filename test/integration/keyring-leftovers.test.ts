import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { openTokenStore, type KeytarLike, type TokenStore } from '../../src/main/auth/token-store'
import { browser, sandboxOAuth, testMain, type TestMain } from './api-support'
import { behindPrompt, delegate, entriesOf, lockable, realKeytar } from './keyring-support'

// No saved token outlives the sign-out that should have removed it, on the real keyring: an entry
// the keyring refused to delete is removed later, and an entry that was never loaded (the keyring
// could not be read at start) is removed when a new sign-in replaces it.
let sandbox: Sandbox
const opened: TestMain[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 80 })
})
afterEach(async () => {
  for (const m of opened.splice(0)) await m.services.dispose()
})
afterAll(async () => {
  await sandbox?.stop()
})

/** Main on the real keyring under `service`, with the sandbox's OAuth server configured. */
async function mainOn(tokenStore: TokenStore, dataDir?: string): Promise<TestMain> {
  const m = await testMain({
    sandbox,
    tokenStore,
    ...(dataDir ? { dataDir } : {}),
    openExternal: browser(sandbox),
    config: { oauth: sandboxOAuth(sandbox) },
  })
  opened.push(m)
  return m
}

/** The real keyring, except that its first read fails, as a keyring still locked at start. */
function firstReadFails(store: TokenStore): TokenStore {
  let failed = false
  return delegate(store, {
    load: async (login) => {
      if (!failed) {
        failed = true
        throw new Error('The keyring is locked')
      }
      return store.load(login)
    },
  })
}

describe('keychain entries left behind', () => {
  it('an entry the keyring refused to remove at sign-out is said, and removed at the next start', async () => {
    const service = `Plannr Desktop test ${randomUUID()}`
    const keyring = lockable(await openTokenStore(undefined, service))
    const m = await mainOn(keyring.store)
    await m.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    expect(await entriesOf(service)).toHaveLength(1)

    keyring.lock(true)
    const status = await m.services.handlers['auth.signOut']()
    expect(status.state).toBe('signed-out')
    // The sign-out answers before its removal; the refusal is said as soon as it comes.
    await m.services.auth.keychainWritesSettled()
    expect(m.services.auth.status().keyringMessage).toMatch(/could not remove/)
    expect(m.events.filter((entry) => entry.event === 'auth').at(-1)?.payload).toMatchObject({
      state: 'signed-out',
      keyringMessage: expect.stringMatching(/could not remove/),
    })
    expect(await entriesOf(service)).toHaveLength(1)
    // Only its name waits in the settings: never the token.
    const settings = readFileSync(join(m.dataDir, 'plannr-settings.json'), 'utf8')
    expect(JSON.parse(settings).pendingKeychainRemovals).toEqual(await entriesOf(service))
    expect(settings).not.toContain(sandbox.demo.token)
    await m.services.dispose()

    const next = await mainOn(await openTokenStore(undefined, service), m.dataDir)
    await next.services.restore()
    expect(next.services.auth.status()).toMatchObject({ state: 'signed-out', keyringMessage: null })
    expect(await entriesOf(service)).toEqual([])
  })

  it('an entry waiting to be removed is kept when the same account signs in again and saves it anew', async () => {
    const service = `Plannr Desktop test ${randomUUID()}`
    const keyring = lockable(await openTokenStore(undefined, service))
    const m = await mainOn(keyring.store)
    await m.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    keyring.lock(true)
    await m.services.handlers['auth.signOut']()
    await m.services.auth.keychainWritesSettled()
    keyring.lock(false)
    const again = await m.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    expect(again).toMatchObject({ state: 'signed-in', keyringMessage: null })
    expect(await entriesOf(service)).toHaveLength(1)
    await m.services.dispose()

    const next = await mainOn(await openTokenStore(undefined, service), m.dataDir)
    await next.services.restore()
    expect(next.services.auth.status()).toMatchObject({ state: 'signed-in', kind: 'pat' })
    expect(await entriesOf(service)).toHaveLength(1)
    await next.services.handlers['auth.signOut']()
    await next.services.auth.keychainWritesSettled()
    expect(await entriesOf(service)).toEqual([])
  })

  it('a saved OAuth sign-in the keyring could not read at start is removed once a token sign-in replaces it', async () => {
    const service = `Plannr Desktop test ${randomUUID()}`
    const first = await mainOn(await openTokenStore(undefined, service))
    expect(await first.services.handlers['auth.beginOAuth']()).toMatchObject({ state: 'signed-in', kind: 'oauth' })
    const [saved] = await entriesOf(service)
    expect(saved).toMatch(/^oauth:/)
    await first.services.dispose()

    const second = await mainOn(firstReadFails(await openTokenStore(undefined, service)), first.dataDir)
    await second.services.restore()
    expect(second.services.auth.status().keyringMessage).toMatch(/could not be read/)
    const status = await second.services.handlers['auth.signInWithToken']({
      token: sandbox.demo.token,
      baseUrl: sandbox.url,
    })
    expect(status).toMatchObject({ state: 'signed-in', kind: 'pat' })
    await second.services.handlers['auth.signOut']()
    await second.services.auth.keychainWritesSettled()
    expect(await entriesOf(service)).toEqual([])
  })

  it('a saved sign-in replaced at a start where keytar could not be loaded is removed at a start that has it', async () => {
    const service = `Plannr Desktop test ${randomUUID()}`
    const first = await mainOn(await openTokenStore(undefined, service))
    await first.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    expect(await entriesOf(service)).toHaveLength(1)
    await first.services.dispose()

    // keytar's native module fails to load this once: the same sign-in again lives in memory, under
    // the same entry name as the one saved in the keychain, which it does not replace.
    const unloadable = async (): Promise<KeytarLike> => {
      throw new Error('keytar.node: cannot open shared object file')
    }
    const second = await mainOn(await openTokenStore(unloadable, service), first.dataDir)
    await second.services.restore()
    await second.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    await second.services.handlers['auth.signOut']()
    await second.services.dispose()
    expect(await entriesOf(service)).toHaveLength(1)

    const third = await mainOn(await openTokenStore(undefined, service), first.dataDir)
    await third.services.restore()
    expect(third.services.auth.status()).toMatchObject({ state: 'signed-out', keyringMessage: null })
    expect(await entriesOf(service)).toEqual([])
  })
})

describe('a sign-in waiting in the account picker', () => {
  /** Signed in as the demo adviser, then as a user with two logins and none of hers, gone on with: in the picker. */
  async function pickerAfterAnotherUser(service: string): Promise<{ m: TestMain; entry: string; picked: string }> {
    const m = await mainOn(await openTokenStore(undefined, service))
    await m.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    const [entry] = await entriesOf(service)
    if (!entry) throw new Error('the sign-in should have saved its entry')
    const held = await m.services.handlers['auth.signInWithToken']({
      token: sandbox.multiLoginToken,
      baseUrl: sandbox.url,
    })
    expect(held.pendingSignIn).not.toBeNull()
    const picker = await m.services.handlers['auth.confirmSignIn']()
    expect(picker.state).toBe('choose-account')
    const picked = picker.logins[0]?.account.uuid
    if (!picked) throw new Error('the multi-login user should have logins')
    return { m, entry, picked }
  }

  it('the app closing before an account is chosen leaves the sign-in in use saved for the next start', async () => {
    const service = `Plannr Desktop test ${randomUUID()}`
    const { m, entry } = await pickerAfterAnotherUser(service)
    await m.services.dispose()

    const next = await mainOn(await openTokenStore(undefined, service), m.dataDir)
    await next.services.restore()
    expect(next.services.auth.status()).toMatchObject({
      state: 'signed-in',
      account: { uuid: sandbox.demo.accountUuid },
      message: null,
    })
    expect(await entriesOf(service)).toEqual([entry])
  })

  it('a sign-in that reaches the picker while the saved one is still being read leaves it saved for the next start', async () => {
    const service = `Plannr Desktop test ${randomUUID()}`
    const first = await mainOn(await openTokenStore(undefined, service))
    await first.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    const [entry] = await entriesOf(service)
    await first.services.dispose()

    // The saved sign-in's read waits on an unlock prompt; meanwhile a sign-in reaches the picker.
    const prompt = behindPrompt(await realKeytar(), ['getPassword'])
    const m = await mainOn(await openTokenStore(async () => prompt.keytar, service), first.dataDir)
    const restoring = m.services.restore()
    const picker = await m.services.handlers['auth.signInWithToken']({
      token: sandbox.multiLoginToken,
      baseUrl: sandbox.url,
    })
    expect(picker.state).toBe('choose-account')
    prompt.answer()
    await restoring
    await m.services.dispose()

    const next = await mainOn(await openTokenStore(undefined, service), first.dataDir)
    await next.services.restore()
    expect(next.services.auth.status()).toMatchObject({
      state: 'signed-in',
      account: { uuid: sandbox.demo.accountUuid },
    })
    expect(await entriesOf(service)).toEqual([entry])
  })

  it('once an account is chosen, the entry of the sign-in it replaced goes', async () => {
    const service = `Plannr Desktop test ${randomUUID()}`
    const { m, entry, picked } = await pickerAfterAnotherUser(service)
    const status = await m.services.handlers['auth.chooseAccount']({ accountUuid: picked })
    expect(status).toMatchObject({
      state: 'signed-in',
      keptAccounts: [{ account: { uuid: sandbox.demo.accountUuid } }],
    })
    const entries = await entriesOf(service)
    expect(entries).toHaveLength(1)
    expect(entries).not.toContain(entry)
    await m.services.dispose()

    const next = await mainOn(await openTokenStore(undefined, service), m.dataDir)
    await next.services.restore()
    expect(next.services.auth.status()).toMatchObject({ state: 'signed-in', account: { uuid: picked } })
  })

  it('signing out from the picker removes the entry of the sign-in it replaced', async () => {
    const service = `Plannr Desktop test ${randomUUID()}`
    const { m } = await pickerAfterAnotherUser(service)
    await m.services.handlers['auth.signOut']()
    await m.services.auth.keychainWritesSettled()
    expect(await entriesOf(service)).toEqual([])
    await m.services.dispose()

    const next = await mainOn(await openTokenStore(undefined, service), m.dataDir)
    await next.services.restore()
    expect(next.services.auth.status()).toMatchObject({ state: 'signed-out', keyringMessage: null })
  })
})
