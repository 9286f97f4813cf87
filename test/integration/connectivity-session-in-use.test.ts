import { afterEach, describe, expect, it } from 'vitest'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { freePort } from '../support/free-port'
import { rejection, useSandboxPerTest, type TestMain } from './api-support'

// Reachability and Plannr's clock are those of the Plannr in use. A sign-in attempt elsewhere (a
// mistyped address, a sign-in held for the user's answer) says nothing about it.
const plannr = useSandboxPerTest({ seed: 5, accounts: 20 })
const servers: Array<{ close(done: () => void): void }> = []

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()))
})

const connectivityEvents = (main: TestMain) => main.events.filter((entry) => entry.event === 'connectivity')

describe('connectivity and server clock follow only the session in use', () => {
  it('a failed sign-in at an address nothing listens on does not make the app offline', async () => {
    const main = await plannr.signIn()
    const before = connectivityEvents(main).length
    const error = await rejection(
      main.services.handlers['auth.signInWithToken']({
        token: plannr.sandbox.demo.token,
        baseUrl: `http://127.0.0.1:${await freePort()}`,
      }),
    )
    expect(error.data.kind).toBe('network')
    expect(connectivityEvents(main).slice(before)).toEqual([])
    expect(main.services.connectivity.current()).not.toMatchObject({ online: false })
  })

  it("a sign-in attempt at another server does not set Plannr's clock from that server's Date", async () => {
    const main = await plannr.signIn()
    const before = await main.services.handlers['app.serverClock']()
    // Another server, a day ahead, that refuses the token.
    const other = createServer((_request, response) => {
      response
        .writeHead(401, { 'Content-Type': 'application/json', Date: new Date(Date.now() + 86_400_000).toUTCString() })
        .end(JSON.stringify({ message: 'Unauthenticated.' }))
    })
    servers.push(other)
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const error = await rejection(
      main.services.handlers['auth.signInWithToken']({
        token: 'another-token-0123456789',
        baseUrl: `http://127.0.0.1:${(other.address() as AddressInfo).port}`,
      }),
    )
    expect(error.data.kind).toBe('unauthenticated')
    const after = await main.services.handlers['app.serverClock']()
    expect(after.offsetMs).toBe(before.offsetMs)
    expect(after.measuredAt).toBe(before.measuredAt)
  })
})
