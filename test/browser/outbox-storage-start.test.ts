import { describe, expect, it } from 'vitest'
import type { OutboxRecord } from '../../src/renderer/src/data/records'
import { useOutboxWorld } from './helpers/world'
import { outboxCommands, someAccounts, until } from './helpers/outbox'

/**
 * This computer's storage fails while the outbox starts or marks an operation as being sent:
 * nothing may be sent without that write, but the outbox must say why it waits, and go on by
 * itself (or at "Try now") once the disk has room again.
 */
const world = useOutboxWorld('outbox-storage-start', { seed: 15, accounts: 20, groups: 2 })

/** Every change to an outbox row matching `refuses` fails, as on a full disk, until undone. */
function failOutboxUpdates(refuses: (changes: Partial<OutboxRecord>) => boolean): () => void {
  const hook = (changes: Partial<OutboxRecord>): void => {
    if (refuses(changes)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
  }
  world.dbs.durable.outbox.hook('updating', hook)
  return () => world.dbs.durable.outbox.hook('updating').unsubscribe(hook)
}

async function queueGroup(name: string): Promise<string> {
  const [account] = await someAccounts(world.plannr.api, 1)
  const queued = await world.outbox.enqueue('create-group', { name, participants: [account ?? ''] })
  if (!queued.ok) throw new Error(queued.error.message)
  return queued.op.id
}

describe('when the outbox cannot write at start or before a send', () => {
  it('a failed recovery at start is shown, retried, and the interrupted create lands once', async () => {
    const opId = await queueGroup('Interrupted')
    // The app was killed while this was being sent (the request never reached Plannr).
    await world.dbs.durable.outbox.update(opId, { status: 'sending', attempts: 1, firstSentAt: Date.now() })
    const restore = failOutboxUpdates(() => true)

    await world.outbox.start()
    const told = await until(world.outbox, (snapshot) => snapshot.paused?.reason === 'storage')
    expect(told.paused).toMatchObject({ reason: 'storage', message: expect.stringContaining('out of space') })
    expect(world.plannr.calls.get('groups.create') ?? 0).toBe(0)

    restore()
    await world.outbox.tryNow()
    const done = await world.outbox.idle()
    expect(done.counts.total).toBe(0)
    expect(done.paused).toBeNull()
    const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name === 'Interrupted')).toHaveLength(1)
    expect(world.plannr.calls.get('groups.create')).toBe(1)
  }, 30_000)

  it('an operation that cannot be marked as being sent says why, sends nothing, and is sent once it can', async () => {
    await queueGroup('Not marked')
    const restore = failOutboxUpdates((changes) => changes.status === 'sending')

    await world.outbox.start()
    const told = await until(world.outbox, (snapshot) => snapshot.items[0]?.problem?.kind === 'not-saved')
    expect(told.items[0]?.problem?.message).toContain('out of space')
    expect(told.items[0]?.state).not.toBe('sending')
    expect(world.plannr.calls.get('groups.create') ?? 0).toBe(0)

    restore()
    const done = await world.outbox.idle()
    expect(done.counts.total).toBe(0)
    const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
    expect(server.groups.filter((group) => group.name === 'Not marked')).toHaveLength(1)
    expect(world.plannr.calls.get('groups.create')).toBe(1)
  }, 30_000)
})
