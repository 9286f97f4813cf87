import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { openTokenStore, type KeytarLike, type TokenStore } from '../../src/main/auth/token-store'
import type { AuthStatus } from '../../src/shared/ipc/contract'
import { testMain, scoped } from './api-support'
import { behindPrompt, realKeytar } from './keyring-support'

// Sign-in → restart → restored, on the real OS keyring (npm test runs inside
// scripts/with-test-keyring.sh), and the plain-words fallback when no keyring answers.
const service = `Plannr Desktop test ${randomUUID()}`
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 80 })
})
afterAll(async () => {
  await sandbox?.stop()
})

/** Every file under the data folder, read as text: a token must be in none of them. */
function everyFileText(dir: string): string {
  let text = ''
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    text += statSync(path).isDirectory() ? everyFileText(path) : readFileSync(path, 'utf8')
  }
  return text
}

describe('session on the real keyring', () => {
  it('signs in, restarts, and is signed in again from the keychain; sign-out deletes the entry', async () => {
    const first = await testMain({ sandbox, tokenStore: await openTokenStore(undefined, service) })
    const status = await first.services.handlers['auth.signInWithToken']({
      token: sandbox.demo.token,
      baseUrl: sandbox.url,
    })
    expect(status).toMatchObject({ state: 'signed-in', keyringPersistent: true, keyringMessage: null })
    const entries = await first.services.tokenStore.logins()
    expect(entries).toHaveLength(1)
    expect(everyFileText(first.dataDir)).not.toContain(sandbox.demo.token)
    await first.services.dispose()

    // A new process: fresh services, a fresh keytar handle, the same data folder.
    const second = await testMain({
      sandbox,
      dataDir: first.dataDir,
      tokenStore: await openTokenStore(undefined, service),
    })
    await second.services.restore()
    expect(second.services.auth.status()).toMatchObject({
      state: 'signed-in',
      kind: 'pat',
      account: status.account,
      baseUrl: sandbox.url,
    })
    expect(second.events.at(-1)).toMatchObject({ event: 'auth', payload: { state: 'signed-in' } })
    const groups = await scoped(second)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(groups.items).toHaveLength(5)

    await second.services.handlers['auth.signOut']()
    await second.services.auth.keychainWritesSettled()
    const keytar = (await import('keytar')).default as unknown as KeytarLike
    expect(await keytar.getPassword(service, entries[0]!)).toBeNull()
    await second.services.dispose()

    const third = await testMain({
      sandbox,
      dataDir: first.dataDir,
      tokenStore: await openTokenStore(undefined, service),
    })
    await third.services.restore()
    expect(third.services.auth.status().state).toBe('signed-out')
    await third.services.dispose()
  })
})

describe('no keyring available', () => {
  const broken: KeytarLike = {
    getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
    setPassword: () => Promise.reject(new Error('no keyring')),
    deletePassword: () => Promise.reject(new Error('no keyring')),
    findCredentials: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  }

  it('says so plainly, keeps the token in memory for the session, never on disk', async () => {
    const main = await testMain({ sandbox, tokenStore: await openTokenStore(async () => broken, service) })
    const before = await main.services.handlers['auth.status']()
    expect(before).toMatchObject({ state: 'signed-out', keyringPersistent: false })
    expect(before.keyringMessage).toMatch(/no system keyring/i)
    const status = await main.services.handlers['auth.signInWithToken']({
      token: sandbox.demo.token,
      baseUrl: sandbox.url,
    })
    expect(status).toMatchObject({ state: 'signed-in', keyringPersistent: false })
    expect((await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })).items).toHaveLength(5)
    expect(everyFileText(main.dataDir)).not.toContain(sandbox.demo.token)
    await main.services.dispose()

    // Next start: the session is gone, and the app says why.
    const next = await testMain({
      sandbox,
      dataDir: main.dataDir,
      tokenStore: await openTokenStore(async () => broken, service),
    })
    await next.services.restore()
    expect(next.services.auth.status()).toMatchObject({ state: 'signed-out', keyringPersistent: false })
    expect(next.services.auth.status().message).toMatch(/last session only/)
    await next.services.dispose()
  })
})

