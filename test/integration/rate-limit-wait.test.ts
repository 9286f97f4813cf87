import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { RateLimitWait } from '../../src/shared/ipc/contract'
import { rejection, signedIn, testHandlers, type TestMain } from './api-support'

// A 429 makes main hold every call until Retry-After; the renderer can only show that wait if
// main says when it starts and when it ends.
let sandbox: Sandbox
let main: TestMain | null = null

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 120 })
})
afterEach(async () => {
  sandbox.faults.clear()
  await main?.services.dispose()
  main = null
})
afterAll(async () => {
  await sandbox.stop()
})

describe('rate-limit wait events', () => {
  it("announces a 429's wait with its end time, then its end, while the read waits and succeeds", async () => {
    main = await signedIn(sandbox)
    sandbox.faults.set('GET /api/v1/group', { rateLimitBurst: 1, retryAfterSeconds: 2 })
    const sentAt = Date.now()
    const page = await testHandlers(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(page.items.length).toBeGreaterThan(0)
    const waits = main.events
      .filter((entry) => entry.event === 'rateLimit')
      .map((entry) => RateLimitWait.parse(entry.payload))
    const started = waits[0]?.waitingUntil
    expect(started).toBeTypeOf('string')
    // Retry-After: 2 → the wait lasts until at least 2 s after the request went out.
    expect(Date.parse(started ?? '')).toBeGreaterThanOrEqual(sentAt + 2_000)
    await expect
      .poll(() => main!.events.filter((entry) => entry.event === 'rateLimit').at(-1)?.payload, { timeout: 10_000 })
      .toEqual({ waitingUntil: null })
  })
})

describe("a 429's pause belongs to the session that got it", () => {
  let other: Sandbox | null = null
  afterEach(async () => {
    await other?.stop()
    other = null
  })

  it('signing out and in to another server starts without the old pause, and the wait shown ends', async () => {
    other = await startSandbox({ port: 0, seed: 2, accounts: 60 })
    main = await signedIn(sandbox)
    // Server A asks for an hour's pause: the read fails at once as rate-limited.
    sandbox.faults.set('GET /api/v1/group', { rateLimitBurst: 1, retryAfterSeconds: 3600 })
    const error = await rejection(testHandlers(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data.kind).toBe('rate-limited')
    expect(main.events.filter((entry) => entry.event === 'rateLimit').at(-1)?.payload).toMatchObject({
      waitingUntil: expect.any(String),
    })

    await main.services.handlers['auth.signOut']()
    // The wait shown for server A ends with its session.
    expect(main.events.filter((entry) => entry.event === 'rateLimit').at(-1)?.payload).toEqual({ waitingUntil: null })
    const status = await main.services.handlers['auth.signInWithToken']({ token: other.demo.token, baseUrl: other.url })
    expect(status).toMatchObject({ state: 'signed-in', baseUrl: other.url })
    const page = await testHandlers(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(page.items.length).toBeGreaterThan(0)
  })

  it('a sign-in that replaces the session (another server, or the demo) starts without the old pause', async () => {
    other = await startSandbox({ port: 0, seed: 2, accounts: 60 })
    main = await signedIn(sandbox, {
      startDemo: async () => ({ url: other!.url, token: other!.demo.token, stop: async () => {} }),
    })
    sandbox.faults.set('GET /api/v1/group', { rateLimitBurst: 1, retryAfterSeconds: 3600 })
    const error = await rejection(testHandlers(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data.kind).toBe('rate-limited')
    const status = await main.services.handlers['auth.startDemo']()
    expect(status).toMatchObject({ state: 'signed-in', kind: 'demo', baseUrl: other.url })
    expect(main.events.filter((entry) => entry.event === 'rateLimit').at(-1)?.payload).toEqual({ waitingUntil: null })
    const page = await testHandlers(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(page.items.length).toBeGreaterThan(0)
  })
})
