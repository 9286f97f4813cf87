import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { ulid } from 'ulid'
import { ACCOUNT_SCOPED_NAMESPACES, channels, type Channel } from '../../src/shared/ipc/contract'
import { createDispatcher } from '../../src/main/ipc/dispatch'
import { MemoryTokenStore } from '../../src/main/auth/token-store'
import type { OpenExternal } from '../../src/main/auth/oauth'
import { sandboxOAuth, testMain, type TestMain } from './api-support'

// Calls every contract channel through the real dispatcher, against the sandbox, on success
// and failure paths, and checks no token appears in any output, error, event or log line.
let sandbox: Sandbox
let main: TestMain
const outputs: string[] = []
const called = new Set<Channel>()
const BAD_TOKEN = 'definitely-wrong-token-0123456789'

const browser =
  (sb: () => Sandbox): OpenExternal =>
  async (url) => {
    const page = await (await fetch(url)).text()
    const href = /id="authorize-link" href="([^"]+)"/.exec(page)![1]!
    const approved = await fetch(new URL(href, sb().url), { redirect: 'manual' })
    await (await fetch(approved.headers.get('location')!)).text()
  }

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 80, oauthAccessTokenTtlSeconds: 2 })
  main = await testMain({
    sandbox,
    tokenStore: new MemoryTokenStore(null),
    openExternal: browser(() => sandbox),
    config: {
      refreshMarginMs: 1_500,
      oauth: sandboxOAuth(sandbox),
    },
  })
})

afterAll(async () => {
  await main?.services.dispose()
  await sandbox?.stop()
})

async function call(channel: Channel, input?: unknown): Promise<unknown> {
  const dispatch = createDispatcher(
    main.services.handlers,
    () => true,
    (line) => main.logs.push(line),
  )
  // Account-scoped calls name the signed-in account and address, as a renderer OfflineAccount's calls do.
  const { account: signedIn, baseUrl } = main.services.auth.status()
  const account = signedIn?.uuid
  const scopedCall =
    ACCOUNT_SCOPED_NAMESPACES.some((ns) => channel.startsWith(`${ns}.`)) && account && typeof input === 'object'
  const result = await dispatch(
    channel,
    scopedCall ? { ...input, accountUuid: account, baseUrl } : input,
    'app://plannr/index.html',
  )
  called.add(channel)
  outputs.push(JSON.stringify(result))
  return result
}

