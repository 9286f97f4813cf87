import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ulid } from 'ulid'
import type { OutboxRecord } from '../../src/renderer/src/data'
import type { PlannrDatabases } from '../../src/renderer/src/data/db'
import type { Outbox } from '../../src/renderer/src/outbox'
import { unwrap } from '../../src/renderer/src/lib/ipc'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import { open, outboxCommands, someAccounts, testOutbox, until } from './helpers/outbox'

/**
 * A create in doubt whose send never reached Plannr, looked up long after that send (lookups
 * kept failing, the app was closed): a record of the same name and fields that a colleague made
 * on Plannr since then was made too late to be ours. Our request could only have made a record
 * while it could still be running on Plannr (until the settle window after we stopped waiting
 * for it), so the colleague's is left alone and ours is sent.
 */
let plannr: TestPlannr
let dbs: PlannrDatabases
let outbox: Outbox

/**
 * How much later than our send the colleague's record was made, in seconds (far past any settle
 * window): its creation time is moved that far on, which stands for the hours the app spent
 * closed before the lookup below.
 */
const THREE_HOURS = 3 * 3_600

beforeEach(async () => {
  plannr = await startPlannr({ seed: 15, accounts: 30, groups: 2 })
  dbs = await open(freshDbName('outbox-adoption-late'))
})

afterEach(async () => {
  await outbox.stop()
  dbs.close()
  await plannr.stop()
})

/**
 * The create on `route` gets a 5xx without Plannr doing anything (the outcome is in doubt), every
 * lookup of `listRoute` fails too, then the app closes with the operation still in doubt.
 */
async function sendInDoubtThenClose(route: string, listRoute: string): Promise<void> {
  await outboxCommands.sandboxSetFault(plannr.sandbox.id, route, { errorRate: 1 })
  await outboxCommands.sandboxSetFault(plannr.sandbox.id, listRoute, { errorRate: 1 })
  await outbox.start()
  // One send and at least one failed lookup.
  await until(outbox, (snapshot) =>
    snapshot.items.some((item) => item.attempts >= 2 && item.status === 'outcome-unknown'),
  )
  await outbox.stop()
  await outboxCommands.sandboxClearFaults(plannr.sandbox.id)
}

/** The operation's row as an older version stored it: its first send time only. */
async function forgetLatestSend(id: string): Promise<void> {
  const row = await dbs.durable.outbox.get(id)
  if (!row?.firstSentAt) throw new Error(`operation ${id} was never sent`)
  const older: OutboxRecord = { ...row }
  delete older.lastSentAt
  delete older.lastSentClock
  await dbs.durable.outbox.put(older)
}

/** The app opens again, long after: a new outbox over the same database. */
function reopen(): Outbox {
  outbox = testOutbox(dbs, plannr.api)
  return outbox
}

describe('a record made long after our send is not adopted', () => {
  it("a colleague's same-named business unit is not taken for ours, nor are our dependents pointed at it", async () => {
    const name = 'North West office'
    outbox = testOutbox(dbs, plannr.api)
    const unit = await outbox.enqueue('create-business-unit', { name })
    if (!unit.ok) throw new Error(unit.error.message)
    const group = await outbox.enqueue('create-group', { name: 'North West clients', business_unit: unit.tempUuid })
    if (!group.ok) throw new Error(group.error.message)
    await sendInDoubtThenClose('POST /api/v1/business-units', 'GET /api/v1/business-units')
    expect(plannr.calls.get('businessUnits.create')).toBe(1)

    // Three hours after our send, a colleague in the firm makes a unit of that name.
    const theirs = await unwrap(plannr.api.businessUnits.create({ opId: ulid(), body: { name } }))
    await outboxCommands.sandboxBackdate(plannr.sandbox.id, theirs.uuid, -THREE_HOURS)
    const createsBefore = plannr.calls.get('businessUnits.create') ?? 0

    await reopen().start()
    const settled = await until(outbox, (snapshot) => snapshot.counts.pending === 0)
    // Ours was sent again (not adopted) and Plannr, which keeps unit names unique, refused it:
    // the user decides. The group waiting for our unit is not sent with the colleague's.
    expect(plannr.calls.get('businessUnits.create')).toBe(createsBefore + 1)
    expect(settled.items).toEqual([
      expect.objectContaining({
        id: unit.op.id,
        state: 'needs-attention',
        problem: expect.objectContaining({ kind: 'validation' }),
      }),
      expect.objectContaining({ id: group.op.id, state: 'blocked' }),
    ])
    expect(await dbs.durable.businessUnits.get(theirs.uuid)).toBeUndefined()
    expect((await dbs.durable.businessUnits.get(unit.tempUuid))?.pendingOpId).toBe(unit.op.id)
    const waiting = await dbs.durable.outbox.get(group.op.id)
    expect(waiting?.payload).toMatchObject({ business_unit: unit.tempUuid })
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.groups.filter((row) => row.name === 'North West clients')).toEqual([])
  })

  it.each([{ stored: 'by this version' }, { stored: 'before the latest send time was kept' }])(
    "a colleague's identical circle is left alone and ours is created beside it (stored $stored)",
    async ({ stored }) => {
      const [account] = await someAccounts(plannr.api, 1)
      const body = { name: 'Jones family', account_uuids: [account ?? ''], group_uuids: [] }
      outbox = testOutbox(dbs, plannr.api)
      const queued = await outbox.enqueue('create-circle', body)
      if (!queued.ok) throw new Error(queued.error.message)
      await sendInDoubtThenClose('POST /api/v1/circles', 'GET /api/v1/circles')
      if (stored !== 'by this version') await forgetLatestSend(queued.op.id)

      const theirs = await unwrap(plannr.api.circles.create({ opId: ulid(), body }))
      await outboxCommands.sandboxBackdate(plannr.sandbox.id, theirs.uuid, -THREE_HOURS)

      await reopen().start()
      const settled = await until(outbox, (snapshot) => snapshot.counts.total === 0)
      expect(settled.counts.total).toBe(0)
      const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
      const joneses = server.circles.filter((circle) => circle.name === 'Jones family')
      expect(joneses).toHaveLength(2)
      const ours = joneses.find((circle) => circle.uuid !== theirs.uuid)
      expect(await dbs.durable.circles.get(ours?.uuid ?? '')).toMatchObject({ pendingOpId: null })
      expect(await dbs.durable.circles.get(theirs.uuid)).toBeUndefined()
    },
  )
})
