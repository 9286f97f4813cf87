import { describe, expect, it } from 'vitest'
import { useOutboxWorld } from './helpers/world'
import { outboxCommands, until } from './helpers/outbox'
import { mustEdit } from './helpers/edits'

/**
 * Edits made while Plannr cannot be reached: an edit reads Plannr's copy before it sends, and
 * that read failing sent nothing. The edit is waiting to be sent, not in doubt, so a later edit
 * of the same record still merges into it and Plannr gets one request.
 */
const world = useOutboxWorld('edits-offline', { seed: 31, accounts: 40, groups: 3, synced: true })

describe('edits while Plannr cannot be reached', () => {
  it('a rename whose read of Plannr failed is not in doubt: a second rename coalesces, one request', async () => {
    const group = (await world.server()).groups[0]
    if (!group) throw new Error('sandbox has no groups')
    await outboxCommands.sandboxSetFault(world.plannr.sandbox.id, '*', { resetRate: 1 })
    await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: 'Offline B' })
    await world.outbox.start()

    const tried = await until(world.outbox, (snap) => snap.items.some((item) => item.problem !== null))
    expect(tried.items).toHaveLength(1)
    // Nothing was sent: it waits to be sent again, it is not "checking whether Plannr received it".
    expect(tried.items[0]?.state).toBe('retry-wait')
    expect(tried.items[0]?.problem?.kind).toBe('network')

    expect(await world.outbox.edit({ kind: 'update-group', uuid: group.uuid, name: 'Offline C' })).toMatchObject({
      ok: true,
      outcome: 'coalesced',
    })
    expect((await world.outbox.snapshot()).items).toHaveLength(1)

    await outboxCommands.sandboxClearFaults(world.plannr.sandbox.id)
    await world.outbox.tryNow()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    expect(world.plannr.calls.get('groups.update')).toBe(1)
    expect((await world.server()).groups.find((row) => row.uuid === group.uuid)?.name).toBe('Offline C')
    expect(await world.dbs.durable.groups.get(group.uuid)).toMatchObject({ name: 'Offline C', pendingOpId: null })
  })

  it('a rename that may have landed stays in doubt when the read that looks for it fails', async () => {
    const group = (await world.server()).groups[0]
    if (!group) throw new Error('sandbox has no groups')
    const opId = await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: 'Maybe landed' })
    // The app was killed while the rename was being sent: it may have reached Plannr.
    await world.dbs.durable.outbox.update(opId ?? '', { status: 'sending', attempts: 1, firstSentAt: Date.now() })
    await outboxCommands.sandboxSetFault(world.plannr.sandbox.id, '*', { resetRate: 1 })
    await world.outbox.start()
    const looked = await until(world.outbox, (snap) => snap.items[0]?.problem?.kind === 'network')
    expect(looked.items[0]?.state).toBe('outcome-unknown')

    // In doubt, it is not merged into: the next rename queues behind it.
    expect(await world.outbox.edit({ kind: 'update-group', uuid: group.uuid, name: 'After that' })).toMatchObject({
      ok: true,
      outcome: 'queued',
    })
    await outboxCommands.sandboxClearFaults(world.plannr.sandbox.id)
    await world.outbox.tryNow()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    expect((await world.server()).groups.find((row) => row.uuid === group.uuid)?.name).toBe('After that')
  })
})
