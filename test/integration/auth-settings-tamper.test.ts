import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import type { OpenExternal } from '../../src/main/auth/oauth'
import { MemoryTokenStore } from '../../src/main/auth/token-store'
import { rejection, sandboxOAuth, scoped, signedIn, testMain, type TestMain } from './api-support'

// The settings file is not a secret and anything running as the user can edit it (or a synced
// or restored profile folder can bring an old one back). An edited address in it must never
// receive the token saved in the keychain for another address.
let sandbox: Sandbox
let recorder: Recorder
let main: TestMain | undefined

interface Received {
  method: string
  path: string
  authorization: string | undefined
  body: string
}

/** Stands in for a host the settings file was edited to point at: records every request it gets. */
interface Recorder {
  url: string
  received: Received[]
  stop(): Promise<void>
}

async function startRecorder(): Promise<Recorder> {
  const received: Received[] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body,
      })
      // Answers like a token endpoint would, so nothing fails before the token has left.
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify({ token_type: 'Bearer', access_token: 'from-elsewhere', expires_in: 3600 }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 60, oauthAccessTokenTtlSeconds: 3600 })
  recorder = await startRecorder()
})

afterEach(async () => {
  await main?.services.dispose()
  main = undefined
  await recorder.stop()
  await sandbox.stop()
})

/** The settings file as JSON, changed by `edit` the way someone with access to the data folder could. */
function editSettings(dataDir: string, edit: (settings: Record<string, unknown>) => void): void {
  const path = join(dataDir, 'plannr-settings.json')
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'))
  if (typeof parsed !== 'object' || parsed === null) throw new Error('the settings file is not an object')
  const settings = { ...parsed }
  edit(settings)
  writeFileSync(path, JSON.stringify(settings, null, 2))
}

function savedSession(dataDir: string): unknown {
  const parsed: unknown = JSON.parse(readFileSync(join(dataDir, 'plannr-settings.json'), 'utf8'))
  return typeof parsed === 'object' && parsed !== null && 'session' in parsed ? parsed.session : undefined
}

/** A fetch that notes the Authorization header of every request the app makes. */
function authorizationSpy(): { fetch: typeof fetch; sent: Array<{ url: string; authorization: string | null }> } {
  const sent: Array<{ url: string; authorization: string | null }> = []
  const spy: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    sent.push({ url, authorization: new Headers(init?.headers).get('authorization') })
    return fetch(input, init)
  }
  return { fetch: spy, sent }
}

/** Stands in for the system browser: loads the sandbox's authorize page and clicks "Authorize". */
function browser(sb: Sandbox): OpenExternal {
  return async (url) => {
    const page = await (await fetch(url)).text()
    const href = /id="authorize-link" href="([^"]+)"/.exec(page)?.[1]
    if (!href) throw new Error('no authorize link on the authorize page')
    const approved = await fetch(new URL(href.replace(/&amp;/g, '&'), sb.url), { redirect: 'manual' })
    await (await fetch(new URL(approved.headers.get('location') ?? ''))).text()
  }
}

