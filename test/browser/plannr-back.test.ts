import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openPlannrDatabases, type PlannrDatabases } from '../../src/renderer/src/data/db'
import type { Outbox, OutboxItem, OutboxSnapshot } from '../../src/renderer/src/outbox'
import type { BackoffPolicy } from '../../src/renderer/src/outbox/backoff'
import { createSyncEngine, type SyncEngine, type SyncStatus } from '../../src/renderer/src/sync'
import { accountSignals } from '../../src/shared/ipc/account-signals'
import type { Connectivity } from '../../src/shared/ipc/contract'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import { outboxCommands, testOutbox, until } from './helpers/outbox'

/**
 * Waits that must end early: Plannr working again after a gateway failed for it, and the user's
 * "Try now". The outbox's backoff here is an hour, so a change sent within the test was sent
 * because something woke it, never because its wait ran out. Plannr's own 429 waits still hold,
 * and so does the settle window of a create Plannr may still be saving.
 */
const HOUR = 3_600_000
const HOUR_BACKOFF: BackoffPolicy = { baseMs: HOUR, maxMs: HOUR }
/** Every jittered wait near its longest. */
const nearLongest = (): number => 0.99

let plannr: TestPlannr
let dbName: string
let dbs: PlannrDatabases
let outbox: Outbox | null = null
let engine: SyncEngine | null = null

beforeEach(async () => {
  plannr = await startPlannr({ seed: 19, accounts: 20, groups: 2 })
  dbName = freshDbName('plannr-back')
  dbs = await openPlannrDatabases(dbName)
})

afterEach(async () => {
  await engine?.stop()
  await outbox?.stop()
  engine = null
  outbox = null
  dbs.close()
  await plannr.stop()
})

const UNAVAILABLE: Connectivity = {
  online: true,
  lastOkAt: null,
  serverProblem: 'Plannr answered 503 (Service Unavailable).',
}

/** The one change, once it waits out a backoff (not due, not being sent). */
async function waiting(of: Outbox): Promise<OutboxItem> {
  const snapshot = await until(of, (snap) =>
    snap.items.some((item) => (item.status === 'retry-wait' || item.status === 'outcome-unknown') && item.attempts > 0),
  )
  const [item] = snapshot.items
  if (!item) throw new Error('nothing waiting')
  return item
}

async function queueGroup(of: Outbox, name: string): Promise<void> {
  const queued = await of.enqueue('create-group', { name })
  if (!queued.ok) throw new Error(queued.error.message)
}

function untilSync(of: SyncEngine, test: (status: SyncStatus) => boolean): Promise<SyncStatus> {
  return new Promise((resolve) => {
    const stop = of.subscribe((status) => {
      if (test(status)) {
        queueMicrotask(() => stop())
        resolve(status)
      }
    })
  })
}

const sent = (snapshot: OutboxSnapshot): boolean => snapshot.counts.total === 0

describe('Plannr working again after a gateway failed for it', () => {
  it('wakes the sync and the outbox at once, whatever their backoffs', async () => {
    const signals = accountSignals(plannr.api)
    outbox = testOutbox(dbs, plannr.api, { signals, backoff: HOUR_BACKOFF, random: nearLongest })
    engine = createSyncEngine({ db: dbs.cache, api: plannr.api, signals, random: nearLongest })

    await outboxCommands.sandboxSetFault(plannr.sandbox.id, '*', { status: 503 })
    plannr.emit('connectivity', UNAVAILABLE)
    await queueGroup(outbox, 'Sent once the gateway works')
    await outbox.start()
    const item = await waiting(outbox)
    expect(item.nextAttemptAt - Date.now()).toBeGreaterThan(HOUR / 2)
    engine.start()
    await untilSync(engine, (status) => status.state === 'offline')

    await outboxCommands.sandboxClearFaults(plannr.sandbox.id)
    // The sync's own retry is seconds away at most; nothing can run between these lines.
    expect(engine.status.state).toBe('offline')
    plannr.emit('connectivity', { online: true, lastOkAt: new Date().toISOString() })
    expect(engine.status.state).toBe('syncing')

    await until(outbox, sent)
    const synced = await untilSync(engine, (status) => status.state !== 'syncing')
    expect(synced.state).toBe('idle')
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name === 'Sent once the gateway works')).toHaveLength(1)
    signals.close()
  })
})

describe('Plannr working again while the outbox starts', () => {
  it('sends what waited out a backoff from before a restart', async () => {
    outbox = testOutbox(dbs, plannr.api, { backoff: HOUR_BACKOFF, random: nearLongest })
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, '*', { status: 503 })
    await queueGroup(outbox, 'Sent once Plannr is back after a restart')
    await outbox.start()
    await waiting(outbox)
    await outbox.stop()
    await outboxCommands.sandboxClearFaults(plannr.sandbox.id)

    // The next start hears Plannr fail and then work again before it has taken the drain lock:
    // that recovery must still bring the hour's wait forward.
    const signals = accountSignals(plannr.api)
    plannr.emit('connectivity', UNAVAILABLE)
    outbox = testOutbox(dbs, plannr.api, { signals, backoff: HOUR_BACKOFF, random: nearLongest })
    const starting = outbox.start()
    plannr.emit('connectivity', { online: true, lastOkAt: new Date().toISOString() })
    await starting

    await until(outbox, sent)
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name === 'Sent once Plannr is back after a restart')).toHaveLength(1)
    signals.close()
  })
})

