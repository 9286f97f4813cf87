import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { ServerClock } from '../../src/main/api/server-clock'
import { signedIn, testHandlers, type TestHandlers, type TestMain } from './api-support'

// Plannr's clock as main measures it from the Date header, and the created_at it is compared with.
let sandbox: Sandbox
let main: TestMain
let h: TestHandlers

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 3, accounts: 20 })
  main = await signedIn(sandbox)
  h = testHandlers(main)
})

afterAll(async () => {
  await main?.services.dispose()
  await sandbox?.stop()
})

describe('server clock', () => {
  it('the sandbox answers with a Date header and a created_at on what it creates', async () => {
    const response = await fetch(`${sandbox.url}/api/v1/group`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${sandbox.demo.token}`,
        'X-PLANNR-ACCOUNT-UUID': sandbox.demo.accountUuid,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify({ name: 'Clock check' }),
    })
    expect(response.ok).toBe(true)
    const date = Date.parse(response.headers.get('date') ?? '')
    expect(Number.isFinite(date)).toBe(true)
    const body = (await response.json()) as { created_at?: unknown; data?: { created_at?: unknown } }
    const createdAt = body.data?.created_at ?? body.created_at
    expect(typeof createdAt).toBe('string')
    // Same clock here: created_at and Date agree to the second.
    expect(Math.abs(Date.parse(String(createdAt)) - date)).toBeLessThanOrEqual(1_000)
  })

  it('main measures the offset from real answers and reports it on app.serverClock', async () => {
    await h['groups.list']({ page: 1, perPage: 1, sort: 'name' })
    const reading = await h['app.serverClock'](undefined)
    expect(reading.offsetMs).not.toBeNull()
    expect(reading.errorMs).not.toBeNull()
    // The sandbox shares this machine's clock: the true offset is 0, within the stated error.
    expect(Math.abs(reading.offsetMs ?? Infinity)).toBeLessThanOrEqual(reading.errorMs ?? 0)
  })

  it('estimates a skewed clock within its stated error', () => {
    const clock = new ServerClock(() => 1_000_000)
    // Plannr is 90 s ahead: a request sent at t=1,000,000 answered 200 ms later.
    const serverAt = 1_000_100 + 90_000
    const header = new Date(Math.floor(serverAt / 1000) * 1000).toUTCString()
    clock.observe(header, 1_000_000, 1_000_200)
    const reading = clock.current()
    expect(Math.abs((reading.offsetMs ?? 0) - 90_000)).toBeLessThanOrEqual(reading.errorMs ?? 0)
    clock.observe('not a date', 1_000_000, 1_000_200)
    expect(clock.current()).toEqual(reading)
  })

  it('a reading taken before the clock was set back is not given after it, and the next answer replaces it', () => {
    const HOUR = 3_600_000
    // This computer's clock runs an hour fast; the monotonic clock only counts time passing.
    let wall = 5_000_000_000
    let steady = 0
    const clock = new ServerClock(
      () => wall,
      () => steady,
    )
    const plannrNow = (): number => wall - HOUR
    const header = (at: number): string => new Date(Math.floor(at / 1000) * 1000).toUTCString()
    clock.observe(header(plannrNow() + 10), wall, wall + 20)
    expect(Math.abs((clock.current().offsetMs ?? 0) + HOUR)).toBeLessThanOrEqual(clock.current().errorMs ?? 0)

    // Five seconds later the time service puts the clock right: the offset above is now an hour out.
    steady += 5_000
    wall += 5_000 - HOUR
    expect(clock.current()).toEqual({ offsetMs: null, errorMs: null, measuredAt: null })

    // The next answer is measured afresh, though its round trip is slower than the first's.
    wall += 1_000
    steady += 1_000
    clock.observe(header(wall + 200), wall, wall + 400)
    const after = clock.current()
    expect(Math.abs(after.offsetMs ?? Infinity)).toBeLessThanOrEqual(after.errorMs ?? 0)
    expect(after.measuredAt).toBe(new Date(wall).toISOString())
  })
})
