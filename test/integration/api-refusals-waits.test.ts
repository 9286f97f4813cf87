import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { AppError } from '../../src/shared/ipc/errors'
import { countingFetch, signedIn, type TestMain } from './api-support'

// What main does with 4xx refusals and with long or absurd Retry-After waits, over real HTTP.
let sandbox: Sandbox
let main: TestMain | undefined

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 60 })
})

afterEach(async () => {
  await main?.services.dispose()
  main = undefined
  await sandbox.stop()
})

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

const GROUPS = 'GET /api/v1/group'
const CREATE_GROUP = 'POST /api/v1/group'

describe('a 4xx other than 401/408/429 is a refusal', () => {
  for (const status of [409, 413, 414, 418, 431]) {
    it(`${status} on a read: fails at once with a clear refusal, not retried`, async () => {
      const counter = countingFetch()
      main = await signedIn(sandbox, { fetch: counter.fetch })
      const accountUuid = sandbox.demo.accountUuid
      sandbox.faults.set(GROUPS, { status })
      const before = counter.calls()
      const error = await rejection(
        main.services.handlers['groups.list']({ accountUuid, sort: 'name', page: 1, perPage: 5 }),
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
      main.services.handlers['groups.list']({ accountUuid, sort: 'name', page: 1, perPage: 5 }),
    )
    expect(first.data).toMatchObject({ kind: 'rate-limited' })
    expect(first.data.retryAfterMs).toBeGreaterThan(3_500_000)
    // The whole client is paused for that hour: another call does not sit in the limiter.
    const second = await rejection(
      main.services.handlers['circles.list']({ accountUuid, sort: 'name', page: 1, perPage: 5 }),
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
        main.services.handlers['groups.list']({ accountUuid, sort: 'name', page: 1, perPage: 5 }),
      )
      expect(error.data.kind).toBe('rate-limited')
      expect(error.data.retryAfterMs).toBeLessThanOrEqual(2 ** 31 - 1)
      const again = await rejection(
        main.services.handlers['businessUnits.list']({ accountUuid, sort: 'name', page: 1, perPage: 5 }),
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
        opId: '01JD0000000000000000000060',
        body: { name: 'Paused for a minute' },
      }),
    )
    expect(refused.data.kind).toBe('rate-limited')
    const waiting = main.services.handlers['circles.list']({ accountUuid, sort: 'name', page: 1, perPage: 5 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await main.services.handlers['auth.signOut']()
    const error = await rejection(waiting)
    expect(error.data.kind).toBe('cancelled')
  }, 30_000)
})
