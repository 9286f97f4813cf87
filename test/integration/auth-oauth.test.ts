import { afterEach, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import type { OpenExternal } from '../../src/main/auth/oauth'
import type { AuthStatus } from '../../src/shared/ipc/contract'
import {
  MemoryTokenStore,
  openTokenStore,
  type KeytarLike,
  type StoredCredential,
  type TokenStore,
} from '../../src/main/auth/token-store'
import { browser, countingFetch, sandboxOAuth, testMain, type TestMain, scoped, rejection } from './api-support'

// OAuth2 authorization code + PKCE end to end: the app's loopback listener, the sandbox's
// authorize page (driven by fetch, as a user would click "Authorize"), the token endpoint.
let sandbox: Sandbox | undefined
let main: TestMain | undefined

afterEach(async () => {
  await main?.services.dispose()
  await sandbox?.stop()
  main = undefined
  sandbox = undefined
})

async function oauthMain(
  sb: Sandbox,
  options: {
    refreshMarginMs?: number
    open?: OpenExternal
    fetch?: typeof fetch
    tokenStore?: TokenStore
    dataDir?: string
  } = {},
): Promise<TestMain> {
  return testMain({
    sandbox: sb,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    openExternal: options.open ?? browser(sb),
    fetch: options.fetch,
    tokenStore: options.tokenStore ?? new MemoryTokenStore(null),
    config: {
      refreshMarginMs: options.refreshMarginMs ?? 60_000,
      oauth: sandboxOAuth(sb),
    },
  })
}

/**
 * Signs in with OAuth, then restarts the same installation (data folder and keychain) believing
 * the access token lives an hour while Plannr lets it die after a second: a lifetime
 * disagreement, or a token revoked early. The restarted app is also `main` (closed after the test).
 */
async function restartBelievingTokenLives(sb: Sandbox, tokenStore: MemoryTokenStore, fetch?: typeof globalThis.fetch) {
  const first = await oauthMain(sb, { tokenStore })
  await first.services.handlers['auth.beginOAuth']()
  const [entry] = await tokenStore.logins()
  if (!entry) throw new Error('nothing stored by the sign-in')
  const credential = await tokenStore.load(entry)
  if (!credential) throw new Error('the stored sign-in cannot be read')
  await tokenStore.save(entry, { ...credential, expiresAt: Date.now() + 3_600_000 })
  await first.services.dispose()
  const restarted = await oauthMain(sb, { tokenStore, refreshMarginMs: 0, fetch, dataDir: first.dataDir })
  main = restarted
  await restarted.services.restore()
  return { restarted, entry, credential }
}

/**
 * A sandbox whose access tokens die after a second, and main restarted believing its token
 * lives an hour, once that second has passed: its next call meets a refused token.
 */
async function restartedWithDeadToken() {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100, oauthAccessTokenTtlSeconds: 1 })
  const sb = sandbox
  const { restarted } = await restartBelievingTokenLives(sb, new MemoryTokenStore(null))
  await new Promise((resolve) => setTimeout(resolve, 1_500))
  return { sandbox: sb, restarted }
}

