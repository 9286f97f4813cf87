import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { openTokenStore } from '../../src/main/auth/token-store'
import type { AuthStatus } from '../../src/shared/ipc/contract'
import { testMain, type TestMain } from './api-support'

// A settings file the disk refuses to write (full, read-only, a rename Windows refuses) must not
// leave main and the window disagreeing: the change made in memory is announced all the same,
// and the user is told the settings could not be saved. On the real keyring, as the app runs.
let sandbox: Sandbox
let main: TestMain | undefined

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 80 })
})
afterEach(async () => {
  await main?.services.dispose()
  main = undefined
})
afterAll(async () => {
  await sandbox?.stop()
})

/**
 * Makes the settings file impossible to replace: a directory (not empty) where the file was. The
 * write-then-rename fails whoever runs the test (root ignores a read-only folder, not this).
 */
function settingsUnwritable(dataDir: string): void {
  const path = join(dataDir, 'plannr-settings.json')
  rmSync(path, { force: true })
  mkdirSync(path)
  writeFileSync(join(path, 'keep'), '')
}

function lastAuthEvent(m: TestMain): AuthStatus | undefined {
  return m.events.filter((entry) => entry.event === 'auth').at(-1)?.payload as AuthStatus | undefined
}

/** Signed in on the real keyring as the user with two logins, the first of them chosen. */
async function signedInWithTwoLogins(): Promise<{ m: TestMain; first: string; second: string }> {
  const m = await testMain({
    sandbox,
    tokenStore: await openTokenStore(undefined, `Plannr Desktop test ${randomUUID()}`),
  })
  main = m
  const status = await m.services.handlers['auth.signInWithToken']({
    token: sandbox.multiLoginToken,
    baseUrl: sandbox.url,
  })
  const [first, second] = status.logins.map((login) => login.account.uuid)
  if (!first || !second) throw new Error('the multi-login user should have two logins')
  await m.services.handlers['auth.chooseAccount']({ accountUuid: first })
  return { m, first, second }
}

describe('a settings file that cannot be written', () => {
  it('an account switch still happens, is announced, and the user is told', async () => {
    const { m, second } = await signedInWithTwoLogins()
    settingsUnwritable(m.dataDir)
    const status = await m.services.handlers['auth.chooseAccount']({ accountUuid: second })
    expect(status).toMatchObject({ state: 'signed-in', account: { uuid: second } })
    expect(m.services.auth.status().account?.uuid).toBe(second)
    expect(lastAuthEvent(m)).toMatchObject({ state: 'signed-in', account: { uuid: second } })
    expect(status.keyringMessage).toMatch(/could not save its settings/)
  })

  it('sign-out still happens, is announced, and leaves no keychain entry', async () => {
    const { m } = await signedInWithTwoLogins()
    settingsUnwritable(m.dataDir)
    const status = await m.services.handlers['auth.signOut']()
    expect(status.state).toBe('signed-out')
    expect(lastAuthEvent(m)).toMatchObject({ state: 'signed-out' })
    expect(status.keyringMessage).toMatch(/could not save its settings/)
    await m.services.auth.keychainWritesSettled()
    expect(await m.services.tokenStore.logins()).toEqual([])
  })

  it('a sign-in still happens and is announced; the notice goes once the settings can be written again', async () => {
    const { m } = await signedInWithTwoLogins()
    settingsUnwritable(m.dataDir)
    // Another Plannr user than the one signed in: held until the user goes on, then it replaces it.
    const held = await m.services.handlers['auth.signInWithToken']({
      token: sandbox.demo.token,
      baseUrl: sandbox.url,
    })
    expect(held.pendingSignIn).not.toBeNull()
    const status = await m.services.handlers['auth.confirmSignIn']()
    expect(status).toMatchObject({ state: 'signed-in', account: { uuid: sandbox.demo.accountUuid } })
    expect(lastAuthEvent(m)).toMatchObject({ state: 'signed-in', account: { uuid: sandbox.demo.accountUuid } })
    expect(status.keyringMessage).toMatch(/could not save its settings/)

    rmSync(join(m.dataDir, 'plannr-settings.json'), { recursive: true })
    const signedOut = await m.services.handlers['auth.signOut']()
    expect(signedOut).toMatchObject({ state: 'signed-out', keyringMessage: null })
    await m.services.auth.keychainWritesSettled()
    expect(await m.services.tokenStore.logins()).toEqual([])
  })
})
