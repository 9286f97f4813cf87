import { describe, expect, it } from 'vitest'
import { useOutboxWorld } from './helpers/world'
import { outboxCommands, until } from './helpers/outbox'
import { editCommands, mustEdit } from './helpers/edits'

/**
 * An edit that needs the user, with a later edit of the same record queued behind it: taking the
 * first back (discard, or "keep Plannr's" in a conflict) puts back its base values, and the later
 * edit, still waiting to be sent, must stay what the cache shows.
 */
const world = useOutboxWorld('edits-later-edits', { seed: 31, accounts: 40, groups: 3, synced: true })

async function firstGroup() {
  const group = (await world.server()).groups[0]
  if (!group) throw new Error('sandbox has no groups')
  return group
}

/** Plannr cannot be reached from now on: what is queued stays queued. */
const goOffline = () => outboxCommands.sandboxSetFault(world.plannr.sandbox.id, '*', { resetRate: 1 })

describe('a later edit of the same record', () => {
  it('stays shown when the earlier edit Plannr refused is discarded', async () => {
    const group = await firstGroup()
    await outboxCommands.sandboxSetFault(world.plannr.sandbox.id, `PUT /api/v1/group/${group.uuid}`, { status: 409 })
    await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: 'Refused rename' })
    await world.outbox.start()
    const stuck = await until(world.outbox, (snap) => snap.counts.needsAttention === 1)
    await goOffline()

    expect(await world.outbox.edit({ kind: 'update-group', uuid: group.uuid, name: 'Later rename' })).toMatchObject({
      ok: true,
      outcome: 'queued',
    })
    expect((await world.outbox.discard(stuck.items[0]?.id ?? '')).ok).toBe(true)

    const cached = await world.dbs.durable.groups.get(group.uuid)
    expect(cached?.name).toBe('Later rename')
    expect(cached?.pendingOpId).toBeTruthy()

    await outboxCommands.sandboxClearFaults(world.plannr.sandbox.id)
    await world.outbox.tryNow()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    expect((await world.server()).groups.find((row) => row.uuid === group.uuid)?.name).toBe('Later rename')
  })

  for (const choice of ['theirs', 'mine'] as const) {
    it(`stays shown when the earlier edit's conflict is resolved "${choice}" and a change of it is left`, async () => {
      const group = await firstGroup()
      const unit = (await world.server()).businessUnits.find((row) => row.uuid !== group.businessUnit)
      if (!unit) throw new Error('sandbox has no other business unit')
      // Renamed and moved to another unit here; renamed on Plannr too: the name conflicts, the unit does not.
      await mustEdit(world.outbox, {
        kind: 'update-group',
        uuid: group.uuid,
        name: 'Renamed in the app',
        business_unit: unit.uuid,
      })
      await editCommands.sandboxRenameGroup(world.plannr.sandbox.id, group.uuid, 'Renamed on Plannr')
      await world.outbox.start()
      const stuck = await until(world.outbox, (snap) => snap.counts.needsAttention === 1)
      expect(stuck.items[0]?.problem?.kind).toBe('conflict')
      await goOffline()

      expect(await world.outbox.edit({ kind: 'update-group', uuid: group.uuid, name: 'Later rename' })).toMatchObject({
        ok: true,
        outcome: 'queued',
      })
      expect((await world.outbox.resolve(stuck.items[0]?.id ?? '', choice)).ok).toBe(true)

      const cached = await world.dbs.durable.groups.get(group.uuid)
      expect(cached?.name).toBe('Later rename')
      expect(cached?.businessUnit?.uuid).toBe(unit.uuid)
      expect(cached?.pendingOpId).toBeTruthy()

      await outboxCommands.sandboxClearFaults(world.plannr.sandbox.id)
      await world.outbox.tryNow()
      let done = await world.outbox.idle()
      if (choice === 'theirs') {
        // The later rename was made over the app's name, which Plannr's replaced: it asks too.
        expect(done.items[0]?.problem?.conflicts).toEqual([
          { field: 'name', theirs: 'Renamed on Plannr', mine: 'Later rename' },
        ])
        expect((await world.outbox.resolve(done.items[0]?.id ?? '', 'mine')).ok).toBe(true)
        done = await world.outbox.idle()
      }
      expect(done.counts.total).toBe(0)
      const after = (await world.server()).groups.find((row) => row.uuid === group.uuid)
      expect(after).toMatchObject({ name: 'Later rename', businessUnit: unit.uuid })
    })
  }
})
