import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ulid } from 'ulid'
import type { PlannrDatabases } from '../../src/renderer/src/data/db'
import type { Outbox } from '../../src/renderer/src/outbox'
import { unwrap } from '../../src/renderer/src/lib/ipc'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import { open, outboxCommands, someAccounts, testOutbox, until, withGroupCreate } from './helpers/outbox'

/**
 * After an unknown outcome the outbox looks for the record it may have made. A record found is
 * adopted only with evidence that our request made it: created at or after our first send (on
 * Plannr's clock) and holding what we sent. Anything else is somebody else's, and the operation
 * goes on as if nothing was found.
 */
let plannr: TestPlannr
let dbs: PlannrDatabases
let outbox: Outbox

const HOUR = 3_600

beforeEach(async () => {
  plannr = await startPlannr({ seed: 14, accounts: 30, groups: 2 })
  dbs = await open(freshDbName('outbox-adoption'))
})

afterEach(async () => {
  await outbox.stop()
  dbs.close()
  await plannr.stop()
})

/** Plannr answers the next create with a 5xx without doing anything, then works again. */
async function failFirstCreate(route: string): Promise<void> {
  await outboxCommands.sandboxSetFault(plannr.sandbox.id, route, { errorRate: 1 })
  await until(outbox, (snapshot) => snapshot.items.some((item) => item.attempts > 0 && item.status !== 'sending'))
  await outboxCommands.sandboxClearFaults(plannr.sandbox.id)
}

