import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { chromiumFetch, type ChromiumRequestOptions } from '../../src/main/api/chromium-fetch'
import { probeApi } from '../../src/main/api/probe'
import { readLimited, ResponseTooLarge } from '../../src/main/api/read-limited'
import { refreshTokens } from '../../src/main/auth/oauth'
import { nodeClientRequest, type NodeClientRequest } from '../support/node-client-request'
import { MemoryTokenStore } from '../../src/main/auth/token-store'
import { browser, rejection, sandboxOAuth, scoped, signedIn, testMain, type TestMain } from './api-support'

// The desktop app's fetch (main's requests made by Chromium, api/chromium-fetch.ts) must give the
// client what Node's fetch gives it. Electron's net.request is played by node:http here (no Electron
// binary on these machines: test/support/node-client-request.ts); every case runs with both fetches.

let sandbox: Sandbox
let main: TestMain | undefined
const servers: Server[] = []
/** The requests the Chromium fetch opened, in order. */
let opened: NodeClientRequest[] = []

/** What the Chromium fetch did, in order: each request it opened (and on which session) and each closing of the write session's connections. */
let steps: string[] = []
/** Told of every request the Chromium fetch opens, once it is opened. */
let onOpen: ((request: NodeClientRequest) => void) | null = null

/** The requests opened on the write session: closing its connections fails those still in flight. */
const writeSession: NodeClientRequest[] = []

const openOn =
  (session: 'read' | 'write') =>
  (options: ChromiumRequestOptions): NodeClientRequest => {
    const request = nodeClientRequest(options)
    opened.push(request)
    if (session === 'write') writeSession.push(request)
    steps.push(`${session} ${options.method}`)
    onOpen?.(request)
    return request
  }

const viaChromium = chromiumFetch({
  read: openOn('read'),
  write: openOn('write'),
  // As Electron's Session.closeAllConnections: every request of the session still in flight fails.
  closeWriteConnections: async () => {
    steps.push('close write connections')
    for (const request of writeSession.splice(0)) request.closeConnection()
  },
})

beforeEach(async () => {
  opened = []
  steps = []
  onOpen = null
  writeSession.length = 0
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 120 })
})

