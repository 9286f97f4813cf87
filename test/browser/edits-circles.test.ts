import { describe, expect, it } from 'vitest'
import { useOutboxWorld } from './helpers/world'
import { someAccounts, until } from './helpers/outbox'
import { editCommands, mustEdit } from './helpers/edits'

/**
 * Circle edits: a name or colour changed on Plannr since the edit's base is a conflict
 * the user settles (both values shown, either choice wins) while account sets merge without
 * asking; and edits of a circle that is still a queued create fold into that create.
 */
const world = useOutboxWorld('edits-circles', { seed: 31, accounts: 40, groups: 3, synced: true })

async function circleWithTwoAccounts() {
  const circle = (await world.server()).circles.find((candidate) => candidate.accounts.length >= 2)
  if (!circle) throw new Error('sandbox has no circle with two accounts')
  const outsiders = (await someAccounts(world.plannr.api, 40)).filter((uuid) => !circle.accounts.includes(uuid))
  return { circle, outsiders }
}

describe('circle edits: conflicts', () => {
  for (const choice of ['mine', 'theirs'] as const) {
    it(`name and colour changed on Plannr and in the app: both shown, "${choice}" wins, accounts merge`, async () => {
      const { circle, outsiders } = await circleWithTwoAccounts()
      const [ours, theirs] = outsiders
      await mustEdit(world.outbox, {
        kind: 'update-circle',
        uuid: circle.uuid,
        name: 'Circle named in the app',
        bg_colour: '#111111',
        account_uuids: [...circle.accounts, ours ?? ''],
      })
      await editCommands.sandboxUpdateCircle(world.plannr.sandbox.id, circle.uuid, {
        name: 'Circle named on Plannr',
        bgColour: '#222222',
        accountUuids: [...circle.accounts, theirs ?? ''],
      })
      await world.outbox.start()
      const stuck = await until(world.outbox, (snap) => snap.counts.needsAttention === 1)
      const item = stuck.items[0]
      expect(item?.problem?.kind).toBe('conflict')
      expect(item?.problem?.conflicts).toEqual([
        { field: 'name', theirs: 'Circle named on Plannr', mine: 'Circle named in the app' },
        { field: 'bg_colour', theirs: '#222222', mine: '#111111' },
      ])
      expect(world.plannr.calls.get('circles.update') ?? 0).toBe(0)

      expect((await world.outbox.resolve(item?.id ?? '', choice)).ok).toBe(true)
      expect((await world.outbox.idle()).counts.total).toBe(0)
      const wanted =
        choice === 'mine'
          ? { name: 'Circle named in the app', bgColour: '#111111' }
          : { name: 'Circle named on Plannr', bgColour: '#222222' }
      const after = (await world.server()).circles.find((c) => c.uuid === circle.uuid)
      expect(after).toMatchObject(wanted)
      // The app's added account and Plannr's added account both stay: sets never conflict.
      expect(new Set(after?.accounts)).toEqual(new Set([...circle.accounts, ours, theirs]))
      const cached = await world.dbs.durable.circles.get(circle.uuid)
      expect(cached).toMatchObject({ ...wanted, pendingOpId: null })
      expect(new Set(cached?.accounts.map((ref) => ref.uuid))).toEqual(new Set([...circle.accounts, ours, theirs]))
      // 'theirs' still sends the account change, with Plannr's name and colour left alone.
      expect(world.plannr.calls.get('circles.update')).toBe(1)
    })
  }

  it('a colour-only conflict settled with "theirs" leaves nothing to send: no PUT, the cache shows Plannr\'s', async () => {
    const { circle } = await circleWithTwoAccounts()
    await mustEdit(world.outbox, { kind: 'update-circle', uuid: circle.uuid, bg_colour: '#333333' })
    await editCommands.sandboxUpdateCircle(world.plannr.sandbox.id, circle.uuid, { bgColour: '#444444' })
    await world.outbox.start()
    const stuck = await until(world.outbox, (snap) => snap.counts.needsAttention === 1)
    expect(stuck.items[0]?.problem?.conflicts).toEqual([{ field: 'bg_colour', theirs: '#444444', mine: '#333333' }])
    expect((await world.outbox.resolve(stuck.items[0]?.id ?? '', 'theirs')).ok).toBe(true)
    expect((await world.outbox.snapshot()).counts.total).toBe(0)
    expect(await world.dbs.durable.circles.get(circle.uuid)).toMatchObject({
      name: circle.name,
      bgColour: '#444444',
      pendingOpId: null,
    })
    expect((await world.server()).circles.find((c) => c.uuid === circle.uuid)?.bgColour).toBe('#444444')
    expect(world.plannr.calls.get('circles.update') ?? 0).toBe(0)
  })

  it('a rename in the app and an account change on Plannr merge without asking', async () => {
    const { circle, outsiders } = await circleWithTwoAccounts()
    const [ours, theirs] = outsiders
    const dropped = circle.accounts[0] ?? ''
    await mustEdit(world.outbox, {
      kind: 'update-circle',
      uuid: circle.uuid,
      name: 'Renamed, accounts merged',
      account_uuids: [...circle.accounts, ours ?? ''],
    })
    // Plannr meanwhile drops one account and adds another (a newer updated_at).
    await editCommands.sandboxUpdateCircle(world.plannr.sandbox.id, circle.uuid, {
      accountUuids: [...circle.accounts.filter((uuid) => uuid !== dropped), theirs ?? ''],
    })
    await world.outbox.start()
    const done = await world.outbox.idle()
    expect(done.counts).toMatchObject({ total: 0, needsAttention: 0 })
    const after = (await world.server()).circles.find((c) => c.uuid === circle.uuid)
    expect(after?.name).toBe('Renamed, accounts merged')
    expect(new Set(after?.accounts)).toEqual(
      new Set([...circle.accounts.filter((uuid) => uuid !== dropped), theirs, ours]),
    )
    expect(await world.dbs.durable.circles.get(circle.uuid)).toMatchObject({
      name: 'Renamed, accounts merged',
      pendingOpId: null,
    })
  })
})