describe('adoption after an unknown outcome', () => {
  it('a same-named group made on Plannr before our first send is not ours: needs attention', async () => {
    const [account] = await someAccounts(plannr.api, 1)
    const theirs = await unwrap(plannr.api.groups.create({ opId: ulid(), body: { name: 'Taken on Plannr' } }))
    await outboxCommands.sandboxBackdate(plannr.sandbox.id, theirs.uuid, HOUR)

    outbox = testOutbox(dbs, plannr.api)
    const queued = await outbox.enqueue('create-group', { name: 'Taken on Plannr', participants: [account ?? ''] })
    expect(queued.ok).toBe(true)
    await outbox.start()
    await failFirstCreate('POST /api/v1/group')

    const settled = await until(outbox, (snapshot) => snapshot.counts.pending === 0)
    expect(settled.items).toHaveLength(1)
    expect(settled.items[0]).toMatchObject({ state: 'needs-attention', problem: { kind: 'validation' } })
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    const named = server.groups.filter((group) => group.name === 'Taken on Plannr')
    expect(named).toEqual([expect.objectContaining({ uuid: theirs.uuid, members: [] })])
    // The user's pending group is still theirs to fix, with the participants they picked.
    expect((await dbs.durable.groups.get(queued.ok ? queued.tempUuid : ''))?.pendingOpId).toBeTruthy()
  })

  it('an identical group made before our first send is not adopted either', async () => {
    const theirs = await unwrap(plannr.api.groups.create({ opId: ulid(), body: { name: 'Identical but older' } }))
    await outboxCommands.sandboxBackdate(plannr.sandbox.id, theirs.uuid, HOUR)

    outbox = testOutbox(dbs, plannr.api)
    await outbox.enqueue('create-group', { name: 'Identical but older' })
    await outbox.start()
    await failFirstCreate('POST /api/v1/group')

    const settled = await until(outbox, (snapshot) => snapshot.counts.pending === 0)
    expect(settled.items[0]).toMatchObject({ state: 'needs-attention', problem: { kind: 'validation' } })
    expect(await dbs.durable.groups.get(theirs.uuid)).toBeUndefined()
  })

  it('a same-named group someone made after our send, with other participants, is not adopted', async () => {
    const [mine, other] = await someAccounts(plannr.api, 2)
    let first = true
    // Our request never reaches Plannr (the answer is unknown); meanwhile a colleague creates a
    // group of the same name with different people in it.
    const api = withGroupCreate(plannr.api, async (input) => {
      if (!first) return plannr.api.groups.create(input)
      first = false
      await unwrap(
        plannr.api.groups.create({ opId: ulid(), body: { name: input.body.name, participants: [other ?? ''] } }),
      )
      return { ok: false, error: { kind: 'outcome-unknown', message: 'The connection dropped.' } }
    })
    outbox = testOutbox(dbs, api)
    await outbox.enqueue('create-group', { name: 'Raced on Plannr', participants: [mine ?? ''] })
    await outbox.start()

    const settled = await until(outbox, (snapshot) => snapshot.counts.pending === 0)
    expect(settled.items[0]).toMatchObject({ state: 'needs-attention', problem: { kind: 'validation' } })
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name === 'Raced on Plannr').map((group) => group.members)).toEqual([
      [other],
    ])
  })

  it('an identical circle made before our first send is left alone and ours is created', async () => {
    const [account] = await someAccounts(plannr.api, 1)
    const body = { name: 'Smith family', account_uuids: [account ?? ''], group_uuids: [] }
    const theirs = await unwrap(plannr.api.circles.create({ opId: ulid(), body }))
    await outboxCommands.sandboxBackdate(plannr.sandbox.id, theirs.uuid, HOUR)

    outbox = testOutbox(dbs, plannr.api)
    await outbox.enqueue('create-circle', body)
    await outbox.start()
    await failFirstCreate('POST /api/v1/circles')

    const settled = await until(outbox, (snapshot) => snapshot.counts.total === 0)
    expect(settled.counts.total).toBe(0)
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    const smiths = server.circles.filter((circle) => circle.name === 'Smith family')
    expect(smiths).toHaveLength(2)
    const ours = smiths.find((circle) => circle.uuid !== theirs.uuid)
    expect(await dbs.durable.circles.get(ours?.uuid ?? '')).toMatchObject({ pendingOpId: null })
    expect(await dbs.durable.circles.get(theirs.uuid)).toBeUndefined()
  })

  it('our own create that landed before the answer was lost is still adopted', async () => {
    const [account] = await someAccounts(plannr.api, 1)
    outbox = testOutbox(dbs, plannr.api)
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'POST /api/v1/group', { commitThenDropRate: 1 })
    await outbox.enqueue('create-group', { name: 'Landed, answer lost', participants: [account ?? ''] })
    await outbox.start()

    // Every answer to a create is lost after Plannr made it: only the lookup can finish this.
    const settled = await until(outbox, (snapshot) => snapshot.counts.total === 0)
    expect(settled.counts.total).toBe(0)
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name === 'Landed, answer lost')).toHaveLength(1)
    expect(plannr.calls.get('groups.create')).toBe(1)
  })

  it('an attempt that never reached Plannr is not a send: a unit made after it is not adopted', async () => {
    const name = 'Made while we were offline'
    // First the network is down (the connection is never made), then one send times out, then
    // sends reach Plannr.
    let phase: 'no-connection' | 'timeout' | 'through' = 'no-connection'
    let triedOffline!: () => void
    const offline = new Promise<void>((resolve) => (triedOffline = resolve))
    outbox = testOutbox(dbs, {
      ...plannr.api,
      businessUnits: {
        ...plannr.api.businessUnits,
        create: async (input) => {
          if (phase === 'no-connection') {
            triedOffline()
            return { ok: false, error: { kind: 'network', message: 'Plannr could not be reached.' } }
          }
          if (phase === 'timeout') {
            phase = 'through'
            return { ok: false, error: { kind: 'timeout', message: 'Plannr did not answer in time.' } }
          }
          return plannr.api.businessUnits.create(input)
        },
      },
    })
    const queued = await outbox.enqueue('create-business-unit', { name })
    expect(queued.ok).toBe(true)
    await outbox.start()
    await offline
    // A colleague makes a unit of that name on Plannr while we cannot reach it.
    const theirs = await unwrap(plannr.api.businessUnits.create({ opId: ulid(), body: { name } }))
    // Past the adoption check's allowance for clocks and created_at's resolution.
    await new Promise((resolve) => setTimeout(resolve, 4_500))
    phase = 'timeout'

    const settled = await until(outbox, (snapshot) => snapshot.counts.pending === 0)
    // Not adopted: our send was refused as a duplicate name and the user decides.
    expect(settled.items).toEqual([
      expect.objectContaining({ state: 'needs-attention', problem: expect.objectContaining({ kind: 'validation' }) }),
    ])
    expect(await dbs.durable.businessUnits.get(theirs.uuid)).toBeUndefined()
    expect((await dbs.durable.businessUnits.get(queued.ok ? queued.tempUuid : ''))?.pendingOpId).toBeTruthy()
  })

  it('a clock corrected between our send and the lookup does not move the window: an earlier unit is not ours', async () => {
    const name = 'Made before the clock was put right'
    const TEN_MINUTES = 10 * 60_000
    // This computer's clock runs ten minutes slow; main measures that from Plannr's answers.
    let slowBy = TEN_MINUTES
    const api: typeof plannr.api = {
      ...plannr.api,
      app: {
        ...plannr.api.app,
        serverClock: async () => {
          const reading = await plannr.api.app.serverClock()
          if (!reading.ok || reading.value.offsetMs === null) return reading
          return { ok: true, value: { ...reading.value, offsetMs: reading.value.offsetMs + slowBy } }
        },
      },
    }
    // A colleague made a unit of that name on Plannr five minutes before we send ours.
    const theirs = await unwrap(plannr.api.businessUnits.create({ opId: ulid(), body: { name } }))
    await outboxCommands.sandboxBackdate(plannr.sandbox.id, theirs.uuid, 5 * 60)
    // A reading of Plannr's clock exists before our first send, as after any earlier answer.
    await unwrap(plannr.api.businessUnits.list({ page: 1, perPage: 1, sort: 'name' }))

    outbox = testOutbox(dbs, api, { now: () => Date.now() - slowBy })
    const queued = await outbox.enqueue('create-business-unit', { name })
    expect(queued.ok).toBe(true)
    // The send gets a 5xx (it may have been applied), and the lookup cannot run yet.
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'POST /api/v1/business-units', { errorRate: 1 })
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'GET /api/v1/business-units', { errorRate: 1 })
    await outbox.start()
    await until(outbox, (snapshot) => snapshot.items.some((item) => item.attempts >= 2 && item.status !== 'sending'))
    // The computer wakes and its clock is put right: our clock and main's offset both move.
    slowBy = 0
    await outboxCommands.sandboxClearFaults(plannr.sandbox.id)

    const settled = await until(outbox, (snapshot) => snapshot.counts.pending === 0)
    // Not adopted: the colleague's unit is older than our send, on Plannr's clock.
    expect(settled.items).toEqual([
      expect.objectContaining({ state: 'needs-attention', problem: expect.objectContaining({ kind: 'validation' }) }),
    ])
    expect(await dbs.durable.businessUnits.get(theirs.uuid)).toBeUndefined()
  })
})