describe('a settings file edited to point the saved sign-in elsewhere', () => {
  it('a saved personal access token is not sent to a Plannr address edited into the settings file', async () => {
    const tokenStore = new MemoryTokenStore(null)
    const first = await signedIn(sandbox, { tokenStore })
    const [entry] = await tokenStore.logins()
    if (!entry) throw new Error('the sign-in saved nothing')
    await first.services.dispose()

    editSettings(first.dataDir, (settings) => {
      const session = settings['session']
      if (typeof session !== 'object' || session === null) throw new Error('no saved session')
      settings['session'] = { ...session, baseUrl: recorder.url }
    })

    const spy = authorizationSpy()
    main = await testMain({ sandbox, dataDir: first.dataDir, tokenStore, fetch: spy.fetch })
    await main.services.restore()
    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))

    // Nothing of the keychain entry left the app: the edited address got no token at all, and
    // no request anywhere carried one.
    expect(recorder.received.filter((request) => request.authorization !== undefined)).toEqual([])
    expect(JSON.stringify(recorder.received)).not.toContain(sandbox.demo.token)
    expect(spy.sent.filter((request) => request.authorization !== null)).toEqual([])
    expect(error.data.kind).toBe('not-signed-in')

    const status = main.services.auth.status()
    expect(status).toMatchObject({ state: 'signed-out', kind: null, baseUrl: null, account: null })
    expect(status.message).toMatch(/did not match its Plannr address/)
    expect(status.message).toMatch(/not used/)
    expect(status.message).toMatch(/sign in again/i)
    expect(main.events.at(-1)).toMatchObject({ event: 'auth', payload: { state: 'signed-out' } })
    // The edited session is dropped; the keychain entry, which the edit does not prove wrong, stays.
    expect(savedSession(main.dataDir)).toBeNull()
    expect((await tokenStore.load(entry))?.accessToken).toBe(sandbox.demo.token)

    // Signing in again works as usual.
    const again = await main.services.handlers['auth.signInWithToken']({
      token: sandbox.demo.token,
      baseUrl: sandbox.url,
    })
    expect(again.state).toBe('signed-in')
    expect((await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })).items).toHaveLength(5)
  })

  it('a saved OAuth refresh token is not sent to a token URL edited into the settings file', async () => {
    const tokenStore = new MemoryTokenStore(null)
    const first = await testMain({
      sandbox,
      tokenStore,
      openExternal: browser(sandbox),
      config: { oauth: sandboxOAuth(sandbox) },
    })
    expect((await first.services.handlers['auth.beginOAuth']()).state).toBe('signed-in')
    const [entry] = await tokenStore.logins()
    const credential = entry ? await tokenStore.load(entry) : null
    if (!entry || !credential?.refreshToken) throw new Error('the OAuth sign-in saved no refresh token')
    await first.services.dispose()

    // The OAuth settings keys (read when no environment variable is set) now name another token URL.
    editSettings(first.dataDir, (settings) => {
      settings['oauth'] = { clientId: sandbox.oauthClient.clientId, tokenUrl: `${recorder.url}/oauth/token` }
    })

    // A margin longer than the token lives: the first call refreshes first.
    main = await testMain({ sandbox, dataDir: first.dataDir, tokenStore, config: { refreshMarginMs: 7_200_000 } })
    expect(main.services.config.oauth?.tokenUrl).toBe(`${recorder.url}/oauth/token`)
    await main.services.restore()
    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))

    expect(recorder.received).toEqual([])
    expect(error.data.kind).toBe('not-signed-in')
    const status = main.services.auth.status()
    expect(status).toMatchObject({ state: 'signed-out', kind: null })
    expect(status.message).toMatch(/did not match/)
    expect(status.message).toMatch(/sign in again/i)
    expect(savedSession(main.dataDir)).toBeNull()
    expect(await tokenStore.load(entry)).toEqual(credential)
  })

  it('an OAuth sign-in saved without its token URL is refreshed only on its own Plannr address', async () => {
    const tokenStore = new MemoryTokenStore(null)
    const oauth = sandboxOAuth(sandbox)
    const first = await testMain({ sandbox, tokenStore, openExternal: browser(sandbox), config: { oauth } })
    await first.services.handlers['auth.beginOAuth']()
    const [entry] = await tokenStore.logins()
    const credential = entry ? await tokenStore.load(entry) : null
    if (!entry || !credential) throw new Error('the OAuth sign-in saved nothing')
    await first.services.dispose()
    // As an entry saved before the token URL was kept with the tokens.
    const { tokenUrl: _dropped, ...older } = credential
    await tokenStore.save(entry, older)

    // On the address it was issued for, it restores and refreshes as before.
    const same = await testMain({
      sandbox,
      dataDir: first.dataDir,
      tokenStore,
      config: { oauth, refreshMarginMs: 7_200_000 },
    })
    await same.services.restore()
    expect((await scoped(same)['groups.list']({ sort: 'name', page: 1, perPage: 5 })).items).toHaveLength(5)
    expect(same.logs).toContain('OAuth access token refreshed')
    const refreshed = await tokenStore.load(entry)
    if (!refreshed) throw new Error('the refresh left no keychain entry')
    expect(refreshed.refreshToken).not.toBe(credential.refreshToken)
    await same.services.dispose()

    // Saved again as older versions did; then the token URL is pointed at another host.
    const { tokenUrl: _droppedAgain, ...olderAgain } = refreshed
    await tokenStore.save(entry, olderAgain)
    main = await testMain({
      sandbox,
      dataDir: first.dataDir,
      tokenStore,
      config: { oauth: { ...oauth, tokenUrl: `${recorder.url}/oauth/token` }, refreshMarginMs: 7_200_000 },
    })
    await main.services.restore()
    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(recorder.received).toEqual([])
    expect(error.data.kind).toBe('not-signed-in')
    expect(main.services.auth.status()).toMatchObject({ state: 'signed-out' })
    expect(main.services.auth.status().message).toMatch(/did not match/)
  })
})
