import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { rejection, signedIn, testHandlers, type TestMain } from './api-support'

/**
 * The computer's clock set back while the app runs: a clock that ran fast (another OS on the
 * same machine, a virtual machine's) put right by the time service. Main's waits and intervals
 * must not grow by the step, or nothing reaches Plannr, and the status bar does not move, for as
 * long as the clock was wrong. Only `Date` is faked: timers and `performance.now()` run as they
 * do when the wall clock steps.
 */
const HOUR = 3_600_000
let sandbox: Sandbox
let main: TestMain | null = null

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 4, accounts: 40 })
})
afterEach(async () => {
  await main?.services.dispose()
  main = null
  vi.useRealTimers()
})
afterAll(async () => {
  await sandbox.stop()
})

/** The wall clock moving on its own, from now, until it is set (services must be built after this). */
function fakeWallClock(): void {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
}

/** A network that can be unplugged: while down, every request fails as Node's fetch does offline. */
function unpluggableFetch(): { fetch: typeof fetch; unplug(): void; plugIn(): void } {
  let down = false
  const wrapped: typeof fetch = async (input, init) => {
    if (down) throw new TypeError('fetch failed')
    return fetch(input, init)
  }
  return { fetch: wrapped, unplug: () => (down = true), plugIn: () => (down = false) }
}

const ONE_TRY = { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }

describe('the clock set back an hour while the app runs', () => {
  it('the next API call is sent at once, not refused as rate-limited for the hour', async () => {
    fakeWallClock()
    main = await signedIn(sandbox)
    const h = testHandlers(main)
    const before = await h['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(before.items.length).toBeGreaterThan(0)

    vi.setSystemTime(Date.now() - HOUR)
    const after = await h['groups.list']({ sort: 'name', page: 1, perPage: 5 })
    expect(after.items.map((group) => group.uuid)).toEqual(before.items.map((group) => group.uuid))
  })

  it('a wake hint after the step probes now, so the status follows the network back', async () => {
    fakeWallClock()
    const network = unpluggableFetch()
    main = await signedIn(sandbox, { fetch: network.fetch, config: ONE_TRY })
    const h = testHandlers(main)
    network.unplug()
    const error = await rejection(h['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data.kind).toBe('network')
    expect(main.services.connectivity.current().online).toBe(false)

    // The machine resumes: the time service puts the clock right, the network comes back, the OS says so.
    vi.setSystemTime(Date.now() - HOUR)
    network.plugIn()
    await h['connectivity.hint']({ hint: 'wake' })
    // The probe that follows the hint is due within seconds; on the hour-old schedule it never comes here.
    await expect.poll(() => main?.services.connectivity.current().online, { timeout: 15_000 }).toBe(true)
  })
})
