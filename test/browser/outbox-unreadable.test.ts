import { describe, expect, it } from 'vitest'
import { ulid } from 'ulid'
import type { OutboxRecord } from '../../src/renderer/src/data'
import { useOutboxWorld } from './helpers/world'
import { outboxCommands, testOutbox, until } from './helpers/outbox'

/**
 * Rows the app cannot read (stored damaged, by another version, or of a kind it does not know):
 * kept as stored, never sent, shown for the user to discard, and never in the way of the rest.
 */
const world = useOutboxWorld('outbox-unreadable', { seed: 31, accounts: 10, groups: 2 })

function storedRow(overrides: Partial<OutboxRecord>): OutboxRecord {
  return {
    id: ulid(),
    seq: 0,
    kind: 'create-group',
    status: 'queued',
    payload: { name: 'Damaged' },
    dependsOn: [],
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    createdAt: new Date().toISOString(),
    subjectUuid: crypto.randomUUID(),
    reconcileFirst: false,
    ...overrides,
  }
}

describe('outbox: rows it cannot read', () => {
  it('a row with damaged bookkeeping ahead in the queue stops nothing, shows as needing attention, and can be discarded', async () => {
    expect((await world.outbox.enqueue('create-group', { name: 'Behind the damaged row' })).ok).toBe(true)
    // First in seq order, with no dependency list at all (as IndexedDB can hand a row back).
    const damaged = storedRow({ seq: 0 })
    Reflect.deleteProperty(damaged, 'dependsOn')
    await world.dbs.durable.outbox.put(damaged)

    await world.outbox.start()
    const settled = await world.outbox.idle()
    expect((await world.server()).groups.map((group) => group.name)).toContain('Behind the damaged row')
    expect(settled.counts).toMatchObject({ total: 1, needsAttention: 1, pending: 0 })
    const item = settled.items[0]
    expect(item?.id).toBe(damaged.id)
    expect(item?.state).toBe('needs-attention')
    expect(item?.problem?.kind).toBe('invalid-payload')
    expect(item?.problem?.message).toMatch(/could not be read/)
    // Kept exactly as stored: nothing about it was rewritten or dropped.
    expect(await world.dbs.durable.outbox.get(damaged.id)).toEqual(damaged)

    expect((await world.outbox.discard(damaged.id)).ok).toBe(true)
    expect(await world.dbs.durable.outbox.count()).toBe(0)
  })

  it('a row of an unknown kind and a payload its kind refuses are never sent; discarding drops the pending record', async () => {
    const queued = await world.outbox.enqueue('create-group', { name: 'Payload damaged later' })
    if (!queued.ok) throw new Error(queued.error.message)
    await world.dbs.durable.outbox.update(queued.op.id, { payload: { name: 42 } })
    const unknown = storedRow({ seq: 50, kind: 'archive-group', payload: { uuid: queued.tempUuid } })
    await world.dbs.durable.outbox.put(unknown)

    await world.outbox.start()
    const stuck = await until(world.outbox, (snap) => snap.counts.needsAttention === 2)
    expect(world.plannr.calls.get('groups.create') ?? 0).toBe(0)
    const byId = new Map(stuck.items.map((item) => [item.id, item]))
    expect(byId.get(queued.op.id)?.problem?.message).toBe('This item is not valid any more. Edit it or discard it.')
    expect(byId.get(unknown.id)?.problem?.message).toMatch(/archive-group/)
    expect(await world.dbs.durable.outbox.get(unknown.id)).toEqual(unknown)

    // "Send again" cannot make it readable; an edit its kind accepts can.
    expect((await world.outbox.retry(queued.op.id)).ok).toBe(false)
    expect((await world.outbox.discard(unknown.id)).ok).toBe(true)
    expect((await world.outbox.discard(queued.op.id)).ok).toBe(true)
    expect(await world.dbs.durable.groups.get(queued.tempUuid)).toBeUndefined()
    expect((await world.outbox.snapshot()).counts.total).toBe(0)
  })

  it('a create Plannr may have, stored unreadable, is not sent again edited: discarded, it leaves one group on Plannr', async () => {
    const sandbox = world.plannr.sandbox.id
    // A gateway's 504 in front of Plannr, which saves the group all the same: it is in doubt, and
    // its lookup is left for later (long enough for the test to act first).
    await outboxCommands.sandboxSetFault(sandbox, 'POST /api/v1/group', { commitLateMs: 1, commitLateTimes: 1 })
    const outbox = testOutbox(world.dbs, world.plannr.api, { inDoubtSettleMs: 10 * 60_000 })
    try {
      const queued = await outbox.enqueue('create-group', { name: 'Maybe on Plannr' })
      if (!queued.ok) throw new Error(queued.error.message)
      await outbox.start()
      await until(outbox, (snapshot) => snapshot.items.some((item) => item.problem?.status === 504))
      await outboxCommands.sandboxLateWritesPerformed(sandbox)
      // Then stored unreadable (damaged, or by another version of the app).
      await world.dbs.durable.outbox.update(queued.op.id, { payload: { name: 42 } })

      // Edited, its lookup would look for what the edit holds, miss the group Plannr has, and make a second.
      const edited = await outbox.retry(queued.op.id, { name: 'Edited while in doubt' })
      const settled = await outbox.idle()
      const mine = (await world.server()).groups.filter((group) =>
        ['Maybe on Plannr', 'Edited while in doubt'].includes(group.name),
      )
      expect(mine.map((group) => group.name)).toEqual(['Maybe on Plannr'])
      expect(world.plannr.calls.get('groups.create')).toBe(1)
      expect(edited).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/Plannr may already have it/) },
      })
      // Still in doubt, and said so: no form, and the Discard question says Plannr may have it.
      expect(settled.items).toHaveLength(1)
      expect(settled.items[0]).toMatchObject({
        id: queued.op.id,
        state: 'needs-attention',
        mayHaveLanded: true,
        inDoubt: true,
        problem: { kind: 'invalid-payload', message: expect.stringMatching(/Plannr may already have it.*Discard it/) },
      })

      expect((await outbox.discard(queued.op.id)).ok).toBe(true)
      expect(await world.dbs.durable.groups.get(queued.tempUuid)).toBeUndefined()
      expect((await world.server()).groups.filter((group) => group.name === 'Maybe on Plannr')).toHaveLength(1)
    } finally {
      await outbox.stop()
    }
  })
})
