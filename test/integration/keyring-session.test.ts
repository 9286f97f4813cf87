import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { openTokenStore, type KeytarLike, type TokenStore } from '../../src/main/auth/token-store'
import { testMain, scoped } from './api-support'

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

  /** Signs in to the shared sandbox on the real keyring and closes: the sign-in a restart restores. */
  async function savedSignIn(keyringService: string): Promise<string> {
    const first = await testMain({ sandbox, tokenStore: await openTokenStore(undefined, keyringService) })
    await first.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    await first.services.dispose()
    return first.dataDir
  }

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
