import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { chromiumFetch, type ChromiumRequestOptions } from '../../src/main/api/chromium-fetch'
import { probeApi } from '../../src/main/api/probe'
import { readLimited, ResponseTooLarge } from '../../src/main/api/read-limited'
import { refreshTokens } from '../../src/main/auth/oauth'
import { nodeClientRequest, type NodeClientRequest } from '../support/node-client-request'
import { rejection, scoped, signedIn, testMain, type TestMain } from './api-support'

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

const openOn =
  (session: 'read' | 'write') =>
  (options: ChromiumRequestOptions): NodeClientRequest => {
    const request = nodeClientRequest(options)
    opened.push(request)
    steps.push(`${session} ${options.method}`)
    return request
  }

const viaChromium = chromiumFetch({
  read: openOn('read'),
  write: openOn('write'),
  closeWriteConnections: async () => {
    steps.push('close write connections')
  },
})

beforeEach(async () => {
  opened = []
  steps = []
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
