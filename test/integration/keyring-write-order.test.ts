import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { openTokenStore, type TokenStore } from '../../src/main/auth/token-store'
import { testMain, type TestMain } from './api-support'
import { behindPrompt, delegate, entriesOf, lockable, realKeytar } from './keyring-support'

// Keychain writes and removals of different sessions (the saved sign-in restore read at start, the
// sign-in that replaced it, the one after a sign-out) reach the keyring in the order main decided
// them: a removal decided for an entry no longer in use never lands after a new save of the same
// entry name (`<kind>:<host>:<account>`, the same for every sign-in to that account), which would
// leave the settings naming a keychain entry that is gone, and the next start signed out.
let sandbox: Sandbox
const opened: TestMain[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 60 })
})
afterEach(async () => {
  for (const m of opened.splice(0)) await m.services.dispose()
})
afterAll(async () => {
  await sandbox?.stop()
})

async function mainOn(tokenStore: TokenStore, dataDir?: string): Promise<TestMain> {
  const m = await testMain({ sandbox, tokenStore, ...(dataDir ? { dataDir } : {}) })
  opened.push(m)
  return m
}

/** The keychain entry named by the settings file of `dataDir` (null when none is). */
function savedEntry(dataDir: string): string | null {
  return JSON.parse(readFileSync(join(dataDir, 'plannr-settings.json'), 'utf8')).session?.keychainAccount ?? null
}

/** The names of keychain entries waiting to be removed, in the settings file of `dataDir`. */
function savedRemovals(dataDir: string): string[] {
  return JSON.parse(readFileSync(join(dataDir, 'plannr-settings.json'), 'utf8')).pendingKeychainRemovals ?? []
}

/** A start after `dataDir`'s last one, on the real keyring: what it restores. */
async function nextStart(service: string, dataDir: string): Promise<TestMain> {
  const next = await mainOn(await openTokenStore(undefined, service), dataDir)
  await next.services.restore()
  return next
}

describe('keychain writes of different sessions', () => {
  it('an account chosen while the saved sign-in is still being read keeps the entry it saved', async () => {
    const service = `Plannr Desktop test ${randomUUID()}`
    const first = await mainOn(await openTokenStore(undefined, service))
    const picker = await first.services.handlers['auth.signInWithToken']({
      token: sandbox.multiLoginToken,
      baseUrl: sandbox.url,
    })
    const account = picker.logins[0]?.account.uuid
    if (!account) throw new Error('the multi-login user should have logins')
    await first.services.handlers['auth.chooseAccount']({ accountUuid: account })
    const [entry] = await entriesOf(service)
    expect(entry).toContain(account)
    await first.services.dispose()

    // The next start: the keyring shows an unlock prompt for the saved sign-in's read, and the
    // user signs in again meanwhile and picks the same account, whose entry is saved behind the read.
    const prompt = behindPrompt(await realKeytar(), ['getPassword'])
    const second = await mainOn(await openTokenStore(async () => prompt.keytar, service), first.dataDir)
    const restoring = second.services.restore()
    const again = await second.services.handlers['auth.signInWithToken']({
      token: sandbox.multiLoginToken,
      baseUrl: sandbox.url,
    })
    expect(again.state).toBe('choose-account')
    const choosing = second.services.handlers['auth.chooseAccount']({ accountUuid: account })
    prompt.answer()
    await restoring
    expect(await choosing).toMatchObject({ state: 'signed-in', account: { uuid: account } })

    // The restore that ended after the new sign-in removed nothing the new sign-in saved.
    expect(savedEntry(first.dataDir)).toBe(entry)
    expect(await entriesOf(service)).toEqual([entry])
    await second.services.dispose()
    expect((await nextStart(service, first.dataDir)).services.auth.status()).toMatchObject({
      state: 'signed-in',
      account: { uuid: account },
    })
  })

  it("a sign-in landing while start-up's retried removal of the same entry waits keeps its new entry", async () => {
    const service = `Plannr Desktop test ${randomUUID()}`
    // An entry left behind: the keyring refused to remove it at sign-out, so its name waits in the settings.
    const keyring = lockable(await openTokenStore(undefined, service))
    const first = await mainOn(keyring.store)
    await first.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    const [entry] = await entriesOf(service)
    keyring.lock(true)
    await first.services.handlers['auth.signOut']()
    await first.services.dispose()

    // The next start tries the removal again; it is held before it reaches the keyring (the store
    // owes main no order between calls it has not started), and the same account signs in meanwhile.
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    let removalAsked = () => {}
    const asked = new Promise<void>((resolve) => (removalAsked = resolve))
    const real = await openTokenStore(undefined, service)
    const store = delegate(real, {
      remove: async (login) => {
        removalAsked()
        await released
        return real.remove(login)
      },
    })
    const second = await mainOn(store, first.dataDir)
    const restoring = second.services.restore()
    await asked
    const signingIn = second.services.handlers['auth.signInWithToken']({
      token: sandbox.demo.token,
      baseUrl: sandbox.url,
    })
    // Plannr has accepted the token and the new session is in place before the removal goes on.
    await until(() => second.services.auth.status().state === 'signed-in')
    release()
    await restoring
    expect(await signingIn).toMatchObject({ state: 'signed-in', account: { uuid: sandbox.demo.accountUuid } })

    expect(savedEntry(first.dataDir)).toBe(entry)
    expect(await entriesOf(service)).toEqual([entry])
    await second.services.dispose()
    expect((await nextStart(service, first.dataDir)).services.auth.status()).toMatchObject({
      state: 'signed-in',
      account: { uuid: sandbox.demo.accountUuid },
    })
  })
})

describe('sign-out and a keyring showing an unlock prompt', () => {
  it('sign-out answers at once; the entry waits by name in the settings and goes once the keyring answers', async () => {
    const service = `Plannr Desktop test ${randomUUID()}`
    const prompt = behindPrompt(await realKeytar(), ['deletePassword'])
    const m = await mainOn(await openTokenStore(async () => prompt.keytar, service))
    await m.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    const [entry] = await entriesOf(service)

    // The keyring asks for its password before deleting: the sign-out does not wait for the answer.
    const status = await m.services.handlers['auth.signOut']()
    expect(status).toMatchObject({ state: 'signed-out', account: null })
    expect(m.events.filter((e) => e.event === 'auth').at(-1)?.payload).toMatchObject({ state: 'signed-out' })
    // Remembered already: a quit now leaves a start that is signed out and removes the entry.
    const settings = JSON.parse(readFileSync(join(m.dataDir, 'plannr-settings.json'), 'utf8'))
    expect(settings).toMatchObject({ session: null, pendingKeychainRemovals: [entry] })

    prompt.answer()
    // Asked of the keychain after the held removal, so answered once it is done.
    expect(await m.services.tokenStore.logins()).toEqual([])
    await until(() => savedRemovals(m.dataDir).length === 0)
    expect(m.services.auth.status()).toMatchObject({ state: 'signed-out', keyringMessage: null })
  }, 60_000)
})

/** Waits (polling) until `condition` holds; the test's own timeout bounds the wait. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10))
}