/** Another client redeems `refreshToken` at the sandbox's token endpoint (rotation revokes it). */
function redeemElsewhere(sb: Sandbox, refreshToken: string): Promise<Response> {
  return fetch(`${sb.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: sb.oauthClient.clientId,
    }),
  })
}

async function storedCredential(m: TestMain) {
  const [entry] = await m.services.tokenStore.logins()
  return entry ? m.services.tokenStore.load(entry) : null
}

/** A promise the test settles when it chooses. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {}
  const wait = new Promise<void>((resolve) => (open = resolve))
  return { wait, open }
}

/** The session's token store, whose writes a test can hold as a slow system keyring would. */
class HeldSaves extends MemoryTokenStore {
  hold: Promise<void> | null = null
  waiting = 0
  override async save(login: string, credential: StoredCredential): Promise<void> {
    if (this.hold) {
      this.waiting++
      await this.hold
    }
    return super.save(login, credential)
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('OAuth2 + PKCE against the sandbox', () => {
  it('signs in through the browser and the loopback redirect, then reads with the token', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100 })
    main = await oauthMain(sandbox)
    const status = await main.services.handlers['auth.beginOAuth']()
    expect(status).toMatchObject({ state: 'signed-in', kind: 'oauth', account: { uuid: sandbox.demo.accountUuid } })
    const credential = await storedCredential(main)
    expect(credential).toMatchObject({ kind: 'oauth' })
    expect(credential?.refreshToken).toBeTruthy()
    expect(credential?.expiresAt).toBeGreaterThan(Date.now())
    const groups = await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(groups.items).toHaveLength(5)
    // Settings name the session; they never hold a token.
    const settings = readFileSync(join(main.dataDir, 'plannr-settings.json'), 'utf8')
    expect(settings).toContain('"kind": "oauth"')
    expect(settings).not.toContain(credential!.accessToken)
    expect(settings).not.toContain(credential!.refreshToken!)
  })

  it('refuses a redirect whose state does not match', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100 })
    main = await oauthMain(sandbox, {
      open: browser(sandbox, { tamper: (url) => url.searchParams.set('state', 'forged-state') }),
    })
    const error = await rejection(main.services.handlers['auth.beginOAuth']())
    expect(error.data.kind).toBe('oauth')
    expect(error.message).toMatch(/state mismatch/)
    expect(main.services.auth.status().state).toBe('signed-out')
  })

  it('reports a denied consent as an oauth error', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100 })
    main = await oauthMain(sandbox, { open: browser(sandbox, { click: 'deny-link' }) })
    const error = await rejection(main.services.handlers['auth.beginOAuth']())
    expect(error.data).toMatchObject({ kind: 'oauth', message: expect.stringMatching(/not granted/) })
  })

  it('stops waiting for the browser when the user cancels', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100 })
    let opened: () => void = () => {}
    const browserOpened = new Promise<void>((resolve) => (opened = resolve))
    // The browser page never comes back (closed, or it failed before redirecting).
    main = await oauthMain(sandbox, { open: async () => opened() })
    const attempt = rejection(main.services.handlers['auth.beginOAuth']())
    await browserOpened
    const status = await main.services.handlers['auth.cancelOAuth']()
    expect(status.state).toBe('signed-out')
    const error = await attempt
    expect(error.data).toMatchObject({ kind: 'oauth', message: expect.stringMatching(/cancelled/) })
  })

  it('says in the status whether "Sign in with Plannr" can work', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100 })
    main = await oauthMain(sandbox)
    expect((await main.services.handlers['auth.status']()).oauthAvailable).toBe(true)
    await main.services.dispose()
    main = await testMain({ sandbox })
    expect((await main.services.handlers['auth.status']()).oauthAvailable).toBe(false)
  })

  it('says plainly when OAuth is not configured', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100 })
    main = await testMain({ sandbox })
    const error = await rejection(main.services.handlers['auth.beginOAuth']())
    expect(error.data).toMatchObject({ kind: 'oauth', message: expect.stringMatching(/PLANNR_OAUTH_CLIENT_ID/) })
  })

  it('refreshes the access token before it expires, without a 401', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100, oauthAccessTokenTtlSeconds: 3 })
    const groupCalls: string[] = []
    const counter = countingFetch()
    const spy: typeof fetch = (input, init) => {
      if (String(input).includes('/api/v1/group')) groupCalls.push(String(input))
      return counter.fetch(input, init)
    }
    main = await oauthMain(sandbox, { refreshMarginMs: 2_000, fetch: spy })
    await main.services.handlers['auth.beginOAuth']()
    const first = await storedCredential(main)
    await new Promise((resolve) => setTimeout(resolve, 1_200))
    await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    const second = await storedCredential(main)
    expect(second?.accessToken).not.toBe(first?.accessToken)
    expect(second?.refreshToken).not.toBe(first?.refreshToken)
    expect(groupCalls).toHaveLength(1)
    expect(main.logs).toContain('OAuth access token refreshed')
  })

  it('refreshes once on a 401 and retries the request', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100, oauthAccessTokenTtlSeconds: 1 })
    const groupStatuses: number[] = []
    const spy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      if (String(input).includes('/api/v1/group')) groupStatuses.push(response.status)
      return response
    }
    const tokenStore = new MemoryTokenStore(null)
    const { restarted, entry, credential } = await restartBelievingTokenLives(sandbox, tokenStore, spy)
    expect(restarted.services.auth.status().state).toBe('signed-in')
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const groups = await scoped(restarted)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(groups.items).toHaveLength(5)
    expect(groupStatuses).toEqual([401, 200])
    expect(restarted.services.auth.status().state).toBe('signed-in')
    expect((await tokenStore.load(entry))?.accessToken).not.toBe(credential.accessToken)
  })

  it('a refused token while the sign-in server is down is a wait, not a lost sign-in, and clears by itself', async () => {
    const { sandbox, restarted } = await restartedWithDeadToken()
    const eventsBefore = restarted.events.filter((e) => e.event === 'auth').length

    // Plannr refuses the token, and its sign-in server cannot renew it just now.
    sandbox.faults.set('POST /oauth/token', { errorRate: 1 })
    const error = await rejection(scoped(restarted)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    // Not "signed out": the sync and the outbox wait and try again rather than pausing for a
    // sign-in the user is never asked for (no auth event, the status still signed in).
    expect(error.data.kind).not.toBe('unauthenticated')
    expect(error.data.kind).not.toBe('oauth')
    expect(restarted.services.auth.status().state).toBe('signed-in')
    expect(restarted.events.filter((e) => e.event === 'auth')).toHaveLength(eventsBefore)

    sandbox.faults.clear()
    const groups = await scoped(restarted)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(groups.items).toHaveLength(5)
  })

  it('a 429 from the token endpoint is a wait, not a lost sign-in: the read waits it out and succeeds', async () => {
    const { sandbox, restarted } = await restartedWithDeadToken()
    const eventsBefore = restarted.events.filter((e) => e.event === 'auth').length
    // Plannr refuses the dead token; its sign-in server asks to slow down for a second first.
    sandbox.faults.set('POST /oauth/token', { rateLimitBurst: 1 })
    const groups = await scoped(restarted)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(groups.items).toHaveLength(5)
    expect(restarted.services.auth.status().state).toBe('signed-in')
    expect(restarted.events.filter((e) => e.event === 'auth')).toHaveLength(eventsBefore)
  })

  it('a long 429 from the token endpoint fails the call as rate-limited and keeps the sign-in', async () => {
    const { sandbox, restarted } = await restartedWithDeadToken()
    sandbox.faults.set('POST /oauth/token', { rateLimitBurst: 1, retryAfterSeconds: 3600 })
    const error = await rejection(scoped(restarted)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data).toMatchObject({ kind: 'rate-limited', retryAfterMs: expect.any(Number) })
    expect(error.data.retryAfterMs).toBeGreaterThan(3_000_000)
    expect(restarted.services.auth.status()).toMatchObject({ state: 'signed-in', message: null })
    // The token endpoint's pause is its own: Plannr's API is not held, and once the sign-in
    // server answers again the next call renews the token and reads.
    sandbox.faults.clear()
    const groups = await scoped(restarted)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(groups.items).toHaveLength(5)
    expect(restarted.services.auth.status().state).toBe('signed-in')
  })

  it('a 429 on a refresh made before expiry keeps the current token in use and the sign-in', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100, oauthAccessTokenTtlSeconds: 3600 })
    // Every call renews the token first, so each call asks the token endpoint.
    main = await oauthMain(sandbox, { refreshMarginMs: 7_200_000 })
    await main.services.handlers['auth.beginOAuth']()
    sandbox.faults.set('POST /oauth/token', { rateLimitBurst: 1, retryAfterSeconds: 30 })
    const first = await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(first.items).toHaveLength(5)
    expect(main.services.auth.status().state).toBe('signed-in')
    const second = await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(second.items).toHaveLength(5)
    expect(main.services.auth.status().state).toBe('signed-in')
    expect(
      main.events.filter((e) => e.event === 'auth').map((e) => (e.payload as { state: string }).state),
    ).not.toContain('reauth-required')
  })

  it('a refresh refused before expiry sends nothing with the dead token', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100, oauthAccessTokenTtlSeconds: 3600 })
    const groupCalls: string[] = []
    const spy: typeof fetch = (input, init) => {
      if (String(input).includes('/api/v1/group')) groupCalls.push(String(input))
      return fetch(input, init)
    }
    main = await oauthMain(sandbox, { refreshMarginMs: 7_200_000, fetch: spy })
    await main.services.handlers['auth.beginOAuth']()
    const credential = await storedCredential(main)
    // Someone else redeems the refresh token: rotation revokes it and its access token.
    await redeemElsewhere(sandbox, credential!.refreshToken!)
    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data.kind).toBe('unauthenticated')
    expect(main.services.auth.status().state).toBe('reauth-required')
    expect(groupCalls).toEqual([])
  })

  it('a refresh that succeeds after the sign-in was refused puts the session back to signed in', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100, oauthAccessTokenTtlSeconds: 1 })
    const tokenUrl = `${sandbox.url}/oauth/token`
    let refuseNextRefresh = false
    let hold: ReturnType<typeof gate> | null = null
    let held = false
    const spy: typeof fetch = async (input, init) => {
      if (String(input) === tokenUrl && refuseNextRefresh) {
        // The sign-in server refuses once (a replica behind on its copy of the grants, say).
        refuseNextRefresh = false
        return new Response(
          JSON.stringify({ error: 'invalid_grant', error_description: 'The refresh token is invalid.' }),
          {
            status: 400,
            headers: { 'Content-Type': 'application/json' },
          },
        )
      }
      if (hold && String(input).includes('/api/v1/group') && String(input).includes('page=2')) {
        held = true
        await hold.wait
      }
      return fetch(input, init)
    }
    const { restarted } = await restartBelievingTokenLives(sandbox, new MemoryTokenStore(null), spy)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    // A read leaves with the dead token and is slow to come back; meanwhile another read's
    // refresh is refused.
    hold = gate()
    const slow = scoped(restarted)['groups.list']({ sort: 'name', page: 2, perPage: 5 })
    await until(() => held, 5_000)
    refuseNextRefresh = true
    const refused = await rejection(scoped(restarted)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(refused.data.kind).toBe('unauthenticated')
    expect(restarted.services.auth.status().state).toBe('reauth-required')
    // The slow read's 401 renews the token after all: the session is usable again, and says so.
    hold.open()
    const page = await slow
    expect(page.items).toHaveLength(5)
    expect(restarted.services.auth.status()).toMatchObject({ state: 'signed-in', message: null })
    expect(restarted.events.filter((e) => e.event === 'auth').at(-1)?.payload).toMatchObject({ state: 'signed-in' })
    const groups = await scoped(restarted)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(groups.items).toHaveLength(5)
  })

  it('a refused refresh asks for sign-in again and tells the renderer', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100, oauthAccessTokenTtlSeconds: 3600 })
    main = await oauthMain(sandbox)
    await main.services.handlers['auth.beginOAuth']()
    const credential = await storedCredential(main)
    // Someone else redeems the refresh token (rotation revokes it and its access token).
    const rotated = await redeemElsewhere(sandbox, credential!.refreshToken!)
    expect(rotated.status).toBe(200)
    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data.kind).toBe('unauthenticated')
    expect(main.services.auth.status()).toMatchObject({ state: 'reauth-required', kind: 'oauth' })
    expect(main.events.filter((e) => e.event === 'auth').at(-1)?.payload).toMatchObject({ state: 'reauth-required' })
    // Further calls do not hammer the server with a dead token.
    expect((await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))).data.kind).toBe(
      'unauthenticated',
    )
  })

  it('does not follow a redirect from the token endpoint: the refresh token stays with Plannr', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 100, oauthAccessTokenTtlSeconds: 3 })
    // Somewhere else, that a redirect from the token endpoint points at: it records what it gets
    // and hands out a token of its own.
    const received: string[] = []
    const elsewhere: Server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        if (request.url === '/moved') {
          response.writeHead(307, { Location: `http://localhost:${port()}/collect` }).end()
          return
        }
        received.push(body)
        response.writeHead(200, { 'Content-Type': 'application/json' })
        response.end(JSON.stringify({ token_type: 'Bearer', access_token: 'not-from-plannr', expires_in: 3600 }))
      })
    })
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve))
    const port = (): number => {
      const address = elsewhere.address()
      return typeof address === 'object' && address ? address.port : 0
    }
    try {
      // The token endpoint answers the refresh with a 307 to that other address.
      const tokenUrl = `${sandbox.url}/oauth/token`
      const redirecting: typeof fetch = (input, init) =>
        String(input) === tokenUrl && String(init?.body).includes('grant_type=refresh_token')
          ? fetch(`http://127.0.0.1:${port()}/moved`, init)
          : fetch(input, init)
      main = await oauthMain(sandbox, { refreshMarginMs: 2_000, fetch: redirecting })
      await main.services.handlers['auth.beginOAuth']()
      const signedIn = await storedCredential(main)
      await new Promise((resolve) => setTimeout(resolve, 1_200))
      // The refresh fails; the token it would have replaced still works for this call.
      await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
      expect(received).toEqual([])
      expect((await storedCredential(main))?.accessToken).toBe(signedIn?.accessToken)
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve))
    }
  })

  it('a refresh that lands while another account is being saved leaves one keychain entry, with the newest tokens', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 60, oauthUser: 'multi-login' })
    const tokenUrl = `${sandbox.url}/oauth/token`
    let tokenAnswer: ReturnType<typeof gate> | null = null
    const tokenAsked = gate()
    // Plannr answers the refresh (and rotates the tokens) at once; the answer reaches the app late.
    const slowTokenAnswers: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      if (tokenAnswer && String(input) === tokenUrl) {
        tokenAsked.open()
        await tokenAnswer.wait
      }
      return response
    }
    const tokenStore = new HeldSaves(null)
    // Every call renews the token first, so the refresh comes exactly when the test makes a call.
    const options = { tokenStore, fetch: slowTokenAnswers, refreshMarginMs: 7_200_000 }
    main = await oauthMain(sandbox, options)
    const status = await main.services.handlers['auth.beginOAuth']()
    const inFirm = (firm: number) =>
      status.logins.find((login) => sandbox!.store.account(login.account.uuid)?.firm === firm)?.account.uuid
    const [a, b] = [inFirm(0), inFirm(1)]
    if (!a || !b) throw new Error('the OAuth user should have a login in each firm')
    await main.services.handlers['auth.chooseAccount']({ accountUuid: a })

    // A call for firm A renews the token; while its answer is on the way, the user picks firm B
    // and the keyring is slow to save that choice.
    tokenAnswer = gate()
    const readInA = scoped(main)['groups.list']
    const callForA = readInA({ sort: 'name', page: 1, perPage: 5 }).catch(() => null)
    await tokenAsked.wait
    const keyring = gate()
    tokenStore.hold = keyring.wait
    const choosing = main.services.handlers['auth.chooseAccount']({ accountUuid: b })
    await until(() => tokenStore.waiting === 1, 5_000)
    tokenAnswer.open()
    // The renewed tokens reach the session; give them the time to reach the keyring too.
    await until(() => tokenStore.waiting === 2, 300)
    keyring.open()
    await choosing
    await callForA
    await until(() => main!.logs.includes('OAuth access token refreshed'), 5_000)
    expect(main.logs).toContain('OAuth access token refreshed')

    // One entry, firm B's: nothing left behind that signing out would not remove.
    const entries = await tokenStore.logins()
    expect(entries).toHaveLength(1)
    expect(entries[0]).toContain(b)

    // It holds the tokens Plannr issued last: the next start is signed in to firm B and reads.
    const { dataDir } = main
    await main.services.dispose()
    main = await oauthMain(sandbox, { ...options, dataDir })
    await main.services.restore()
    expect(main.services.auth.status()).toMatchObject({ state: 'signed-in', account: { uuid: b } })
    const groups = await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(groups.items.length).toBeGreaterThan(0)
    expect(main.services.auth.status().state).toBe('signed-in')
  })

  it('signing in again after a refused grant returns to the account in use, even when another is preferred', async () => {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 60, oauthUser: 'multi-login' })
    const sb = sandbox
    main = await oauthMain(sb)
    const signedIn = await main.services.handlers['auth.beginOAuth']()
    const inFirm = (firm: number) =>
      signedIn.logins.find((login) => sb.store.account(login.account.uuid)?.firm === firm)?.account.uuid
    const [preferred, inUse] = [inFirm(0), inFirm(1)]
    if (!preferred || !inUse) throw new Error('the OAuth user should have a login in each firm')
    // The user asks integrations to use firm A, but works in firm B in this app.
    const user = sb.store.user(sb.store.multiLoginUserId)
    if (!user) throw new Error('no multi-login user in the sandbox')
    user.preferredAccountUuid = preferred
    await main.services.handlers['auth.chooseAccount']({ accountUuid: inUse })

    // Plannr stops accepting the sign-in (the grant is revoked elsewhere): the app asks for a new one.
    await redeemElsewhere(sb, (await storedCredential(main))!.refreshToken!)
    const refused = await rejection(scoped(main, inUse)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(refused.data.kind).toBe('unauthenticated')
    expect(main.services.auth.status()).toMatchObject({ state: 'reauth-required', account: { uuid: inUse } })

    // Signed in again, the app is back in firm B, where its queued edits wait, not in the preferred firm A.
    const again = await main.services.handlers['auth.beginOAuth']()
    expect(again).toMatchObject({ state: 'signed-in', account: { uuid: inUse } })
    expect(
      (await scoped(main, inUse)['groups.list']({ sort: 'name', page: 1, perPage: 5 })).items.length,
    ).toBeGreaterThan(0)
  })
})