describe('no token ever leaves main', () => {
  it('through any channel, event or log line', async () => {
    const oauthTokens: string[] = []
    await call('app.info')
    await call('app.serverClock')
    await call('auth.status')
    await call('connectivity.check')
    await call('connectivity.hint', { hint: 'active' })
    // Saving files: this main has no save dialog (as in the web shell), so both answer an error.
    await call('files.saveCsv', { suggestedName: 'clients.csv', content: 'First name\r\n' })
    await call('files.savePdf', { suggestedName: 'client sheet.pdf' })
    await call('groups.list', { page: 1 }) // not signed in
    await call('auth.signInWithToken', { token: BAD_TOKEN, baseUrl: sandbox.url })
    await call('auth.signInWithToken', { token: sandbox.multiLoginToken, baseUrl: sandbox.url })
    const status = (await call('auth.status')) as { value: { logins: Array<{ account: { uuid: string } }> } }
    await call('auth.chooseAccount', { accountUuid: status.value.logins[0]!.account.uuid })
    // Another Plannr user: held until the user goes on (or cancels).
    await call('auth.signInWithToken', { token: sandbox.demo.token, baseUrl: sandbox.url })
    await call('auth.cancelSignIn')
    await call('auth.signInWithToken', { token: sandbox.demo.token, baseUrl: sandbox.url })
    await call('auth.confirmSignIn')

    const groups = (await call('groups.list', { page: 1, perPage: 5 })) as { value: { items: Array<{ uuid: string }> } }
    const group = groups.value.items[0]!.uuid
    await call('groups.get', { uuid: group })
    await call('groups.participants', { groupUuid: group, query: { page: 1, perPage: 5 } })
    const clients = sandbox.store.accounts().filter((a) => a.type === 'client')
    const created = (await call('groups.create', { opId: ulid(), body: { name: 'Leak Check Group' } })) as {
      value: { uuid: string }
    }
    await call('groups.create', { opId: ulid(), body: { name: 'Leak Check Group' } }) // 422
    await call('groups.update', { opId: ulid(), uuid: created.value.uuid, body: { name: 'Leak Check Group 2' } })
    await call('groups.addParticipants', {
      opId: ulid(),
      uuid: created.value.uuid,
      body: { participants: [clients[0]!.uuid] },
    })
    await call('groups.removeParticipants', {
      opId: ulid(),
      uuid: created.value.uuid,
      body: { participants: [clients[0]!.uuid] },
    })
    await call('accounts.list', { page: 1, perPage: 5 })
    await call('accounts.withGroups', { groupUuids: [group], sort: 'created_at', page: 1, perPage: 5 })
    await call('circles.list', { page: 1, perPage: 5 })
    const circle = (await call('circles.create', {
      opId: ulid(),
      body: { name: 'Leak Circle', account_uuids: [clients[1]!.uuid], group_uuids: [group] },
    })) as { value: { uuid: string } }
    await call('circles.update', { opId: ulid(), uuid: circle.value.uuid, body: { name: 'Leak Circle 2' } })
    await call('circles.get', { uuid: circle.value.uuid })
    await call('businessUnits.list', { page: 1, perPage: 5 })
    await call('businessUnits.create', { opId: ulid(), body: { name: 'Leak Unit' } })

    // Failures carrying server answers: 5xx, 429, dropped write, timeout.
    sandbox.faults.set('POST /api/v1/group', { commitThenDropRate: 1 })
    await call('groups.create', { opId: ulid(), body: { name: 'Leak Dropped' } })
    sandbox.faults.set('GET /api/v1/circles', { errorRate: 1 })
    await call('circles.list', { page: 1 })
    sandbox.faults.clear()

    // OAuth, its refresh, then a revoked token (401 → reauth-required event).
    await call('auth.beginOAuth')
    for (const entry of await main.services.tokenStore.logins()) {
      const credential = await main.services.tokenStore.load(entry)
      if (credential) oauthTokens.push(credential.accessToken, credential.refreshToken ?? '')
    }
    await new Promise((resolve) => setTimeout(resolve, 700))
    await call('groups.list', { page: 1 }) // refreshes first
    for (const entry of await main.services.tokenStore.logins()) {
      const credential = await main.services.tokenStore.load(entry)
      if (credential) oauthTokens.push(credential.accessToken, credential.refreshToken ?? '')
    }
    await call('auth.signInWithToken', { token: sandbox.demo.token, baseUrl: sandbox.url })
    ;(sandbox.store.personalAccessTokens as Map<string, string>).delete(sandbox.demo.token)
    await call('groups.list', { page: 1 })
    await call('auth.startDemo')
    await call('auth.cancelOAuth') // nothing waiting: just the status
    await call('auth.signOut')

    expect([...called].sort()).toEqual(Object.keys(channels).sort())
    const secrets = [sandbox.demo.token, sandbox.multiLoginToken, BAD_TOKEN, ...oauthTokens].filter((s) => s.length > 0)
    expect(oauthTokens.filter(Boolean).length).toBeGreaterThanOrEqual(3)
    const everything = [...outputs, ...main.events.map((e) => JSON.stringify(e)), ...main.logs].join('\n')
    expect(everything).toContain('reauth-required')
    for (const secret of secrets) expect(everything.includes(secret), 'a token leaked').toBe(false)
  })

  it('through a 422 whose body echoes the request, in any part of the error', async () => {
    // A server (or a debugging proxy in front of it) that quotes the Authorization header back
    // in its validation answer: in the message, in a field's name and in a field's messages.
    const echo = createServer((request, response) => {
      const authorization = request.headers.authorization ?? ''
      const token = authorization.replace(/^Bearer\s+/i, '')
      response.writeHead(422, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          message: `Rejected ${token}`,
          errors: { authorization: [authorization, token], [token]: ['is not a valid field'] },
        }),
      )
    })
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    const echoing = await testMain()
    const token = 'echoed-token-abcdefghijklmnopqrstuvwxyz'
    try {
      const dispatch = createDispatcher(echoing.services.handlers, () => true)
      const result = await dispatch(
        'auth.signInWithToken',
        { token, baseUrl: `http://127.0.0.1:${(echo.address() as AddressInfo).port}` },
        'app://plannr/index.html',
      )
      // The 422 reached the renderer as a validation error with the server's field errors.
      expect(result).toMatchObject({ ok: false, error: { kind: 'validation', fieldErrors: {} } })
      expect(JSON.stringify(result)).not.toContain(token)
    } finally {
      await echoing.services.dispose()
      await new Promise<void>((resolve) => echo.close(() => resolve()))
    }
  })
})
