import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { countingFetch, signedIn, type TestMain, scoped, rejection } from './api-support'

// Each failure class produced by the sandbox's fault injection, over real HTTP.
let sandbox: Sandbox
let main: TestMain | undefined

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 120 })
})

afterEach(async () => {
  await main?.services.dispose()
  main = undefined
  await sandbox.stop()
})

const GROUPS = 'GET /api/v1/group'
const CREATE_GROUP = 'POST /api/v1/group'

describe('reads retry transient failures', () => {
  it('5xx: retried with backoff, then succeeds', async () => {
    const counter = countingFetch((calls) => {
      if (calls >= 3) sandbox.faults.clear(GROUPS)
    })
    main = await signedIn(sandbox, { fetch: counter.fetch })
    const before = counter.calls()
    sandbox.faults.set(GROUPS, { errorRate: 1 })
    const page = await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 10 })
    expect(page.items.length).toBe(10)
    expect(counter.calls() - before).toBe(2 + 1)
    expect(main.logs.some((line) => /retrying GET \/api\/v1\/group after server/.test(line))).toBe(true)
  })

  it('5xx that never stops: gives up after the configured attempts with a server error', async () => {
    main = await signedIn(sandbox)
    sandbox.faults.set(GROUPS, { errorRate: 1 })
    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 10 }))
    expect(error.data).toMatchObject({ kind: 'server', endpoint: GROUPS })
  })

  it('429: waits Retry-After (which slows every request), then succeeds', async () => {
    main = await signedIn(sandbox)
    sandbox.faults.set(GROUPS, { rateLimitBurst: 2, retryAfterSeconds: 1 })
    const started = Date.now()
    const page = await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(page.items).toHaveLength(5)
    // Two 429s in a row, each asking for one second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900)
  })

  it('429 on a write: reported with the wait, not retried, and the whole client pauses', async () => {
    main = await signedIn(sandbox)
    sandbox.faults.set(CREATE_GROUP, { rateLimitBurst: 1, retryAfterSeconds: 1 })
    const error = await rejection(scoped(main)['groups.create']({ opId: 'op-429', body: { name: 'Paused Group' } }))
    expect(error.data).toMatchObject({ kind: 'rate-limited', retryAfterMs: 1_000 })
    expect(sandbox.store.groupByName('Paused Group')).toBeUndefined()
    const started = Date.now()
    await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(800)
  })

  it('connection reset: a read is retried; a write is outcome-unknown and sent once', async () => {
    const counter = countingFetch((calls) => {
      // At least, not exactly: a background request (the connectivity probe) may start before the
      // second reset one finishes, and then no finishing request would see the exact count.
      if (calls >= resetUntil) sandbox.faults.clear(GROUPS)
    })
    let resetUntil = Infinity
    main = await signedIn(sandbox, { fetch: counter.fetch })
    resetUntil = counter.calls() + 2
    sandbox.faults.set(GROUPS, { resetRate: 1 })
    const page = await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(page.items).toHaveLength(5)

    sandbox.faults.set(CREATE_GROUP, { resetRate: 1 })
    const before = counter.calls()
    const error = await rejection(scoped(main)['groups.create']({ opId: 'op-reset', body: { name: 'Reset Group' } }))
    expect(error.data).toMatchObject({ kind: 'outcome-unknown', endpoint: CREATE_GROUP })
    expect(counter.calls() - before).toBe(1)
  })

  it('timeout (latency beyond the limit): a read times out after its retries; a write is outcome-unknown', async () => {
    main = await signedIn(sandbox, {
      config: { requestTimeoutMs: 300, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 } },
    })
    sandbox.faults.set(GROUPS, { latencyMs: 1_000 })
    const read = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(read.data).toMatchObject({ kind: 'timeout', endpoint: GROUPS })

    sandbox.faults.set(CREATE_GROUP, { latencyMs: 1_000 })
    const write = await rejection(scoped(main)['groups.create']({ opId: 'op-timeout', body: { name: 'Slow Group' } }))
    expect(write.data.kind).toBe('outcome-unknown')
  })

  it('a body trickled slower than the timeout is a timeout too', async () => {
    main = await signedIn(sandbox, {
      config: { requestTimeoutMs: 300, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } },
    })
    sandbox.faults.set(GROUPS, { slowBodyMs: 1_500 })
    const read = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 50 }))
    expect(read.data.kind).toBe('timeout')
  })
})