/** Signs in to the shared sandbox on the real keyring and closes: the sign-in a restart restores. */
async function savedSignIn(keyringService: string): Promise<string> {
  const first = await testMain({ sandbox, tokenStore: await openTokenStore(undefined, keyringService) })
  await first.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
  await first.services.dispose()
  return first.dataDir
}

/** The real keyring, whose reads wait until the test opens the gate (a slow or locked keyring). */
function heldReads(store: TokenStore, fail = false): { store: TokenStore; open: () => void } {
  let open = () => {}
  const gate = new Promise<void>((resolve) => (open = resolve))
  return {
    open,
    store: {
      persistence: store.persistence,
      unavailableReason: store.unavailableReason,
      save: (login, credential) => store.save(login, credential),
      load: async (login) => {
        await gate
        if (fail) throw new Error('the keyring was locked')
        return store.load(login)
      },
      remove: (login) => store.remove(login),
      logins: () => store.logins(),
    },
  }
}

describe('a sign-in while the saved one is still being read', () => {
  let other: Sandbox
  beforeAll(async () => {
    other = await startSandbox({ port: 0, seed: 2, accounts: 60 })
  })
  afterAll(async () => {
    await other?.stop()
  })

  it('the newer sign-in stays: the restore that ends after it changes nothing', async () => {
    const keyringService = `Plannr Desktop test ${randomUUID()}`
    const dataDir = await savedSignIn(keyringService)
    const held = heldReads(await openTokenStore(undefined, keyringService))
    const main = await testMain({ sandbox: other, dataDir, tokenStore: held.store })
    const restoring = main.services.restore()
    const status = await main.services.handlers['auth.signInWithToken']({ token: other.demo.token, baseUrl: other.url })
    expect(status).toMatchObject({ state: 'signed-in', baseUrl: other.url })
    held.open()
    await restoring
    expect(main.services.auth.status()).toMatchObject({ state: 'signed-in', kind: 'pat', baseUrl: other.url })
    expect(main.events.filter((entry) => entry.event === 'auth').at(-1)?.payload).toMatchObject({ baseUrl: other.url })
    expect(JSON.parse(readFileSync(join(dataDir, 'plannr-settings.json'), 'utf8')).session).toMatchObject({
      kind: 'pat',
      baseUrl: other.url,
    })
    // One keychain entry, the new sign-in's: the saved one it replaced is not left behind.
    const entries = await main.services.tokenStore.logins()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toContain(new URL(other.url).host)
    expect((await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })).items.length).toBeGreaterThan(0)
    await main.services.handlers['auth.signOut']()
    await main.services.auth.keychainWritesSettled()
    expect(await main.services.tokenStore.logins()).toEqual([])
    await main.services.dispose()
  })

  it('a keychain read that fails after a demo sign-in leaves the demo running and its settings alone', async () => {
    const keyringService = `Plannr Desktop test ${randomUUID()}`
    const dataDir = await savedSignIn(keyringService)
    const held = heldReads(await openTokenStore(undefined, keyringService), true)
    let stopped = 0
    const main = await testMain({
      sandbox,
      dataDir,
      tokenStore: held.store,
      startDemo: async () => ({ url: other.url, token: other.demo.token, stop: async () => void stopped++ }),
    })
    const restoring = main.services.restore()
    const status = await main.services.handlers['auth.startDemo']()
    expect(status).toMatchObject({ state: 'signed-in', kind: 'demo', baseUrl: other.url })
    held.open()
    await restoring
    expect(main.services.auth.status()).toMatchObject({ state: 'signed-in', kind: 'demo', message: null })
    expect(stopped).toBe(0)
    expect(JSON.parse(readFileSync(join(dataDir, 'plannr-settings.json'), 'utf8')).session).toMatchObject({
      kind: 'demo',
      baseUrl: other.url,
    })
    await main.services.dispose()
    expect(stopped).toBe(1)
  })

  it('a saved demo restored at start runs before a sign-in asked meanwhile, which then replaces it', async () => {
    const keyringService = `Plannr Desktop test ${randomUUID()}`
    let stopped = 0
    const demo = async () => ({ url: other.url, token: other.demo.token, stop: async () => void stopped++ })
    const first = await testMain({
      sandbox,
      tokenStore: await openTokenStore(undefined, keyringService),
      startDemo: demo,
    })
    await first.services.handlers['auth.startDemo']()
    await first.services.dispose()
    stopped = 0
    const main = await testMain({
      sandbox,
      dataDir: first.dataDir,
      tokenStore: await openTokenStore(undefined, keyringService),
      startDemo: demo,
    })
    const restoring = main.services.restore()
    const status = await main.services.handlers['auth.signInWithToken']({
      token: sandbox.demo.token,
      baseUrl: sandbox.url,
    })
    await restoring
    expect(status).toMatchObject({ state: 'signed-in', kind: 'pat', baseUrl: sandbox.url })
    expect(main.services.auth.status()).toMatchObject({ state: 'signed-in', kind: 'pat', baseUrl: sandbox.url })
    // The restored demo was ended by the sign-in that replaced it, not left running.
    expect(stopped).toBe(1)
    await main.services.dispose()
  })
})

