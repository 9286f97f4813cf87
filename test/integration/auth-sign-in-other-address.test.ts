import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { openTokenStore } from '../../src/main/auth/token-store'
import { rejection, testMain, type TestMain } from './api-support'

// A firm's staging or sandbox copy of Plannr has the same account uuids as its production one.
// Signing in at the other address with such an account is signing in to another place: the
// changes queued at the first address cannot be sent there, so the sign-in is held for the user's
// answer as another user's is, and a request made for the first address never reaches the second.
// Two sandboxes of the same seed play the two addresses: same accounts, same uuids, two ports.
const service = `Plannr Desktop test ${randomUUID()}`
let first: Sandbox
let second: Sandbox
let main: TestMain | undefined

beforeAll(async () => {
  ;[first, second] = await Promise.all([
    startSandbox({ port: 0, seed: 1, accounts: 40 }),
    startSandbox({ port: 0, seed: 1, accounts: 40 }),
  ])
})
afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()])
})
afterEach(async () => {
  await main?.services.dispose()
  main = undefined
})

/** Main on the real keyring, every request's URL recorded, signed in at the first address. */
async function signedInAtFirst(): Promise<{ main: TestMain; requested: string[] }> {
  const requested: string[] = []
  const recording: typeof fetch = (input, init) => {
    requested.push(input instanceof Request ? input.url : String(input))
    return fetch(input, init)
  }
  main = await testMain({ sandbox: first, fetch: recording, tokenStore: await openTokenStore(undefined, service) })
  const status = await main.services.handlers['auth.signInWithToken']({ token: first.demo.token, baseUrl: first.url })
  expect(status).toMatchObject({ state: 'signed-in', baseUrl: first.url })
  return { main, requested }
}

describe('signing in at another Plannr address with an account uuid the one in use has', () => {
  it('the two sandboxes share the account: the same uuid at two addresses', () => {
    expect(second.demo.accountUuid).toBe(first.demo.accountUuid)
    expect(second.url).not.toBe(first.url)
  })

  it('holds the sign-in, naming the account left at the first address; cancel keeps the first', async () => {
    const { main } = await signedInAtFirst()
    const h = main.services.handlers
    const held = await h['auth.signInWithToken']({ token: second.demo.token, baseUrl: second.url })
    // Before the fix the sign-in at the second address replaced the first at once, as the same account.
    expect(held).toMatchObject({ state: 'signed-in', baseUrl: first.url, account: { uuid: first.demo.accountUuid } })
    expect(held.pendingSignIn?.baseUrl).toBe(second.url)
    expect(held.pendingSignIn?.unreachable.map((login) => [login.account.uuid, login.baseUrl])).toEqual([
      [first.demo.accountUuid, first.url],
    ])

    const cancelled = await h['auth.cancelSignIn']()
    expect(cancelled).toMatchObject({ state: 'signed-in', baseUrl: first.url, pendingSignIn: null })
  })

  it('going on keeps the first address account with its address; its requests never reach the second', async () => {
    const { main, requested } = await signedInAtFirst()
    const h = main.services.handlers
    await h['auth.signInWithToken']({ token: second.demo.token, baseUrl: second.url })
    const went = await h['auth.confirmSignIn']()
    expect(went).toMatchObject({ state: 'signed-in', baseUrl: second.url, pendingSignIn: null })
    expect(went.keptAccounts.map((login) => [login.account.uuid, login.baseUrl])).toEqual([
      [first.demo.accountUuid, first.url],
    ])
    const settings = JSON.parse(readFileSync(join(main.dataDir, 'plannr-settings.json'), 'utf8'))
    expect(settings.session.keptAccounts[0]).toMatchObject({ baseUrl: first.url })

    // A request the first address's outbox asks after the switch: same account uuid, other place.
    const before = requested.filter((url) => url.startsWith(second.url)).length
    const refused = await rejection(
      h['groups.create']({
        accountUuid: first.demo.accountUuid,
        baseUrl: first.url,
        opId: randomUUID(),
        body: { name: 'Queued at the first address' },
      }),
    )
    expect(refused.data.kind).toBe('account-mismatch')
    expect(requested.filter((url) => url.startsWith(second.url)).length).toBe(before)
    // The same call made for the second address goes.
    const listed = await h['groups.list']({
      accountUuid: first.demo.accountUuid,
      baseUrl: second.url,
      sort: 'name',
      page: 1,
      perPage: 5,
    })
    expect(listed.items.length).toBeGreaterThan(0)
  })

  it('signing in at the first address again takes back its kept account and holds for the second', async () => {
    const { main } = await signedInAtFirst()
    const h = main.services.handlers
    await h['auth.signInWithToken']({ token: second.demo.token, baseUrl: second.url })
    await h['auth.confirmSignIn']()
    const back = await h['auth.signInWithToken']({ token: first.demo.token, baseUrl: first.url })
    expect(back.pendingSignIn?.unreachable.map((login) => [login.account.uuid, login.baseUrl])).toEqual([
      [first.demo.accountUuid, second.url],
    ])
    const went = await h['auth.confirmSignIn']()
    expect(went).toMatchObject({ state: 'signed-in', baseUrl: first.url })
    expect(went.keptAccounts.map((login) => [login.account.uuid, login.baseUrl])).toEqual([
      [first.demo.accountUuid, second.url],
    ])
  })
})
