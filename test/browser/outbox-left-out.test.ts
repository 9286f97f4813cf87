import { describe, expect, it } from 'vitest'
import { ulid } from 'ulid'
import { unwrap } from '../../src/renderer/src/lib/ipc'
import { useOutboxWorld } from './helpers/world'
import { outboxCommands, someAccounts, until } from './helpers/outbox'
import { mustEdit } from './helpers/edits'

/**
 * A discarded create that others name only as one member of a set (a circle's groups) is left out
 * of them: they go on without it and say so, instead of being blocked with nothing to fix.
 * Only a reference the item cannot do without (an add's group) blocks it, in words that offer
 * only what the item's card offers.
 */
const world = useOutboxWorld('outbox-left-out', { seed: 31, accounts: 40, groups: 3, synced: true })

describe('outbox: discarding a create that others name in a set', () => {
  it('circles that named a discarded group go on without it; an add to it is blocked without "Edit"', async () => {
    const [first, second] = await someAccounts(world.plannr.api, 2)
    // A colleague made a group of that name on Plannr, long enough ago not to be taken for ours.
    const theirs = await unwrap(world.plannr.api.groups.create({ opId: ulid(), body: { name: 'Doomed group' } }))
    await outboxCommands.sandboxBackdate(world.plannr.sandbox.id, theirs.uuid, 600)
    const existing = (await world.server()).circles[0]
    if (!existing) throw new Error('sandbox has no circle')

    const group = await world.outbox.enqueue('create-group', { name: 'Doomed group' })
    if (!group.ok) throw new Error(group.error.message)
    const circle = await world.outbox.enqueue('create-circle', {
      name: 'Circle with doomed',
      account_uuids: [first ?? '', second ?? ''],
      group_uuids: [group.tempUuid],
    })
    if (!circle.ok) throw new Error(circle.error.message)
    const edit = await mustEdit(world.outbox, {
      kind: 'update-circle',
      uuid: existing.uuid,
      name: 'Renamed with doomed',
      group_uuids: [...existing.groups, group.tempUuid],
    })
    await world.outbox.start()

    // Plannr refuses our group (the name is taken); the rest waits for it. An add made now is
    // queued on its own (a create that was sent takes no more folds).
    await until(world.outbox, (snap) => snap.counts.needsAttention === 1)
    const add = await mustEdit(world.outbox, {
      kind: 'add-participants',
      uuid: group.tempUuid,
      participants: [first ?? ''],
    })
    expect(add).not.toBe(group.op.id)
    expect((await world.outbox.discard(group.op.id)).ok).toBe(true)

    const after = await world.outbox.snapshot()
    const newCircle = after.items.find((item) => item.id === circle.op.id)
    const changed = after.items.find((item) => item.id === edit)
    for (const item of [newCircle, changed]) {
      expect(item?.status).not.toBe('blocked')
      expect(item?.problem?.message).toBe('Group “Doomed group” was left out of this circle: it was discarded.')
    }
    // The add cannot go on without its group: blocked, and told to discard (no form edits an add).
    const blockedAdd = after.items.find((item) => item.id === add)
    expect(blockedAdd?.status).toBe('blocked')
    expect(blockedAdd?.problem?.message).not.toMatch(/edit/i)
    expect(blockedAdd?.problem?.message).toMatch(/discard it/i)
    // The cache shows the circles without the discarded group at once.
    expect((await world.dbs.durable.circles.get(circle.tempUuid))?.groups).toEqual([])
    expect((await world.dbs.durable.circles.get(existing.uuid))?.groups.map((ref) => ref.uuid)).toEqual(existing.groups)

    expect((await world.outbox.discard(add ?? '')).ok).toBe(true)
    expect((await world.outbox.idle()).counts.total).toBe(0)
    const server = await world.server()
    expect(server.circles.filter((c) => c.name === 'Circle with doomed')).toMatchObject([
      { accounts: expect.arrayContaining([first, second]) as unknown, groups: [] },
    ])
    expect(server.circles.find((c) => c.uuid === existing.uuid)).toMatchObject({
      name: 'Renamed with doomed',
      groups: existing.groups,
    })
  })
})