/** The saved session in the settings file of `dataDir` (null when there is none). */
function savedSession(dataDir: string): unknown {
  return JSON.parse(readFileSync(join(dataDir, 'plannr-settings.json'), 'utf8')).session
}

/** The real keytar, except that the first call of `method` fails, as a keyring not ready yet does. */
function failingOnce(real: KeytarLike, method: 'getPassword' | 'findCredentials'): KeytarLike {
  let failed = false
  const first = (): boolean => {
    if (failed) return false
    failed = true
    return true
  }
  const notReady = () =>
    Promise.reject(new Error('The name org.freedesktop.secrets was not provided by any .service files'))
  return {
    getPassword: (service, account) =>
      method === 'getPassword' && first() ? notReady() : real.getPassword(service, account),
    setPassword: (service, account, password) => real.setPassword(service, account, password),
    deletePassword: (service, account) => real.deletePassword(service, account),
    findCredentials: (service) =>
      method === 'findCredentials' && first() ? notReady() : real.findCredentials(service),
  }
}

describe('a keyring that is slow or fails once at start keeps the saved sign-in', () => {
  let answerPrompt = (): void => {}
  afterEach(() => answerPrompt())

  it('a start where keytar cannot be loaded forgets nothing, and the next start with it is signed in', async () => {
    const keyringService = `Plannr Desktop test ${randomUUID()}`
    const dataDir = await savedSignIn(keyringService)
    const saved = savedSession(dataDir)
    expect(saved).not.toBeNull()

    // keytar's native module fails to load this once (an update that left it mismatched).
    const unloadable = async (): Promise<KeytarLike> => {
      throw new Error('keytar.node: cannot open shared object file')
    }
    const second = await testMain({ sandbox, dataDir, tokenStore: await openTokenStore(unloadable, keyringService) })
    await second.services.restore()
    expect(second.services.auth.status().state).toBe('signed-out')
    expect(savedSession(dataDir)).toEqual(saved)
    await second.services.dispose()

    const third = await testMain({ sandbox, dataDir, tokenStore: await openTokenStore(undefined, keyringService) })
    await third.services.restore()
    expect(third.services.auth.status()).toMatchObject({ state: 'signed-in', kind: 'pat' })
    await third.services.handlers['auth.signOut']()
    await third.services.dispose()
  })

  it('a keyring whose first answer fails still restores the saved sign-in', async () => {
    const keyringService = `Plannr Desktop test ${randomUUID()}`
    const dataDir = await savedSignIn(keyringService)
    const keytar = await realKeytar()
    const tokenStore = await openTokenStore(async () => failingOnce(keytar, 'findCredentials'), keyringService)
    const main = await testMain({ sandbox, dataDir, tokenStore })
    await main.services.restore()
    expect(main.services.auth.status()).toMatchObject({
      state: 'signed-in',
      kind: 'pat',
      keyringPersistent: true,
      keyringMessage: null,
    })
    expect((await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })).items).toHaveLength(5)
    await main.services.handlers['auth.signOut']()
    await main.services.dispose()
  })

  it('a keychain read that fails is said plainly, forgets nothing, and the next start is signed in', async () => {
    const keyringService = `Plannr Desktop test ${randomUUID()}`
    const dataDir = await savedSignIn(keyringService)
    const saved = savedSession(dataDir)
    const keytar = await realKeytar()
    const second = await testMain({
      sandbox,
      dataDir,
      tokenStore: await openTokenStore(async () => failingOnce(keytar, 'getPassword'), keyringService),
    })
    await second.services.restore()
    // The settings still name the keychain entry, which is intact.
    expect(savedSession(dataDir)).toEqual(saved)
    // Signed out for now, told why in the notice the sign-in screen shows, and told it is still saved.
    const told = second.events.find(
      (entry) =>
        entry.event === 'auth' &&
        (entry.payload as AuthStatus).state === 'signed-out' &&
        /could not be read/.test((entry.payload as AuthStatus).keyringMessage ?? ''),
    )
    expect((told?.payload as AuthStatus | undefined)?.keyringMessage).toMatch(/still saved/)
    await second.services.dispose()

    const third = await testMain({ sandbox, dataDir, tokenStore: await openTokenStore(undefined, keyringService) })
    await third.services.restore()
    expect(third.services.auth.status()).toMatchObject({ state: 'signed-in', kind: 'pat', keyringMessage: null })
    expect((await scoped(third)['groups.list']({ sort: 'name', page: 1, perPage: 5 })).items).toHaveLength(5)
    await third.services.handlers['auth.signOut']()
    await third.services.dispose()
  })

  it('after a keychain read that failed, a later attempt restores the saved sign-in without a restart', async () => {
    const keyringService = `Plannr Desktop test ${randomUUID()}`
    const dataDir = await savedSignIn(keyringService)
    const keytar = await realKeytar()
    const main = await testMain({
      sandbox,
      dataDir,
      tokenStore: await openTokenStore(async () => failingOnce(keytar, 'getPassword'), keyringService),
    })
    await main.services.restore()
    await until(() => main.services.auth.status().state === 'signed-in', 60_000)
    expect(main.services.auth.status()).toMatchObject({ state: 'signed-in', kind: 'pat', keyringMessage: null })
    expect(main.events.filter((entry) => entry.event === 'auth').at(-1)?.payload).toMatchObject({ state: 'signed-in' })
    await main.services.handlers['auth.signOut']()
    await main.services.dispose()
  }, 90_000)

  it('a keyring waiting on an unlock prompt does not hold the start; the saved sign-in loads once it answers', async () => {
    const keyringService = `Plannr Desktop test ${randomUUID()}`
    const dataDir = await savedSignIn(keyringService)
    const prompt = behindPrompt(await realKeytar())
    answerPrompt = prompt.answer
    // The store opens (and the window with it) while the keyring has not answered.
    const tokenStore = await openTokenStore(async () => prompt.keytar, keyringService, { probeTimeoutMs: 100 })
    const main = await testMain({ sandbox, dataDir, tokenStore })
    const restoring = main.services.restore()
    const waiting = main.services.auth.status()
    expect(waiting).toMatchObject({ state: 'signed-out', keyringPersistent: false })
    expect(waiting.keyringMessage).toMatch(/not answered yet/)
    prompt.answer()
    await restoring
    expect(main.services.auth.status()).toMatchObject({
      state: 'signed-in',
      kind: 'pat',
      keyringPersistent: true,
      keyringMessage: null,
    })
    expect(savedSession(dataDir)).toMatchObject({ kind: 'pat', baseUrl: sandbox.url })
    await main.services.handlers['auth.signOut']()
    await main.services.dispose()
  }, 60_000)
})

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
}