describe('writes are never retried by the client', () => {
  it('commit-then-drop on POST /group → outcome-unknown, and the group exists exactly once', async () => {
    const counter = countingFetch()
    main = await signedIn(sandbox, { fetch: counter.fetch })
    sandbox.faults.set(CREATE_GROUP, { commitThenDropRate: 1 })
    const before = counter.calls()
    const error = await rejection(
      scoped(main)['groups.create']({ opId: 'op-drop', body: { name: 'Dropped Answer Group' } }),
    )
    expect(error.data).toMatchObject({ kind: 'outcome-unknown', endpoint: CREATE_GROUP })
    expect(counter.calls() - before).toBe(1)
    const matches = sandbox.store.groups().filter((g) => g.name === 'Dropped Answer Group')
    expect(matches).toHaveLength(1)
    // The outbox reconciles by looking the group up: a read, which works.
    sandbox.faults.clear()
    const found = await scoped(main)['groups.list']({
      name: 'Dropped Answer Group',
      sort: 'name',
      page: 1,
      perPage: 15,
    })
    expect(found.items.map((g) => g.uuid)).toEqual([matches[0]!.uuid])
  })

  it('5xx on a create: a server error, sent once, nothing created', async () => {
    const counter = countingFetch()
    main = await signedIn(sandbox, { fetch: counter.fetch })
    sandbox.faults.set(CREATE_GROUP, { errorRate: 1 })
    const before = counter.calls()
    const error = await rejection(
      scoped(main)['groups.create']({ opId: 'op-500', body: { name: 'Server Error Group' } }),
    )
    expect(error.data.kind).toBe('server')
    expect(counter.calls() - before).toBe(1)
    expect(sandbox.store.groupByName('Server Error Group')).toBeUndefined()
  })
})

describe('cancellation and reachability', () => {
  it('a request can be cancelled while it waits', async () => {
    main = await signedIn(sandbox)
    sandbox.faults.set(GROUPS, { latencyMs: 2_000 })
    const controller = new AbortController()
    const pending = main.services.auth
      .api()
      .listGroups({}, { signal: controller.signal, accountUuid: sandbox.demo.accountUuid })
    setTimeout(() => controller.abort(), 100)
    expect((await rejection(pending)).data.kind).toBe('cancelled')
  })

  it('network down → offline event; the probe brings it back online when the API answers again', async () => {
    main = await signedIn(sandbox, { config: { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } } })
    const port = Number(new URL(sandbox.url).port)
    await sandbox.stop()
    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data.kind).toBe('network')
    expect(main.services.connectivity.current().online).toBe(false)
    expect(main.events.filter((e) => e.event === 'connectivity').at(-1)?.payload).toMatchObject({ online: false })
    expect(await main.services.handlers['connectivity.check']()).toMatchObject({ online: false })

    sandbox = await startSandbox({ port, seed: 1, accounts: 120 })
    // The backoff probe notices without anyone asking.
    await expect.poll(() => main!.services.connectivity.current().online, { timeout: 15_000 }).toBe(true)
    expect(main.events.filter((e) => e.event === 'connectivity').at(-1)?.payload).toMatchObject({ online: true })
    expect((await main.services.handlers['connectivity.check']()).lastOkAt).not.toBeNull()
  })
})

describe('a gateway outage is not Online', () => {
  it('every answer 503: connectivity says Plannr is not working, the probe agrees, and it clears when Plannr answers', async () => {
    main = await signedIn(sandbox, { config: { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } } })
    expect(main.services.connectivity.current()).toMatchObject({ online: true })
    expect(main.services.connectivity.current().serverProblem).toBeUndefined()
    // A proxy in front of Plannr whose backend is down: every request, the probe's too.
    sandbox.faults.set('*', { status: 503 })
    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data).toMatchObject({ kind: 'server', status: 503 })
    // Something answers, so the network is there; Plannr is not working, and the app says which.
    const during = main.services.connectivity.current()
    expect(during).toMatchObject({ online: true, serverProblem: expect.stringMatching(/503/) })
    expect(main.events.filter((e) => e.event === 'connectivity').at(-1)?.payload).toMatchObject({
      serverProblem: expect.stringMatching(/503/),
    })
    // The probe reaches the same broken backend: it does not call this Online.
    expect((await main.services.handlers['connectivity.check']()).serverProblem).toMatch(/503/)

    sandbox.faults.clear()
    const after = await main.services.handlers['connectivity.check']()
    expect(after).toMatchObject({ online: true })
    expect(after.serverProblem).toBeUndefined()
    expect(main.events.filter((e) => e.event === 'connectivity').at(-1)?.payload).not.toHaveProperty('serverProblem')
  })

  it('one endpoint failing with 500 is that request failing, not Plannr being down', async () => {
    main = await signedIn(sandbox, { config: { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } } })
    sandbox.faults.set(GROUPS, { status: 500 })
    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data).toMatchObject({ kind: 'server', status: 500 })
    expect(main.services.connectivity.current().serverProblem).toBeUndefined()
  })
})