/**
 * The real keyring through keytar, except that while the test holds them its writes wait, as
 * behind an unlock prompt nobody has answered yet, and once it refuses them they fail, as in a
 * locked collection. Reads and deletions go straight through.
 */
async function keyringWithHeldWrites(): Promise<{
  keytar: KeytarLike
  hold: () => void
  release: () => void
  refuse: () => void
  waiting: () => number
}> {
  const real = (await import('keytar')).default as unknown as KeytarLike
  let held: ReturnType<typeof gate> | null = null
  let refusing = false
  let waiting = 0
  return {
    keytar: {
      getPassword: (service, account) => real.getPassword(service, account),
      setPassword: async (service, account, password) => {
        if (refusing) throw new Error('Cannot create an item in a locked collection')
        if (held) {
          waiting++
          await held.wait
          waiting--
        }
        return real.setPassword(service, account, password)
      },
      deletePassword: (service, account) => real.deletePassword(service, account),
      findCredentials: (service) => real.findCredentials(service),
    },
    hold: () => (held = gate()),
    refuse: () => (refusing = true),
    release: () => {
      held?.open()
      held = null
    },
    waiting: () => waiting,
  }
}

describe('renewed tokens and a keychain that is slow to write', () => {
  // Nothing stays held once a test is over: closing the app waits for its queued keychain writes.
  let releaseKeyring = (): void => {}
  afterEach(() => releaseKeyring())

  /**
   * Signed in with OAuth on the real keyring (through the held-writes stand-in), once the access
   * token has expired: the next call renews it first. Returns the keychain entry and what it holds.
   */
  async function expiredSignIn() {
    sandbox = await startSandbox({ port: 0, seed: 1, accounts: 60, oauthAccessTokenTtlSeconds: 1 })
    const service = `Plannr Desktop test ${randomUUID()}`
    const keyring = await keyringWithHeldWrites()
    releaseKeyring = keyring.release
    const tokenStore = await openTokenStore(async () => keyring.keytar, service)
    main = await oauthMain(sandbox, { tokenStore, refreshMarginMs: 0 })
    await main.services.handlers['auth.beginOAuth']()
    const [entry] = await tokenStore.logins()
    const saved = entry ? await tokenStore.load(entry) : null
    if (!entry || !saved) throw new Error('the sign-in was not saved to the keyring')
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    return { service, keyring, tokenStore, entry, saved, sb: sandbox }
  }

  it('a call whose token was just renewed goes out while the keychain write waits; the write lands later', async () => {
    const { service, keyring, tokenStore, entry, saved, sb } = await expiredSignIn()
    keyring.hold()
    const groups = await scoped(main!)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(groups.items).toHaveLength(5)
    // The renewed tokens are still on their way to the keyring: it holds the ones from the sign-in.
    expect(keyring.waiting()).toBe(1)
    const held = await (await import('keytar')).default.getPassword(service, entry)
    expect(held && JSON.parse(held)).toMatchObject({ accessToken: saved.accessToken })
    expect(main!.services.auth.status()).toMatchObject({ state: 'signed-in', keyringPersistent: true })

    // Once the keyring answers, the renewed tokens are what it keeps (closing waits for the write).
    keyring.release()
    const { dataDir } = main!
    await main!.services.dispose()
    const renewed = await tokenStore.load(entry)
    expect(renewed?.refreshToken).toBeTruthy()
    expect(renewed?.refreshToken).not.toBe(saved.refreshToken)
    // The next start signs in with them (the sign-in's refresh token was rotated away).
    main = await oauthMain(sb, { tokenStore, dataDir })
    await main.services.restore()
    expect((await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })).items).toHaveLength(5)
    expect(main.services.auth.status().state).toBe('signed-in')
    await main.services.handlers['auth.signOut']()
  }, 60_000)

  it('a keyring that refuses the renewed tokens is said in an auth event; the call still goes out', async () => {
    const { keyring } = await expiredSignIn()
    keyring.refuse()
    const before = main!.events.length
    const groups = await scoped(main!)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(groups.items).toHaveLength(5)
    const said = (): AuthStatus | undefined =>
      main!.events
        .slice(before)
        .map((entry) => (entry.event === 'auth' ? (entry.payload as AuthStatus) : null))
        .find((status) => status !== null && /did not save your sign-in/.test(status.keyringMessage ?? '')) ?? undefined
    await until(() => said() !== undefined, 5_000)
    expect(said()).toMatchObject({ state: 'signed-in', keyringPersistent: false })
  }, 60_000)

  it('signing out while a renewed token waits to be written leaves no keychain entry', async () => {
    const { service, keyring, entry } = await expiredSignIn()
    keyring.hold()
    await scoped(main!)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(keyring.waiting()).toBe(1)
    // The write asked before the sign-out lands first; the removal asked after it still wins.
    const signingOut = main!.services.handlers['auth.signOut']()
    keyring.release()
    expect((await signingOut).state).toBe('signed-out')
    await main!.services.auth.keychainWritesSettled()
    const real = (await import('keytar')).default as unknown as KeytarLike
    expect(await real.getPassword(service, entry)).toBeNull()
    expect(await real.findCredentials(service)).toEqual([])
  }, 60_000)
})