describe('a create Plannr may already have', () => {
  it('cannot be edited into another create: it is looked up as sent first, and made once', async () => {
    outbox = testOutbox(dbs, plannr.api)
    // Plannr makes the group but the answer is lost; then the lookup itself is refused.
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'POST /api/v1/group', { commitThenDropRate: 1 })
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'GET /api/v1/group', { status: 409 })
    const queued = await outbox.enqueue('create-group', { name: 'Sent once' })
    if (!queued.ok) throw new Error(queued.error.message)
    await outbox.start()
    const stuck = await until(outbox, (snapshot) => snapshot.counts.needsAttention === 1)
    await outboxCommands.sandboxClearFaults(plannr.sandbox.id)
    const item = stuck.items[0]
    if (!item) throw new Error('nothing needs attention')

    // Sent under another name, the lookup would look for that name, find nothing, and send it:
    // two groups. The edit is refused with the reason, and nothing is sent.
    const edited = await outbox.retry(item.id, { name: 'Sent once, renamed' })
    expect(edited.ok).toBe(false)
    expect(JSON.stringify(edited)).toMatch(/may already have/)
    expect((await outbox.snapshot()).items[0]).toMatchObject({ id: item.id, state: 'needs-attention' })

    // Sent again as it was, it is found and adopted: one group.
    expect((await outbox.retry(item.id)).ok).toBe(true)
    expect((await outbox.idle()).counts.total).toBe(0)
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name.startsWith('Sent once'))).toHaveLength(1)
    expect(plannr.calls.get('groups.create')).toBe(1)
  })
})