// 4xx refusals and long or absurd Retry-After waits.
describe('a 4xx other than 401/408/429 is a refusal', () => {
  for (const status of [409, 413, 414, 418, 431]) {
    it(`${status} on a read: fails at once with a clear refusal, not retried`, async () => {
      const counter = countingFetch()
      main = await signedIn(sandbox, { fetch: counter.fetch })
      const accountUuid = sandbox.demo.accountUuid
      sandbox.faults.set(GROUPS, { status })
      const before = counter.calls()
      const error = await rejection(
        main.services.handlers['groups.list']({ accountUuid, baseUrl: sandbox.url, sort: 'name', page: 1, perPage: 5 }),
      )
      expect(error.data).toMatchObject({ kind: 'refused', status, endpoint: GROUPS })
      expect(error.message).toMatch(new RegExp(`Plannr refused this request \\(${status}\\)`))
      expect(counter.calls() - before).toBe(1)
    })

    it(`${status} on a write: refused (not a server error, not an unknown outcome)`, async () => {
      main = await signedIn(sandbox)
      const accountUuid = sandbox.demo.accountUuid
      sandbox.faults.set(CREATE_GROUP, { status })
      const error = await rejection(
        main.services.handlers['groups.create']({
          accountUuid,
          baseUrl: sandbox.url,
          opId: '01JD0000000000000000000409',
          body: { name: `Refused ${status}` },
        }),
      )
      expect(error.data).toMatchObject({ kind: 'refused', status, endpoint: CREATE_GROUP })
      expect(sandbox.store.groupByName(`Refused ${status}`)).toBeUndefined()
    })
  }
})

describe('Retry-After is capped and waits can be cancelled', () => {
  it('Retry-After: 3600 returns rate-limited with the wait at once, for this call and the next ones', async () => {
    main = await signedIn(sandbox)
    const accountUuid = sandbox.demo.accountUuid
    sandbox.faults.set(GROUPS, { rateLimitBurst: 1, retryAfterSeconds: 3600 })
    const first = await rejection(
      main.services.handlers['groups.list']({ accountUuid, baseUrl: sandbox.url, sort: 'name', page: 1, perPage: 5 }),
    )
    expect(first.data).toMatchObject({ kind: 'rate-limited' })
    expect(first.data.retryAfterMs).toBeGreaterThan(3_500_000)
    // The whole client is paused for that hour: another call does not sit in the limiter.
    const second = await rejection(
      main.services.handlers['circles.list']({ accountUuid, baseUrl: sandbox.url, sort: 'name', page: 1, perPage: 5 }),
    )
    expect(second.data.kind).toBe('rate-limited')
    expect(second.data.retryAfterMs).toBeGreaterThan(3_000_000)
  }, 30_000)

  it('an absurd Retry-After neither freezes main nor overflows a timer', async () => {
    const warnings: string[] = []
    const onWarning = (warning: Error): void => void warnings.push(warning.name)
    process.on('warning', onWarning)
    try {
      main = await signedIn(sandbox)
      const accountUuid = sandbox.demo.accountUuid
      sandbox.faults.set(GROUPS, { rateLimitBurst: 1, retryAfterHeader: '99999999999' })
      const error = await rejection(
        main.services.handlers['groups.list']({ accountUuid, baseUrl: sandbox.url, sort: 'name', page: 1, perPage: 5 }),
      )
      expect(error.data.kind).toBe('rate-limited')
      expect(error.data.retryAfterMs).toBeLessThanOrEqual(2 ** 31 - 1)
      const again = await rejection(
        main.services.handlers['businessUnits.list']({
          accountUuid,
          baseUrl: sandbox.url,
          sort: 'name',
          page: 1,
          perPage: 5,
        }),
      )
      expect(again.data.kind).toBe('rate-limited')
      // Let any timer that would have overflowed fire (an overflowed timer fires after 1 ms).
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(warnings).not.toContain('TimeoutOverflowWarning')
    } finally {
      process.off('warning', onWarning)
    }
  }, 30_000)

  it('sign-out cancels calls waiting in the limiter', async () => {
    main = await signedIn(sandbox)
    const accountUuid = sandbox.demo.accountUuid
    // A wait under the cap: later calls wait in main's limiter rather than failing at once.
    sandbox.faults.set(CREATE_GROUP, { rateLimitBurst: 1, retryAfterSeconds: 60 })
    const refused = await rejection(
      main.services.handlers['groups.create']({
        accountUuid,
        baseUrl: sandbox.url,
        opId: '01JD0000000000000000000060',
        body: { name: 'Paused for a minute' },
      }),
    )
    expect(refused.data.kind).toBe('rate-limited')
    const waiting = main.services.handlers['circles.list']({
      accountUuid,
      baseUrl: sandbox.url,
      sort: 'name',
      page: 1,
      perPage: 5,
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await main.services.handlers['auth.signOut']()
    const error = await rejection(waiting)
    expect(error.data.kind).toBe('cancelled')
  }, 30_000)
})
