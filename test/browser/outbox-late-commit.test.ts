import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openPlannrDatabases, type PlannrDatabases } from '../../src/renderer/src/data/db'
import type { Outbox, OutboxSnapshot } from '../../src/renderer/src/outbox'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import { outboxCommands, someAccounts, testOutbox, until, type FullFaultRule } from './helpers/outbox'

/**
 * A gateway in front of Plannr gives up on a create (504) while Plannr is still working on it,
 * and saves it a moment later. The outbox must not look it up before then: a lookup that comes
 * too early finds nothing, and the create is sent again, a second circle beside the first, or a
 * group refused as "already taken" by its own first copy. Neither Plannr working again (the 504
 * said it did not) nor Try now may bring that lookup forward.
 */
const SETTLE_MS = 5_000
/** When Plannr saves the create after the gateway's 504: well inside the settle window. */
const LATE_MS = 1_000

let plannr: TestPlannr
let dbs: PlannrDatabases
let outbox: Outbox

beforeEach(async () => {
  plannr = await startPlannr({ seed: 23, accounts: 20, groups: 2 })
  dbs = await openPlannrDatabases(freshDbName('outbox-late-commit'))
  outbox = testOutbox(dbs, plannr.api, { inDoubtSettleMs: SETTLE_MS })
})

afterEach(async () => {
  await outbox.stop()
  dbs.close()
  await plannr.stop()
})

async function setFault(route: string, rule: FullFaultRule): Promise<void> {
  await outboxCommands.sandboxSetFault(plannr.sandbox.id, route, rule)
}

/** Once the gateway's 504 came back for the create (or, sent again at once, it is gone already). */
function afterGatewayTimeout(): Promise<OutboxSnapshot> {
  return until(
    outbox,
    (snapshot) => snapshot.counts.total === 0 || snapshot.items.some((item) => item.problem?.status === 504),
  )
}

/** Everything sent and looked up, and every write Plannr was still doing performed: what Plannr holds now is final. */
async function settled(): Promise<OutboxSnapshot> {
  const finished = await outbox.idle()
  await outboxCommands.sandboxLateWritesPerformed(plannr.sandbox.id)
  return finished
}

describe('a create Plannr is still saving when the gateway answers 504', () => {
  it('makes one circle, though Plannr works again and the user presses Try now meanwhile', async () => {
    const accounts = await someAccounts(plannr.api, 2)
    await setFault('POST /api/v1/circles', { commitLateMs: LATE_MS, commitLateTimes: 1 })
    const queued = await outbox.enqueue('create-circle', {
      name: 'Late family',
      account_uuids: accounts,
      group_uuids: [],
    })
    expect(queued.ok).toBe(true)
    await outbox.start()

    const inDoubt = await afterGatewayTimeout()
    const waitLeft = (inDoubt.items[0]?.nextAttemptAt ?? 0) - Date.now()
    // The 504 made Plannr "unavailable"; its next check finds it working; the user presses Try now.
    outbox.setOnline(false)
    outbox.setOnline(true)
    await outbox.tryNow()

    const finished = await settled()
    expect(finished.counts).toEqual({ pending: 0, needsAttention: 0, blocked: 0, total: 0 })
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.circles.filter((circle) => circle.name === 'Late family')).toHaveLength(1)
    // Meanwhile it said truthfully that the app would check whether Plannr received it, and not yet.
    expect(inDoubt.items[0]).toMatchObject({ status: 'outcome-unknown', mayHaveLanded: true })
    expect(waitLeft).toBeGreaterThan(SETTLE_MS / 2)
  })

  it("makes one circle, though the user presses the item's own Try now meanwhile", async () => {
    const accounts = await someAccounts(plannr.api, 2)
    await setFault('POST /api/v1/circles', { commitLateMs: LATE_MS, commitLateTimes: 1 })
    const queued = await outbox.enqueue('create-circle', {
      name: 'Late cousins',
      account_uuids: accounts,
      group_uuids: [],
    })
    if (!queued.ok) throw new Error(queued.error.message)
    await outbox.start()
    const inDoubt = await afterGatewayTimeout()
    const [item] = inDoubt.items
    if (!item) throw new Error('nothing in doubt')

    expect(await outbox.retry(item.id)).toEqual({ ok: true })
    const kept = (await outbox.snapshot()).items[0]
    expect(kept).toMatchObject({ state: 'outcome-unknown', nextAttemptAt: item.nextAttemptAt })

    const finished = await settled()
    expect(finished.counts.total).toBe(0)
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.circles.filter((circle) => circle.name === 'Late cousins')).toHaveLength(1)
  })

  it('makes one group and adopts it, instead of refusing its name as taken by itself', async () => {
    // The create and its resend each take a while to reach Plannr: the first one saves while the
    // resend is on its way, and a resend would be refused as "already taken".
    await setFault('POST /api/v1/group', { latencyMs: 2 * LATE_MS, commitLateMs: LATE_MS, commitLateTimes: 1 })
    const queued = await outbox.enqueue('create-group', { name: 'Late group' })
    if (!queued.ok) throw new Error(queued.error.message)
    await outbox.start()
    await afterGatewayTimeout()

    const finished = await settled()
    expect(finished.items).toEqual([])
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    const named = server.groups.filter((group) => group.name === 'Late group')
    expect(named).toHaveLength(1)
    // The pending group became Plannr's (adopted), not a needs-attention item beside it.
    expect(await dbs.durable.groups.get(named[0]?.uuid ?? '')).toMatchObject({ name: 'Late group', pendingOpId: null })
    expect(await dbs.durable.groups.get(queued.tempUuid)).toBeUndefined()
  })

  it('makes one circle when main held the create before it left (its rate limiter, a token refresh)', async () => {
    // Main may hold a write before it leaves, and its own 20 s wait for an answer starts only
    // then: what bounds when our record can have been made is when the failure came back, not
    // when the outbox handed the write over.
    const HELD_MS = 30_000
    const held: typeof plannr.api = {
      ...plannr.api,
      circles: {
        ...plannr.api.circles,
        create: async (input) => {
          await new Promise((resolve) => setTimeout(resolve, HELD_MS))
          return plannr.api.circles.create(input)
        },
      },
    }
    await outbox.stop()
    outbox = testOutbox(dbs, held, { inDoubtSettleMs: SETTLE_MS })
    const accounts = await someAccounts(plannr.api, 2)
    await setFault('POST /api/v1/circles', { commitLateMs: LATE_MS, commitLateTimes: 1 })
    const queued = await outbox.enqueue('create-circle', {
      name: 'Held family',
      account_uuids: accounts,
      group_uuids: [],
    })
    if (!queued.ok) throw new Error(queued.error.message)
    await outbox.start()
    await afterGatewayTimeout()

    const finished = await settled()
    expect(finished.counts.total).toBe(0)
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.circles.filter((circle) => circle.name === 'Held family')).toHaveLength(1)
  }, 120_000)
})
