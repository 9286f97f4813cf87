import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlannrDatabases } from '../../src/renderer/src/data/db'
import { enqueue } from '../../src/renderer/src/outbox'
import type { Group } from '../../src/shared/plannr/models'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import {
  never,
  outboxCommands,
  someAccounts,
  testOutbox,
  withGroupCreate,
  sharedDatabase,
  type SharedDatabase,
} from './helpers/outbox'

/**
 * Kill-and-restart at each step of an operation's life. "Killing" the app is closing its
 * database and abandoning its outbox mid-flight (its answer never arrives); "restarting" is a new
 * Dexie instance and a new outbox over the same database name. Each ends exactly once on Plannr.
 */
let plannr: TestPlannr
let shared: SharedDatabase

beforeEach(async () => {
  plannr = await startPlannr({ seed: 11, accounts: 40, groups: 3 })
  shared = sharedDatabase(freshDbName('outbox-restart'))
})

afterEach(async () => {
  shared.closeAll()
  await plannr.stop()
})

const boot = (): Promise<PlannrDatabases> => shared.boot()

function kill(dbs: PlannrDatabases): void {
  dbs.close()
}

/** A group and a circle in it, both queued offline; returns the circle's account. */
async function queueGroupAndCircle(
  dbs: PlannrDatabases,
  groupName: string,
): Promise<{ account: string; tempGroup: string }> {
  const [account] = await someAccounts(plannr.api, 1)
  if (!account) throw new Error('no accounts in the sandbox')
  const group = await enqueue(dbs.durable, 'create-group', { name: groupName, participants: [account] })
  if (!group.ok) throw new Error(group.error.message)
  const circle = await enqueue(dbs.durable, 'create-circle', {
    name: `${groupName} circle`,
    account_uuids: [account],
    group_uuids: [group.tempUuid],
  })
  if (!circle.ok) throw new Error(circle.error.message)
  return { account, tempGroup: group.tempUuid }
}

async function expectExactlyOnce(groupName: string, account: string): Promise<void> {
  const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
  const groups = server.groups.filter((group) => group.name === groupName)
  expect(groups).toHaveLength(1)
  const circles = server.circles.filter((circle) => circle.name === `${groupName} circle`)
  expect(circles).toHaveLength(1)
  expect(circles[0]?.groups).toEqual([groups[0]?.uuid])
  expect(circles[0]?.accounts).toEqual([account])
  expect(groups[0]?.members).toEqual([account])
}

async function expectCacheSettled(dbs: PlannrDatabases, groupName: string, tempGroup: string): Promise<void> {
  expect(await dbs.durable.outbox.count()).toBe(0)
  expect(await dbs.durable.groups.get(tempGroup)).toBeUndefined()
  const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
  const real = server.groups.find((group) => group.name === groupName)
  const cached = await dbs.durable.groups.get(real?.uuid ?? '')
  expect(cached?.pendingOpId).toBeNull()
  const circle = await dbs.durable.circles.where('name').equals(`${groupName} circle`).first()
  expect(circle?.pendingOpId).toBeNull()
  expect(circle?.groups.map((ref) => ref.uuid)).toEqual([real?.uuid])
  // Memberships shown while pending moved to the real group.
  expect(
    await dbs.durable.memberships
      .bulkGet(
        (server.groups.find((g) => g.name === groupName)?.members ?? []).map((uuid): [string, string] => [
          tempGroup,
          uuid,
        ]),
      )
      .then((rows) => rows.filter((row) => row !== undefined).length),
  ).toBe(0)
}

