import { describe, expect, it } from 'vitest'
import { DEFAULT_PROBE_TIMINGS } from '../../src/main/connectivity'
import type { Connectivity } from '../../src/shared/ipc/contract'
import { scoped, useSandboxPerTest, type TestMain } from './api-support'

// A slow link that works: Plannr answers every request, only later than the probe waits. The
// probe giving up must not call Plannr Offline while real requests still get their answers.
const plannr = useSandboxPerTest({ seed: 1, accounts: 20 })

const PROBE_TIMEOUT_MS = 300

/**
 * Real requests wait as long as they do in the app; the probe gives up quickly, and runs only when
 * the test asks (Try now), so each test decides exactly which probes run around its requests.
 */
const SLOW_LINK_CONFIG = {
  requestTimeoutMs: 20_000,
  retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
  probe: {
    ...DEFAULT_PROBE_TIMINGS,
    timeoutMs: PROBE_TIMEOUT_MS,
    activeIntervalMs: 600_000,
    idleIntervalMs: 600_000,
  },
}

function connectivityEvents(test: TestMain): Connectivity[] {
  return test.events.filter((e) => e.event === 'connectivity').map((e) => e.payload as Connectivity)
}

const readGroups = (test: TestMain) => scoped(test)['groups.list']({ sort: 'name', page: 1, perPage: 5 })

describe('a probe that times out on a slow link that works', () => {
  it('does not call Plannr Offline while a real request is still on its way, and that request answers', async () => {
    const main = await plannr.signIn({ config: SLOW_LINK_CONFIG })
    const before = connectivityEvents(main).length
    // Every answer takes several probe timeouts: the probe gives up, the read does not.
    plannr.sandbox.faults.set('*', { latencyMs: PROBE_TIMEOUT_MS * 5 })
    main.services.connectivity.hint('active')

    const read = readGroups(main)
    const probed = await main.services.handlers['connectivity.check']()
    expect(probed.online).toBe(true)

    const page = await read
    expect(page.items).toHaveLength(5)
    expect(connectivityEvents(main).slice(before)).not.toContainEqual(expect.objectContaining({ online: false }))
    expect(main.services.connectivity.current().online).toBe(true)
  })

  it('does not count a probe that gave up after a real request answered since it started', async () => {
    const main = await plannr.signIn({ config: SLOW_LINK_CONFIG })
    const before = connectivityEvents(main).length
    // Only the probe's path is slow, so the read answers while the probe still waits.
    plannr.sandbox.faults.set('GET /api/v1/logins', { latencyMs: PROBE_TIMEOUT_MS * 5 })
    main.services.connectivity.hint('active')

    const probing = main.services.handlers['connectivity.check']()
    const page = await readGroups(main)
    expect(page.items).toHaveLength(5)
    expect((await probing).online).toBe(true)
    expect(connectivityEvents(main).slice(before)).not.toContainEqual(expect.objectContaining({ online: false }))
  })

  it('still says Offline once two probes in a row fail with nothing answering, a request still waiting', async () => {
    const main = await plannr.signIn({ config: SLOW_LINK_CONFIG })
    // Far longer than two probes: what a link that lost every packet looks like from here.
    plannr.sandbox.faults.set('*', { latencyMs: PROBE_TIMEOUT_MS * 10 })

    const read = readGroups(main)
    expect((await main.services.handlers['connectivity.check']()).online).toBe(true)
    expect(await main.services.handlers['connectivity.check']()).toMatchObject({
      online: false,
      reason: expect.any(String),
    })
    expect(connectivityEvents(main).at(-1)).toMatchObject({ online: false })

    // The request's answer, when it comes, is Plannr there after all.
    await read
    expect(main.services.connectivity.current().online).toBe(true)
    expect(connectivityEvents(main).at(-1)).toMatchObject({ online: true })
  })

  it('says Offline at the first failed probe when no request is waiting for an answer', async () => {
    const main = await plannr.signIn({ config: SLOW_LINK_CONFIG })
    plannr.sandbox.faults.set('*', { latencyMs: PROBE_TIMEOUT_MS * 5 })
    expect(await main.services.handlers['connectivity.check']()).toMatchObject({ online: false })
    expect(connectivityEvents(main).at(-1)).toMatchObject({ online: false })
  })
})