describe('circle edits: folding into a pending create', () => {
  it('name, accounts, groups and colour of a queued circle fold into its create: one POST, no PUT', async () => {
    const [a, b, c] = await someAccounts(world.plannr.api, 3)
    const groups = (await world.server()).groups
    const [g1, g2] = groups
    if (!a || !b || !c || !g1 || !g2) throw new Error('sandbox lacks accounts or groups')
    const created = await world.outbox.enqueue('create-circle', {
      name: 'Circle before folding',
      account_uuids: [a, b],
      group_uuids: [g1.uuid],
    })
    if (!created.ok) throw new Error(created.error.message)
    const temp = created.tempUuid
    expect(await world.outbox.edit({ kind: 'update-circle', uuid: temp, name: 'Folded circle' })).toMatchObject({
      ok: true,
      outcome: 'folded',
    })
    expect(await world.outbox.edit({ kind: 'update-circle', uuid: temp, account_uuids: [b, c] })).toMatchObject({
      outcome: 'folded',
    })
    expect(await world.outbox.edit({ kind: 'update-circle', uuid: temp, group_uuids: [g2.uuid] })).toMatchObject({
      outcome: 'folded',
    })
    expect(await world.outbox.edit({ kind: 'update-circle', uuid: temp, bg_colour: '#abcdef' })).toMatchObject({
      outcome: 'folded',
    })

    const snap = await world.outbox.snapshot()
    expect(snap.items).toHaveLength(1)
    expect(snap.items[0]?.kind).toBe('create-circle')
    expect(snap.items[0]?.payload).toEqual({
      name: 'Folded circle',
      account_uuids: [b, c],
      group_uuids: [g2.uuid],
      bg_colour: '#abcdef',
    })
    const pending = await world.dbs.durable.circles.get(temp)
    expect(pending).toMatchObject({ name: 'Folded circle', bgColour: '#abcdef' })
    expect(pending?.pendingOpId).toBeTruthy()
    expect(pending?.accounts.map((ref) => ref.uuid)).toEqual([b, c])
    expect(pending?.groups.map((ref) => ref.uuid)).toEqual([g2.uuid])

    await world.outbox.start()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    expect(world.plannr.calls.get('circles.create')).toBe(1)
    expect(world.plannr.calls.get('circles.update') ?? 0).toBe(0)
    const circles = (await world.server()).circles
    expect(circles.filter((circle) => circle.name === 'Circle before folding')).toHaveLength(0)
    const made = circles.filter((circle) => circle.name === 'Folded circle')
    expect(made).toHaveLength(1)
    expect(new Set(made[0]?.accounts)).toEqual(new Set([b, c]))
    expect(made[0]?.groups).toEqual([g2.uuid])
    expect(made[0]?.bgColour).toBe('#abcdef')
    expect(await world.dbs.durable.circles.get(temp)).toBeUndefined()
    expect(await world.dbs.durable.circles.get(made[0]?.uuid ?? '')).toMatchObject({
      name: 'Folded circle',
      bgColour: '#abcdef',
      pendingOpId: null,
    })
  })
})