describe('outbox survives a restart', () => {
  it('after enqueue, before any send', async () => {
    const first = await boot()
    const { account, tempGroup } = await queueGroupAndCircle(first, 'Restart after enqueue')
    // Durable before "queued": the pending group is there the moment enqueue resolved.
    expect((await first.durable.groups.get(tempGroup))?.pendingOpId).toBeTruthy()
    kill(first)

    const second = await boot()
    const outbox = testOutbox(second, plannr.api)
    await outbox.start()
    const done = await outbox.idle()
    expect(done.counts.total).toBe(0)
    await expectExactlyOnce('Restart after enqueue', account)
    await expectCacheSettled(second, 'Restart after enqueue', tempGroup)
    await outbox.stop()
  })

  it("while 'sending', before the request left", async () => {
    const first = await boot()
    const { account, tempGroup } = await queueGroupAndCircle(first, 'Restart while sending')
    let reached!: () => void
    const atSend = new Promise<void>((resolve) => (reached = resolve))
    const dying = testOutbox(
      first,
      withGroupCreate(plannr.api, () => {
        reached()
        return never()
      }),
    )
    await dying.start()
    await atSend
    const stored = await first.durable.outbox.toArray()
    expect(stored.find((op) => op.kind === 'create-group')).toMatchObject({ status: 'sending', attempts: 1 })
    kill(first)

    const second = await boot()
    const recovered = testOutbox(second, plannr.api)
    await recovered.start()
    await recovered.idle()
    await expectExactlyOnce('Restart while sending', account)
    await expectCacheSettled(second, 'Restart while sending', tempGroup)
    await recovered.stop()
  })

  it('after Plannr committed, before the outbox recorded it', async () => {
    const first = await boot()
    const { account, tempGroup } = await queueGroupAndCircle(first, 'Restart after commit')
    let committed!: (group: Group) => void
    const atCommit = new Promise<Group>((resolve) => (committed = resolve))
    const dying = testOutbox(
      first,
      withGroupCreate(plannr.api, async (input) => {
        const result = await plannr.api.groups.create(input)
        if (result.ok) committed(result.value)
        return never()
      }),
    )
    await dying.start()
    const created = await atCommit
    kill(first)

    const second = await boot()
    const recovered = testOutbox(second, plannr.api)
    await recovered.start()
    await recovered.idle()
    await expectExactlyOnce('Restart after commit', account)
    await expectCacheSettled(second, 'Restart after commit', tempGroup)
    // Adopted, not re-created: the uuid is the one the lost answer carried.
    expect(await second.durable.groups.get(created.uuid)).toMatchObject({
      name: 'Restart after commit',
      pendingOpId: null,
    })
    expect(plannr.calls.get('groups.create')).toBe(1)
    await recovered.stop()
  })

  it('while Plannr is still committing the create: the lookup waits for it, nothing is sent twice', async () => {
    const name = 'Restart mid-commit'
    const first = await boot()
    const queued = await enqueue(first.durable, 'create-business-unit', { name })
    if (!queued.ok) throw new Error(queued.error.message)
    // The create commits after a second; the lookup's list reads at once but answers over two.
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'POST /api/v1/business-units', { latencyMs: 1_000 })
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'GET /api/v1/business-units', { slowBodyMs: 2_000 })
    let sent!: () => void
    const atSend = new Promise<void>((resolve) => (sent = resolve))
    const dying = testOutbox(first, {
      ...plannr.api,
      businessUnits: {
        ...plannr.api.businessUnits,
        create: (input) => {
          // The request is on its way in main when the page dies.
          void plannr.api.businessUnits.create(input)
          sent()
          return never()
        },
      },
    })
    await dying.start()
    await atSend
    kill(first)

    const second = await boot()
    const recovered = testOutbox(second, plannr.api)
    await recovered.start()
    await recovered.idle()
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.businessUnits.filter((unit) => unit.name === name)).toHaveLength(1)
    expect(plannr.calls.get('businessUnits.create')).toBe(1)
    expect(await second.durable.outbox.count()).toBe(0)
    const cached = await second.durable.businessUnits.where('name').equals(name).toArray()
    expect(cached.map((unit) => [unit.uuid, unit.pendingOpId])).toEqual([
      [server.businessUnits.find((unit) => unit.name === name)?.uuid, null],
    ])
    await recovered.stop()
  })
})
