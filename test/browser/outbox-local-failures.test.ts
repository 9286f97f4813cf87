import { describe, expect, it } from 'vitest'
import type { CachedGroup, OutboxRecord } from '../../src/renderer/src/data/records'
import { useOutboxWorld } from './helpers/world'
import { outboxCommands, someAccounts, until } from './helpers/outbox'

/**
 * This computer fails, not Plannr: writing Plannr's answer into IndexedDB throws (the disk is
 * full, a DataError). The operation must not stay 'sending' until a restart: it is in doubt at
 * once, the user is told, and the next attempt looks it up before sending anything.
 */
const world = useOutboxWorld('outbox-local-failures', { seed: 15, accounts: 20, groups: 2 })

/** Makes every write of a new group row into the cache fail, as a full disk would, until undone. */
function failGroupWrites(): () => void {
  const refuse = (_key: unknown, _row: CachedGroup): void => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
  }
  world.dbs.durable.groups.hook('creating', refuse)
  return () => world.dbs.durable.groups.hook('creating').unsubscribe(refuse)
}

describe('when the answer cannot be saved', () => {
  it('the operation is looked up again instead of staying sending, and lands once', async () => {
    const [account] = await someAccounts(world.plannr.api, 1)
    const queued = await world.outbox.enqueue('create-group', { name: 'Full disk', participants: [account ?? ''] })
    expect(queued.ok).toBe(true)
    const restore = failGroupWrites()
    await world.outbox.start()

    const told = await until(world.outbox, (snapshot) =>
      snapshot.items.some((item) => item.problem?.message.startsWith("Couldn't save Plannr's answer") === true),
    )
    expect(told.items[0]).toMatchObject({ state: 'outcome-unknown', problem: { kind: 'not-saved' } })
    restore()

    const done = await until(world.outbox, (snapshot) => snapshot.counts.total === 0)
    expect(done.counts.total).toBe(0)
    const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
    const made = server.groups.filter((group) => group.name === 'Full disk')
    expect(made).toHaveLength(1)
    expect(world.plannr.calls.get('groups.create')).toBe(1)
    expect(await world.dbs.durable.groups.get(made[0]?.uuid ?? '')).toMatchObject({
      name: 'Full disk',
      pendingOpId: null,
    })
  })

  it('a failed send whose status cannot be written is still shown, retried, and lands once', async () => {
    const [account] = await someAccounts(world.plannr.api, 1)
    const queued = await world.outbox.enqueue('create-group', {
      name: 'Status not saved',
      participants: [account ?? ''],
    })
    expect(queued.ok).toBe(true)
    // Plannr fails the create without doing it, and this computer cannot write what became of
    // the send (marking it sending still works).
    await outboxCommands.sandboxSetFault(world.plannr.sandbox.id, 'POST /api/v1/group', { errorRate: 1 })
    const refuse = (changes: object, _key: unknown, row: OutboxRecord): void => {
      if (row.status === 'sending' && 'status' in changes && changes.status !== 'sending')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    }
    world.dbs.durable.outbox.hook('updating', refuse)
    await world.outbox.start()

    // Not stuck on "sending": the user sees that Plannr failed it.
    const told = await until(world.outbox, (snapshot) => snapshot.items.some((item) => item.problem?.kind === 'server'))
    expect(told.items[0]?.state).not.toBe('sending')
    world.dbs.durable.outbox.hook('updating').unsubscribe(refuse)
    await outboxCommands.sandboxClearFaults(world.plannr.sandbox.id)

    const done = await until(world.outbox, (snapshot) => snapshot.counts.total === 0)
    expect(done.counts.total).toBe(0)
    const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name === 'Status not saved')).toHaveLength(1)
  })

  it('a failed enqueue says why and stores nothing', async () => {
    const restore = failGroupWrites()
    const attempt = world.outbox.enqueue('create-group', { name: 'Not stored' })
    await expect(attempt).resolves.toMatchObject({
      ok: false,
      error: { kind: 'not-saved', message: expect.stringContaining("Couldn't save") },
    })
    restore()
    expect(await world.dbs.durable.outbox.count()).toBe(0)
    expect(await world.dbs.durable.groups.where('name').equals('Not stored').count()).toBe(0)
  })
})
