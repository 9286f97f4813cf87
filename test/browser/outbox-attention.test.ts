import { describe, expect, it } from 'vitest'
import { ulid } from 'ulid'
import { unwrap } from '../../src/renderer/src/lib/ipc'
import { commands } from './helpers/commands'
import { useOutboxWorld } from './helpers/world'
import { outboxCommands, someAccounts, until } from './helpers/outbox'

/** What needs the user: server validation errors, discarded dependencies, a lost sign-in. */
const world = useOutboxWorld('outbox-attention', { seed: 12, accounts: 40, groups: 3 })

describe('outbox: what needs the user', () => {
  it('422 → needs attention with the field errors; edit and resend succeeds', async () => {
    // Taken on the server, unknown to the (unsynced) cache: only Plannr can refuse it.
    await unwrap(world.plannr.api.groups.create({ opId: ulid(), body: { name: 'Taken Name' } }))
    const queued = await world.outbox.enqueue('create-group', { name: 'taken name' })
    expect(queued.ok).toBe(true)
    await world.outbox.start()

    const stuck = await until(world.outbox, (snap) => snap.counts.needsAttention === 1)
    const item = stuck.items[0]
    expect(item?.state).toBe('needs-attention')
    expect(item?.problem?.kind).toBe('validation')
    expect(item?.problem?.fieldErrors?.name?.[0]).toMatch(/already been taken/)

    // The edit is checked like a new form: an invalid name is refused next to the field.
    const invalid = await world.outbox.retry(item?.id ?? '', { name: '   ' })
    expect(invalid.ok).toBe(false)
    if (!invalid.ok && invalid.error.kind === 'validation') expect(invalid.error.fieldErrors.name).toBeDefined()

    expect((await world.outbox.retry(item?.id ?? '', { name: 'Free Name' })).ok).toBe(true)
    const done = await world.outbox.idle()
    expect(done.counts.total).toBe(0)
    const names = (await world.server()).groups.map((group) => group.name.toLowerCase())
    expect(names.filter((name) => name === 'taken name')).toHaveLength(1)
    expect(names.filter((name) => name === 'free name')).toHaveLength(1)
    expect((await world.dbs.durable.groups.where('name').equals('Free Name').first())?.pendingOpId).toBeNull()
  })

  it("another 4xx (409) → needs attention with Plannr's message, sent once, not retried as unknown", async () => {
    await commands.sandboxSetFault(world.plannr.sandbox.id, 'POST /api/v1/group', { status: 409 })
    expect((await world.outbox.enqueue('create-group', { name: 'Refused Group' })).ok).toBe(true)
    await world.outbox.start()

    const stuck = await until(world.outbox, (snap) => snap.counts.needsAttention === 1)
    const item = stuck.items[0]
    expect(item?.state).toBe('needs-attention')
    expect(item?.problem).toMatchObject({ kind: 'refused', status: 409 })
    expect(item?.problem?.message).toMatch(/Plannr refused this request \(409\): Conflict/)
    expect(world.plannr.calls.get('groups.create')).toBe(1)
    expect(world.plannr.calls.get('groups.list') ?? 0).toBe(0)
    expect((await world.server()).groups.map((group) => group.name)).not.toContain('Refused Group')

    // Once Plannr accepts it again, the user's retry sends it.
    await commands.sandboxClearFaults(world.plannr.sandbox.id)
    expect((await world.outbox.retry(item?.id ?? '')).ok).toBe(true)
    expect((await world.outbox.idle()).counts.total).toBe(0)
    expect((await world.server()).groups.filter((group) => group.name === 'Refused Group')).toHaveLength(1)
  })

  it('a group name already used by the cache or by a pending create is refused at enqueue', async () => {
    expect((await world.outbox.enqueue('create-group', { name: 'Jones Family' })).ok).toBe(true)
    const again = await world.outbox.enqueue('create-group', { name: '  JONES family ' })
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.error.fieldErrors.name?.[0]).toMatch(/already/)
    const bad = await world.outbox.enqueue('create-circle', { name: 'x', account_uuids: [], group_uuids: [] })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(Object.keys(bad.error.fieldErrors)).toContain('account_uuids')
  })

  it('discarding a dependency blocks its dependents; fixing them sends them with real uuids', async () => {
    const [account] = await someAccounts(world.plannr.api, 1)
    await unwrap(world.plannr.api.businessUnits.create({ opId: ulid(), body: { name: 'Existing Unit' } }))
    const unit = await world.outbox.enqueue('create-business-unit', { name: 'Existing Unit' })
    if (!unit.ok) throw new Error(unit.error.message)
    const group = await world.outbox.enqueue('create-group', { name: 'In the unit', business_unit: unit.tempUuid })
    if (!group.ok) throw new Error(group.error.message)
    const circle = await world.outbox.enqueue('create-circle', {
      name: 'Circle in group',
      account_uuids: [account ?? ''],
      group_uuids: [group.tempUuid],
    })
    if (!circle.ok) throw new Error(circle.error.message)
    await world.outbox.start()

    // The unit is refused (name taken): what depends on it is blocked, not sent.
    const stuck = await until(world.outbox, (snap) => snap.counts.needsAttention === 1 && snap.counts.blocked === 2)
    expect(stuck.items.map((item) => item.state)).toEqual(['needs-attention', 'blocked', 'blocked'])
    expect(stuck.items[1]?.blockedBy).toEqual(['business unit “Existing Unit”'])

    expect((await world.outbox.discard(unit.op.id)).ok).toBe(true)
    expect(await world.dbs.durable.businessUnits.get(unit.tempUuid)).toBeUndefined()
    const afterDiscard = await world.outbox.snapshot()
    const blockedGroup = afterDiscard.items.find((item) => item.id === group.op.id)
    expect(blockedGroup?.status).toBe('blocked')
    expect(blockedGroup?.problem?.fieldErrors?.business_unit?.[0]).toMatch(/discarded/)
    expect(afterDiscard.items.find((item) => item.id === circle.op.id)?.state).toBe('blocked')
    const before = await world.server()
    expect(before.groups.some((g) => g.name === 'In the unit')).toBe(false)
    expect(before.circles.some((c) => c.name === 'Circle in group')).toBe(false)

    // Resending unchanged is refused: the unit it names will never exist.
    expect((await world.outbox.retry(group.op.id)).ok).toBe(false)
    expect((await world.outbox.retry(group.op.id, { name: 'In the unit', business_unit: null })).ok).toBe(true)
    const done = await world.outbox.idle()
    expect(done.counts.total).toBe(0)
    const after = await world.server()
    const realGroup = after.groups.find((g) => g.name === 'In the unit')
    expect(realGroup?.businessUnit).toBeNull()
    expect(after.circles.filter((c) => c.name === 'Circle in group').map((c) => c.groups)).toEqual([[realGroup?.uuid]])
  })

  it('401 pauses the whole outbox, drops nothing, and resumes after signing in again', async () => {
    await outboxCommands.sandboxTokenValid(world.plannr.sandbox.id, false)
    expect((await world.outbox.enqueue('create-business-unit', { name: 'While signed out' })).ok).toBe(true)
    expect((await world.outbox.enqueue('create-group', { name: 'Also signed out' })).ok).toBe(true)
    await world.outbox.start()

    const paused = await until(world.outbox, (snap) => snap.paused?.reason === 'signed-out')
    expect(paused.counts.total).toBe(2)
    expect(paused.items.every((item) => item.state === 'queued')).toBe(true)
    expect(world.plannr.calls.get('groups.create') ?? 0).toBe(0)
    expect((await world.server()).businessUnits.some((u) => u.name === 'While signed out')).toBe(false)

    await outboxCommands.sandboxTokenValid(world.plannr.sandbox.id, true)
    expect((await outboxCommands.plannrSignInAgain(world.plannr.sandbox.id)).ok).toBe(true)
    world.outbox.setSignedIn(true)
    const done = await world.outbox.idle()
    expect(done.counts.total).toBe(0)
    const after = await world.server()
    expect(after.businessUnits.filter((u) => u.name === 'While signed out')).toHaveLength(1)
    expect(after.groups.filter((g) => g.name === 'Also signed out')).toHaveLength(1)
  })
})