afterEach(async () => {
  await main?.services.dispose()
  main = undefined
  // A test may have stopped it already.
  await sandbox.stop().catch(() => undefined)
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

const GROUPS = 'GET /api/v1/group'

/** A server on 127.0.0.1 answering every request with `handler`. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe.each([
  { stack: "Node's fetch", doFetch: fetch },
  { stack: 'the Chromium fetch', doFetch: viaChromium },
])('through $stack', ({ doFetch }) => {
  it('reads and writes, a DELETE carrying its JSON body included', async () => {
    main = await signedIn(sandbox, { fetch: doFetch })
    const h = scoped(main)
    expect((await h['groups.list']({ sort: 'name', page: 1, perPage: 5 })).items).toHaveLength(5)
    const members = sandbox.store
      .accounts()
      .filter((account) => account.type === 'client')
      .slice(0, 2)
      .map((account) => account.uuid)
    const created = await h['groups.create']({
      opId: 'op-1',
      body: { name: 'Through Chromium', participants: members },
    })
    await h['groups.removeParticipants']({ opId: 'op-2', uuid: created.uuid, body: { participants: [members[0]!] } })
    expect(sandbox.store.groupMembers(created.uuid).map((account) => account.uuid)).toEqual([members[1]])
  })

  it('takes a redirect as the answer and follows it nowhere: sign-in, the probe and a token request', async () => {
    const elsewhere: string[] = []
    const target = await serve((request, response) => {
      elsewhere.push(request.url ?? '')
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}')
    })
    const moved = await serve((_request, response) => response.writeHead(301, { Location: `${target}/moved` }).end())

    expect(await probeApi(moved, 5_000, doFetch)).toEqual({ status: 301, fromApi: false })

    main = await testMain({ fetch: doFetch, config: { apiBaseUrl: moved } })
    const signIn = await rejection(main.services.handlers['auth.signInWithToken']({ token: 'a-token', baseUrl: moved }))
    expect(signIn.data).toMatchObject({ kind: 'server', message: expect.stringMatching(/redirect \(301\)/) })
    // Something answered: the network is there, Plannr is not what answers.
    expect(main.services.connectivity.current().online).toBe(true)

    const config = {
      tokenUrl: `${moved}/oauth/token`,
      authorizeUrl: moved,
      clientId: 'c',
      scope: '*',
      timeoutMs: 1_000,
    }
    const refresh = await rejection(refreshTokens(config, 'a-refresh-token', { fetch: doFetch }))
    expect(refresh.data).toMatchObject({ kind: 'oauth', message: expect.stringMatching(/redirect \(301\)/) })
    expect(elsewhere).toEqual([])
  })

  it('times out an answer whose body trickles in slower than the timeout', async () => {
    main = await signedIn(sandbox, {
      fetch: doFetch,
      config: { requestTimeoutMs: 300, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } },
    })
    sandbox.faults.set(GROUPS, { slowBodyMs: 3_000 })
    const read = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 50 }))
    expect(read.data.kind).toBe('timeout')

    sandbox.faults.set('GET /api/v1/logins', { slowBodyMs: 3_000 })
    expect(await probeApi(sandbox.url, 300, doFetch)).toBeNull()
  })

  it('reports a write to a server that is gone as never sent (network), not as a write that may have landed', async () => {
    main = await signedIn(sandbox, { fetch: doFetch })
    await sandbox.stop()
    const write = await rejection(scoped(main)['groups.create']({ opId: 'op-gone', body: { name: 'Nowhere' } }))
    expect(write.data.kind).toBe('network')
  })
})

describe('the Chromium fetch', () => {
  it('sends every request without cookies and past any cache, and never follows a redirect itself', async () => {
    main = await signedIn(sandbox, { fetch: viaChromium })
    await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(opened.length).toBeGreaterThan(0)
    for (const request of opened) {
      expect(request.options).toMatchObject({ credentials: 'omit', cache: 'no-store', redirect: 'manual' })
    }
  })

  it('sends each write on a connection of its own, which Chromium cannot resend it on; reads share theirs', async () => {
    // Chromium resends a request by itself when a connection it reused fails before any answer,
    // whatever the method: a create Plannr had already committed would be made twice.
    main = await signedIn(sandbox, { fetch: viaChromium })
    const h = scoped(main)
    steps = []
    await h['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    const created = await h['groups.create']({ opId: 'op-own-1', body: { name: 'On its own connection' } })
    await h['groups.update']({ opId: 'op-own-2', uuid: created.uuid, body: { name: 'Renamed on its own' } })
    await h['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(steps).toEqual([
      'read GET',
      'close write connections',
      'write POST',
      'close write connections',
      'write PUT',
      'read GET',
    ])
  })

  it('goes to http and https only: never to the app:// handler or a file', async () => {
    for (const url of ['app://plannr/index.html', 'file:///etc/hosts']) {
      await expect(viaChromium(url)).rejects.toThrow(TypeError)
    }
    expect(opened).toEqual([])
  })

  it('stops the download when the reader gives up on a body too large', async () => {
    // The first kilobyte of an answer that never ends.
    const endless = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.write('x'.repeat(1024))
    })
    const response = await viaChromium(endless)
    await expect(readLimited(response, 10)).rejects.toBeInstanceOf(ResponseTooLarge)
    expect(opened).toHaveLength(1)
    expect(opened[0]?.aborted).toBe(true)
  })
})

/** Opens once, for the test to wait on. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {}
  const wait = new Promise<void>((resolve) => (open = resolve))
  return { wait, open }
}

const pathOf = (request: NodeClientRequest): string => new URL(request.options.url).pathname

/** Main signed in with OAuth at the sandbox, every request going through the Chromium fetch. */
async function oauthMain(
  sb: Sandbox,
  options: { refreshMarginMs: number; tokenStore?: MemoryTokenStore; dataDir?: string },
): Promise<TestMain> {
  return testMain({
    sandbox: sb,
    fetch: viaChromium,
    openExternal: browser(sb),
    tokenStore: options.tokenStore ?? new MemoryTokenStore(null),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    config: { refreshMarginMs: options.refreshMarginMs, oauth: sandboxOAuth(sb) },
  })
}

describe('the Chromium fetch, one write at a time (a write closes the connections of the writes before it)', () => {
  it('a token renewed while a create is on its way leaves the create to finish', async () => {
    // Every call renews the token first, so the read below sends a token request: a write too.
    main = await oauthMain(sandbox, { refreshMarginMs: 7_200_000 })
    await main.services.handlers['auth.beginOAuth']()
    const h = scoped(main)
    sandbox.faults.set('POST /api/v1/group', { latencyMs: 1_500 })
    const createSent = gate()
    onOpen = (request) => {
      if (request.options.method === 'POST' && pathOf(request) === '/api/v1/group') createSent.open()
    }
    const create = h['groups.create']({ opId: 'op-before-renewal', body: { name: 'Sent before the renewal' } })
    await createSent.wait
    const read = h['groups.list']({ sort: 'name', page: 1, perPage: 5 })

    const [created] = await Promise.all([create, read])
    expect(sandbox.store.group(created.uuid)?.name).toBe('Sent before the renewal')
    expect(main.services.auth.status().state).toBe('signed-in')
  })

  it("two writes at once both land: the second does not close the first's connection under it", async () => {
    main = await signedIn(sandbox, { fetch: viaChromium })
    const h = scoped(main)
    sandbox.faults.set('POST /api/v1/group', { latencyMs: 500 })
    const firstSent = gate()
    onOpen = (request) => {
      if (request.options.method === 'POST') firstSent.open()
    }
    const first = h['groups.create']({ opId: 'op-first', body: { name: 'First of two' } })
    await firstSent.wait
    const second = h['groups.create']({ opId: 'op-second', body: { name: 'Second of two' } })

    const created = await Promise.all([first, second])
    expect(created.map((group) => sandbox.store.group(group.uuid)?.name)).toEqual(['First of two', 'Second of two'])
  })

  it('a write given up while in flight lets the next write go', async () => {
    const silent = await serve(() => {
      // Never answers.
    })
    const answering = await serve((_request, response) => {
      response.writeHead(201, { 'Content-Type': 'application/json' }).end('{"ok":true}')
    })
    const giveUp = new AbortController()
    const stuck = viaChromium(silent, { method: 'POST', body: '{}', signal: giveUp.signal })
    const stuckSent = gate()
    onOpen = () => stuckSent.open()
    await stuckSent.wait
    const next = viaChromium(answering, { method: 'POST', body: '{}' })
    giveUp.abort(new Error('given up'))
    await expect(stuck).rejects.toThrow('given up')
    expect(await (await next).json()).toEqual({ ok: true })
  })

  it('a write whose time runs out while it waits its turn was never sent: not in doubt, and not Offline', async () => {
    const silent = await serve(() => {
      // Never answers: the write on its way to it holds the turn.
    })
    const holdTurn = new AbortController()
    const holding = viaChromium(silent, { method: 'POST', body: '{}', signal: holdTurn.signal })
    const holdingSent = gate()
    onOpen = () => holdingSent.open()
    await holdingSent.wait

    main = await signedIn(sandbox, { fetch: viaChromium, config: { requestTimeoutMs: 300 } })
    const waited = await rejection(
      scoped(main)['groups.create']({ opId: 'op-behind', body: { name: 'Waited its turn' } }),
    )
    expect(waited.data.kind).toBe('network')
    expect(sandbox.store.groupByName('Waited its turn')).toBeUndefined()
    expect(main.services.connectivity.current().online).toBe(true)

    holdTurn.abort(new Error('given up'))
    await expect(holding).rejects.toThrow('given up')
  })

  it('a write started while a refresh is being answered leaves the refresh to finish: the sign-in is kept', async () => {
    // Main is restarted with an access token Plannr no longer accepts (revoked early) but believes
    // good for an hour: its next call meets a refused token, and only then refreshes.
    const tokenStore = new MemoryTokenStore(null)
    const first = await oauthMain(sandbox, { tokenStore, refreshMarginMs: 0 })
    await first.services.handlers['auth.beginOAuth']()
    const [entry] = await tokenStore.logins()
    const credential = entry ? await tokenStore.load(entry) : null
    if (!entry || !credential) throw new Error('nothing stored by the sign-in')
    await tokenStore.save(entry, { ...credential, accessToken: 'revoked-early', expiresAt: Date.now() + 3_600_000 })
    await first.services.dispose()
    main = await oauthMain(sandbox, { tokenStore, refreshMarginMs: 0, dataDir: first.dataDir })
    await main.services.restore()

    // Plannr rotates the tokens at once (the refresh token sent is revoked); the answer's body
    // takes its time to arrive.
    sandbox.faults.set('POST /oauth/token', { slowBodyMs: 2_000 })
    const refreshAnswering = gate()
    onOpen = (request) => {
      if (pathOf(request) === '/oauth/token') request.on('response', () => refreshAnswering.open())
    }
    const h = scoped(main)
    const read = h['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    await refreshAnswering.wait
    // The clock still says the old token is good: this write does not wait for the refresh.
    const create = h['groups.create']({ opId: 'op-during-refresh', body: { name: 'Sent during the refresh' } })

    const outcomes = await Promise.allSettled([read, create])
    expect(main.services.auth.status().state).toBe('signed-in')
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled'])
    sandbox.faults.clear()
    expect((await h['groups.list']({ sort: 'name', page: 1, perPage: 5 })).items).toHaveLength(5)
  })
})
