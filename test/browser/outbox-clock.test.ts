import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openPlannrDatabases, type PlannrDatabases } from '../../src/renderer/src/data/db'
import type { Outbox, OutboxSnapshot } from '../../src/renderer/src/outbox'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import { outboxCommands, TEST_SETTLE_MS, testOutbox, until } from './helpers/outbox'
import { longestWaitMs, type BackoffPolicy } from '../../src/renderer/src/outbox/backoff'

/**
 * The computer's clock set back while the app runs (time sync correcting a clock that ran fast,
 * a hardware clock kept in local time): waits measured from the clock before the step must not
 * grow by the step, or nothing is sent for as long as the clock was wrong.
 */
const HOUR = 3_600_000
let plannr: TestPlannr
let dbs: PlannrDatabases
let outbox: Outbox
let skew = 0
const BACKOFF: BackoffPolicy = { baseMs: 20, maxMs: 300 }
const RATE_LIMIT_BACKOFF: BackoffPolicy = { baseMs: 50, maxMs: 500 }

function skewedOutbox(databases: PlannrDatabases): Outbox {
  return testOutbox(databases, plannr.api, {
    now: () => Date.now() + skew,
    backoff: BACKOFF,
    rateLimitBackoff: RATE_LIMIT_BACKOFF,
  })
}

beforeEach(async () => {
  plannr = await startPlannr({ seed: 23, accounts: 20, groups: 2 })
  dbs = await openPlannrDatabases(freshDbName('outbox-clock'))
  skew = HOUR
  outbox = skewedOutbox(dbs)
})

afterEach(async () => {
  await outbox.stop()
  dbs.close()
  await plannr.stop()
})

/** The outbox's idle, or a failure naming what is still waiting after `ms`. */
async function idleWithin(ms: number): Promise<OutboxSnapshot> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(async () => {
      const waiting = (await outbox.snapshot()).items.map((item) => `${item.label}: ${item.state}`)
      reject(new Error(`still waiting after ${ms} ms: ${waiting.join('; ')}`))
    }, ms)
  })
  try {
    return await Promise.race([outbox.idle(), late])
  } finally {
    clearTimeout(timer)
  }
}

async function create(name: string): Promise<void> {
  const queued = await outbox.enqueue('create-group', { name })
  if (!queued.ok) throw new Error(queued.error.message)
}

describe('the clock set back an hour', () => {
  it('does not hold the next change for that hour', async () => {
    await create('Sent before the clock moved')
    await outbox.start()
    await idleWithin(10_000)

    skew = 0
    await create('Queued after the clock moved')
    expect((await idleWithin(10_000)).counts.total).toBe(0)
    expect(plannr.calls.get('groups.create')).toBe(2)
  })

  it('does not stretch a retry that was waiting out a backoff', async () => {
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'POST /api/v1/group', { errorRate: 1 })
    await create('Retried after the clock moved')
    await outbox.start()
    await until(outbox, (snapshot) => snapshot.items.some((item) => item.attempts >= 1 && item.state !== 'sending'))

    skew = 0
    await outboxCommands.sandboxClearFaults(plannr.sandbox.id)
    expect((await idleWithin(10_000)).counts.total).toBe(0)
    expect((await outboxCommands.sandboxSnapshot(plannr.sandbox.id)).groups.map((group) => group.name)).toContain(
      'Retried after the clock moved',
    )
  })
})

describe('the clock set back an hour while the app was closed', () => {
  it('does not hold a retry for that hour once the app starts again', async () => {
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'POST /api/v1/group', { errorRate: 1 })
    await create('Retried after a restart')
    await outbox.start()
    await until(outbox, (snapshot) => snapshot.items.some((item) => item.attempts >= 1 && item.state !== 'sending'))
    const [waiting] = await dbs.durable.outbox.toArray()
    if (!waiting) throw new Error('the create should be waiting out a backoff')
    expect(waiting.status).toBe('retry-wait')
    await outbox.stop()
    const name = dbs.durable.name
    dbs.close()

    // The clock is put right while the app is closed; the stored wait is an hour ahead of it.
    skew = 0
    await outboxCommands.sandboxClearFaults(plannr.sandbox.id)
    dbs = await openPlannrDatabases(name)
    outbox = skewedOutbox(dbs)
    await outbox.start()

    // No longer away than the longest wait the outbox gives (or sent already).
    const after = await dbs.durable.outbox.get(waiting.id)
    const latest = Date.now() + longestWaitMs(BACKOFF, RATE_LIMIT_BACKOFF, TEST_SETTLE_MS)
    expect(after === undefined || after.nextAttemptAt <= latest, `waits until ${after?.nextAttemptAt}`).toBe(true)
    expect((await outbox.idle()).counts.total).toBe(0)
    expect((await outboxCommands.sandboxSnapshot(plannr.sandbox.id)).groups.map((group) => group.name)).toContain(
      'Retried after a restart',
    )
  })
})
