import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { testHandlers, testMain, type TestMain, rejection } from './api-support'

// Personal access token sign-in against the sandbox: one login, several logins, a bad token,
// a token that stops working, switching account and signing out.
let sandbox: Sandbox
let main: TestMain | undefined

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 150 })
})
afterAll(async () => {
  await sandbox?.stop()
})
afterEach(async () => {
  await main?.services.dispose()
  main = undefined
})

describe('personal access token', () => {
  it('one employee login with a preferred account: signed in at once, token only in the token store', async () => {
    main = await testMain({ sandbox })
    const status = await main.services.handlers['auth.signInWithToken']({
      token: sandbox.demo.token,
      baseUrl: sandbox.url,
    })
    expect(status).toMatchObject({
      state: 'signed-in',
      kind: 'pat',
      baseUrl: sandbox.url,
      account: { uuid: sandbox.demo.accountUuid },
      canWrite: true,
    })
    expect(status.account?.firmName).toBeTruthy()
    expect(await main.services.tokenStore.logins()).toHaveLength(1)
    const settings = readFileSync(join(main.dataDir, 'plannr-settings.json'), 'utf8')
    expect(settings).toContain(sandbox.demo.accountUuid)
    expect(settings).not.toContain(sandbox.demo.token)
  })

  it('several logins and no preferred account: the user chooses, seeing firm and role', async () => {
    main = await testMain({ sandbox })
    const h = testHandlers(main)
    const status = await h['auth.signInWithToken']({ token: sandbox.multiLoginToken, baseUrl: sandbox.url })
    expect(status.state).toBe('choose-account')
    expect(status.logins).toHaveLength(2)
    for (const login of status.logins) {
      expect(login.firm?.name).toBeTruthy()
      expect(login.account.role).toBeTruthy()
    }
    // Nothing is kept, and nothing can be read, until an account is chosen.
    expect(await main.services.tokenStore.logins()).toHaveLength(0)
    expect((await rejection(h['groups.list']({ sort: 'name', page: 1, perPage: 5 }))).data.kind).toBe('not-signed-in')
    expect((await rejection(h['auth.chooseAccount']({ accountUuid: 'not-mine' }))).data.kind).toBe('not-found')

    const [first, second] = status.logins
    const chosen = await h['auth.chooseAccount']({ accountUuid: second!.account.uuid })
    expect(chosen).toMatchObject({
      state: 'signed-in',
      account: { uuid: second!.account.uuid, firmName: second!.firm!.name },
    })
    const groupsOfSecond = await h['groups.list']({ sort: 'name', page: 1, perPage: 500 })
    // Switching account: the same token, another X-PLANNR-ACCOUNT-UUID, another firm's data.
    await h['auth.chooseAccount']({ accountUuid: first!.account.uuid })
    const groupsOfFirst = await h['groups.list']({ sort: 'name', page: 1, perPage: 500 })
    expect(groupsOfFirst.items.map((g) => g.uuid)).not.toEqual(groupsOfSecond.items.map((g) => g.uuid))
    expect(await main.services.tokenStore.logins()).toHaveLength(1)
  })

  it('a token Plannr refuses: a clear error, still signed out', async () => {
    main = await testMain({ sandbox })
    const error = await rejection(
      main.services.handlers['auth.signInWithToken']({ token: 'not-a-real-token-123456', baseUrl: sandbox.url }),
    )
    expect(error.data).toMatchObject({
      kind: 'unauthenticated',
      message: expect.stringMatching(/personal access token/),
    })
    expect(main.services.auth.status().state).toBe('signed-out')
    expect(main.events.filter((e) => e.event === 'auth')).toHaveLength(0)
  })

  it('refuses to send a token in clear text to a non-loopback address', async () => {
    main = await testMain({ sandbox })
    const error = await rejection(
      main.services.handlers['auth.signInWithToken']({
        token: sandbox.demo.token,
        baseUrl: 'http://plannr.example.com',
      }),
    )
    expect(error.data).toMatchObject({ kind: 'validation', fieldErrors: { baseUrl: expect.any(Array) } })
  })

  it('a 401 later flips to reauth-required, emits the auth event, and a new token resumes the same account', async () => {
    const local = await startSandbox({ port: 0, seed: 1, accounts: 60 })
    try {
      const started = await testMain({ sandbox: local })
      main = started
      const h = testHandlers(started)
      await h['auth.signInWithToken']({ token: local.demo.token, baseUrl: local.url })
      // The token is revoked on the server (e.g. deleted in Plannr's settings).
      const tokens = local.store.personalAccessTokens as Map<string, string>
      const owner = tokens.get(local.demo.token)!
      tokens.delete(local.demo.token)
      const error = await rejection(h['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
      expect(error.data.kind).toBe('unauthenticated')
      const status = await h['auth.status']()
      expect(status).toMatchObject({ state: 'reauth-required', kind: 'pat', canWrite: false })
      expect(status.message).toMatch(/sign in again/i)
      const announced = (): string[] =>
        started.events.filter((e) => e.event === 'auth').map((e) => (e.payload as { state: string }).state)
      expect(announced()).toEqual(['signed-in', 'reauth-required'])

      tokens.set('a-brand-new-token-value-0001', owner)
      const again = await h['auth.signInWithToken']({ token: 'a-brand-new-token-value-0001', baseUrl: local.url })
      expect(again).toMatchObject({ state: 'signed-in', account: { uuid: local.demo.accountUuid } })
      // Announced too: the account's sync and outbox, paused by the refusal, follow the event.
      expect(announced()).toEqual(['signed-in', 'reauth-required', 'signed-in'])
      expect((await h['groups.list']({ sort: 'name', page: 1, perPage: 5 })).items).toHaveLength(5)
    } finally {
      await local.stop()
    }
  })

  it('sign-out removes the keychain entry and the saved session', async () => {
    main = await testMain({ sandbox })
    const h = testHandlers(main)
    await h['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    const status = await h['auth.signOut']()
    expect(status).toMatchObject({ state: 'signed-out', kind: null, account: null, logins: [] })
    await main.services.auth.keychainWritesSettled()
    expect(await main.services.tokenStore.logins()).toHaveLength(0)
    const file = join(main.dataDir, 'plannr-settings.json')
    expect(existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).session : null).toBeNull()
    expect((await rejection(h['groups.list']({ sort: 'name', page: 1, perPage: 5 }))).data.kind).toBe('not-signed-in')
  })
})