describe('Try now', () => {
  it('sends a change waiting out a backoff at once', async () => {
    outbox = testOutbox(dbs, plannr.api, { backoff: HOUR_BACKOFF, random: nearLongest })
    // One request failing on a Plannr that works: nothing tells the outbox it is back.
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'POST /api/v1/group', { status: 500 })
    await queueGroup(outbox, 'Sent on Try now')
    await outbox.start()
    const item = await waiting(outbox)
    expect(item.status).toBe('retry-wait')
    expect(item.nextAttemptAt - Date.now()).toBeGreaterThan(HOUR / 2)

    await outboxCommands.sandboxClearFaults(plannr.sandbox.id)
    await outbox.tryNow()
    await until(outbox, sent)
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name === 'Sent on Try now')).toHaveLength(1)
  })

  it('keeps the wait Plannr asked for with a 429, also after a restart', async () => {
    const rateLimited = { baseMs: 50, maxMs: HOUR }
    outbox = testOutbox(dbs, plannr.api, { backoff: HOUR_BACKOFF, rateLimitBackoff: rateLimited })
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'POST /api/v1/group', {
      rateLimitBurst: 1,
      retryAfterSeconds: 600,
    })
    await queueGroup(outbox, 'Sent when Plannr says')
    await outbox.start()
    const asked = await waiting(outbox)
    expect(asked.problem?.kind).toBe('rate-limited')
    expect(asked.nextAttemptAt - Date.now()).toBeGreaterThan(5 * 60_000)

    await outbox.tryNow()
    expect((await outbox.snapshot()).items).toEqual([expect.objectContaining({ nextAttemptAt: asked.nextAttemptAt })])

    // Restarted, the outbox no longer holds the 429 in memory: the stored wait is what keeps it.
    await outbox.stop()
    dbs.close()
    dbs = await openPlannrDatabases(dbName)
    outbox = testOutbox(dbs, plannr.api, { backoff: HOUR_BACKOFF, rateLimitBackoff: rateLimited })
    await outbox.start()
    await outbox.tryNow()
    expect((await outbox.snapshot()).items).toEqual([
      expect.objectContaining({ status: 'retry-wait', nextAttemptAt: asked.nextAttemptAt }),
    ])
  })

  it('keeps the settle window of a create Plannr may still be saving, also when Plannr works again and after a restart', async () => {
    // The gateway gave up on the create (504): Plannr may still be saving it, for up to the window.
    outbox = testOutbox(dbs, plannr.api, { inDoubtSettleMs: HOUR })
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'POST /api/v1/group', { status: 504 })
    await queueGroup(outbox, 'Looked up once Plannr is done')
    await outbox.start()
    const settling = await waiting(outbox)
    expect(settling).toMatchObject({ status: 'outcome-unknown', problem: { status: 504, settling: true } })
    expect(settling.nextAttemptAt - Date.now()).toBeGreaterThan(HOUR / 2)
    const kept = [expect.objectContaining({ status: 'outcome-unknown', nextAttemptAt: settling.nextAttemptAt })]

    await outbox.tryNow()
    outbox.setOnline(false)
    outbox.setOnline(true)
    await outbox.tryNow()
    expect((await outbox.snapshot()).items).toEqual(kept)

    // Restarted: the stored wait is what keeps it, through recovery and Plannr working again.
    await outbox.stop()
    dbs.close()
    dbs = await openPlannrDatabases(dbName)
    outbox = testOutbox(dbs, plannr.api, { inDoubtSettleMs: HOUR })
    outbox.setOnline(true)
    await outbox.start()
    await outbox.tryNow()
    expect((await outbox.snapshot()).items).toEqual(kept)
  })

  it('gives a write the app closed on mid-send the same window before it is looked up', async () => {
    // The app (or the window) went away while a create was on its way: Plannr may be saving it
    // yet, as after a gateway's 504, and a lookup now could find nothing and send it again.
    outbox = testOutbox(dbs, plannr.api, { inDoubtSettleMs: HOUR })
    await queueGroup(outbox, 'Sent as the app closed')
    const [queued] = (await outbox.snapshot()).items
    if (!queued) throw new Error('nothing queued')
    await dbs.durable.outbox.update(queued.id, { status: 'sending', attempts: 1, firstSentAt: Date.now() })

    const startedAt = Date.now()
    await outbox.start()
    await outbox.tryNow()
    const [recovered] = (await outbox.snapshot()).items
    expect(recovered).toMatchObject({ status: 'outcome-unknown', problem: { settling: true } })
    expect((recovered?.nextAttemptAt ?? 0) - startedAt).toBeGreaterThan(HOUR / 2)
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name === 'Sent as the app closed')).toHaveLength(0)
  })
})
