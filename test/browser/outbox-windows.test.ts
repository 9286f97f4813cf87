import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlannrDatabases } from '../../src/renderer/src/data/db'
import type { Outbox } from '../../src/renderer/src/outbox'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import {
  outboxCommands,
  testOutbox,
  until,
  withGroupCreate,
  sharedDatabase,
  type SharedDatabase,
} from './helpers/outbox'

/**
 * Two outboxes on one database: a second window, or a reloaded page while the first page's
 * request is still on its way. Only one of them may drain; the other shows the queue and waits.
 */
let plannr: TestPlannr
let shared: SharedDatabase
const outboxes: Outbox[] = []

beforeEach(async () => {
  plannr = await startPlannr({ seed: 12, accounts: 20, groups: 2 })
  shared = sharedDatabase(freshDbName('outbox-windows'))
})

afterEach(async () => {
  for (const outbox of outboxes.splice(0)) await outbox.stop()
  shared.closeAll()
  await plannr.stop()
})

const boot = (): Promise<PlannrDatabases> => shared.boot()

function started(outbox: Outbox): Outbox {
  outboxes.push(outbox)
  return outbox
}

describe('one drainer per database', () => {
  it('a second outbox started while a slow create is in flight does not send it again', async () => {
    const first = await boot()
    const second = await boot()
    // Plannr takes a while to answer the create: the second outbox starts in the middle of it.
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, 'POST /api/v1/group', { latencyMs: 1_500 })
    let reached!: () => void
    const atSend = new Promise<void>((resolve) => (reached = resolve))
    const a = started(
      testOutbox(
        first,
        withGroupCreate(plannr.api, (input) => {
          reached()
          return plannr.api.groups.create(input)
        }),
      ),
    )
    const queued = await a.enqueue('create-group', { name: 'Two windows' })
    expect(queued.ok).toBe(true)
    await a.start()
    await atSend

    const b = started(testOutbox(second, plannr.api))
    await b.start()
    // The waiting outbox still shows what is queued.
    expect((await b.snapshot()).counts.total).toBe(1)

    await until(b, (snapshot) => snapshot.counts.total === 0)
    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name === 'Two windows')).toHaveLength(1)
    expect(plannr.calls.get('groups.create')).toBe(1)
    const cached = await second.durable.groups.where('name').equals('Two windows').toArray()
    expect(cached).toHaveLength(1)
    expect(cached[0]?.pendingOpId).toBeNull()
  })

  it('work queued in the waiting window is sent by the drainer, and by the waiter once the drainer stops', async () => {
    const first = await boot()
    const second = await boot()
    const a = started(testOutbox(first, plannr.api))
    await a.start()
    const b = started(testOutbox(second, plannr.api))
    await b.start()

    const fromB = await b.enqueue('create-group', { name: 'Queued in window two' })
    expect(fromB.ok).toBe(true)
    await until(a, (snapshot) => snapshot.counts.total === 0)
    await until(b, (snapshot) => snapshot.counts.total === 0)

    await a.stop()
    const later = await b.enqueue('create-business-unit', { name: 'After the first window closed' })
    expect(later.ok).toBe(true)
    await until(b, (snapshot) => snapshot.counts.total === 0)

    const server = await outboxCommands.sandboxSnapshot(plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name === 'Queued in window two')).toHaveLength(1)
    expect(server.businessUnits.filter((unit) => unit.name === 'After the first window closed')).toHaveLength(1)
    expect(plannr.calls.get('groups.create')).toBe(1)
    expect(plannr.calls.get('businessUnits.create')).toBe(1)
  })
})
