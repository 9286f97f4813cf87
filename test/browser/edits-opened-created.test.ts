import { describe, expect, it } from 'vitest'
import { useOutboxWorld } from './helpers/world'
import { someAccounts, testOutbox } from './helpers/outbox'
import { createdUuids, stageRestoredParticipant, toParticipant } from '../../src/renderer/src/data'
import { CreateCircleBody } from '../../src/shared/plannr/request-bodies'
import { editCommands, mustEdit, syncAll } from './helpers/edits'

/**
 * A form opened while a record it shows was a queued create (a business unit or a group made
 * offline) holds that record's temporary uuid. The create lands while the form is open and the
 * outbox moves the cache and the queue to Plannr's uuid: saving the form must mean what the user
 * did in it, not a change from the temporary uuid to the real one (a false conflict, a removal
 * measured against a uuid nothing holds any more, or a uuid Plannr refuses).
 */
const world = useOutboxWorld('edits-opened-created', { seed: 31, accounts: 40, groups: 3, synced: true })

async function created(kind: 'create-business-unit' | 'create-group', name: string): Promise<string> {
  const result = await world.outbox.enqueue(kind, { name })
  if (!result.ok) throw new Error(result.error.message)
  return result.tempUuid
}

/** Sends everything queued and checks nothing is left. */
async function drain(): Promise<void> {
  await world.outbox.start()
  const left = await world.outbox.idle()
  expect(left.items.map((item) => [item.kind, item.problem?.message])).toEqual([])
}

describe('group details form opened on a business unit made offline', () => {
  /**
   * A synced group moved offline into a business unit made offline, its details form opened
   * then, and both sent to Plannr while the form stays open.
   */
  async function openOnPendingUnit() {
    const group = (await world.server()).groups[0]
    if (!group) throw new Error('sandbox has no groups')
    const tempUnit = await created('create-business-unit', 'Unit made offline')
    await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, business_unit: tempUnit })
    const start = await world.outbox.groupEditStart(group.uuid)
    if (!start) throw new Error('the group is not cached')
    expect(start.opened.business_unit).toBe(tempUnit)

    await drain()
    const server = await world.server()
    const realUnit = server.businessUnits.find((unit) => unit.name === 'Unit made offline')?.uuid
    const otherUnit = server.businessUnits.find((unit) => unit.uuid !== realUnit)?.uuid
    if (!realUnit || !otherUnit) throw new Error('the unit was not created, or the sandbox has no other unit')
    expect(server.groups.find((row) => row.uuid === group.uuid)?.businessUnit).toBe(realUnit)
    expect((await world.dbs.durable.groups.get(group.uuid))?.businessUnit?.uuid).toBe(realUnit)
    return { uuid: group.uuid, opened: start.opened, realUnit, otherUnit }
  }

  type Form = Awaited<ReturnType<typeof openOnPendingUnit>>

  /** Saves the form as the workspace does: both fields, as the form shows them unless changed. */
  async function save(form: Pick<Form, 'uuid' | 'opened'>, changed: { name?: string; business_unit?: string | null }) {
    await mustEdit(world.outbox, {
      kind: 'update-group',
      uuid: form.uuid,
      name: changed.name ?? form.opened.name,
      business_unit: changed.business_unit !== undefined ? changed.business_unit : form.opened.business_unit,
      opened: form.opened,
    })
    await world.outbox.start()
    return world.outbox.idle()
  }

  const serverGroup = async (uuid: string) => (await world.server()).groups.find((group) => group.uuid === uuid)

  it('choosing another unit after the unit landed sends it, with no conflict', async () => {
    const form = await openOnPendingUnit()

    const after = await save(form, { business_unit: form.otherUnit })
    expect(after.items.map((item) => item.problem)).toEqual([])
    expect((await serverGroup(form.uuid))?.businessUnit).toBe(form.otherUnit)
  })

  it('choosing no unit after the unit landed sends that, with no conflict', async () => {
    const form = await openOnPendingUnit()

    const after = await save(form, { business_unit: null })
    expect(after.items.map((item) => item.problem)).toEqual([])
    expect((await serverGroup(form.uuid))?.businessUnit).toBeNull()
  })

  it('a rename leaves the unit as it landed: the temporary uuid the form still shows is not sent', async () => {
    const form = await openOnPendingUnit()
    const updates = world.plannr.calls.get('groups.update') ?? 0

    expect((await save(form, { name: 'Renamed in the form' })).counts.total).toBe(0)
    expect(await serverGroup(form.uuid)).toMatchObject({ name: 'Renamed in the form', businessUnit: form.realUnit })
    expect(world.plannr.calls.get('groups.update')).toBe(updates + 1)
  })

  it("a colleague's change to the unit after it landed is still a conflict", async () => {
    const form = await openOnPendingUnit()
    const thirdUnit = (await world.server()).businessUnits.find(
      (unit) => unit.uuid !== form.realUnit && unit.uuid !== form.otherUnit,
    )
    if (!thirdUnit) throw new Error('the sandbox has no third business unit')
    const third = thirdUnit.uuid
    await editCommands.sandboxUpdateGroup(world.plannr.sandbox.id, form.uuid, { businessUnit: third })
    await syncAll(world.dbs, world.plannr.api)

    const stuck = await save(form, { business_unit: form.otherUnit })
    expect(stuck.items[0]?.problem?.conflicts).toEqual([
      // Plannr's unit is named too, for the adviser choosing between the two.
      { field: 'business_unit', theirs: third, theirsName: thirdUnit.name, mine: form.otherUnit },
    ])
    expect((await serverGroup(form.uuid))?.businessUnit).toBe(third)
  })

  it('the note that the unit landed outlives a restart, and is dropped a month later', async () => {
    const form = await openOnPendingUnit()
    const tempUnit = form.opened.business_unit ?? ''
    await world.outbox.stop()
    const restarted = testOutbox(world.dbs, world.plannr.api)
    await restarted.start()
    await restarted.stop()
    expect(await createdUuids(world.dbs.durable, [tempUnit])).toEqual(new Map([[tempUnit, form.realUnit]]))

    const monthLater = testOutbox(world.dbs, world.plannr.api, { now: () => Date.now() + 31 * 24 * 3600 * 1000 })
    await monthLater.start()
    // Recovery runs once this outbox holds the drain lock, which the last one may still be letting
    // go of as this one starts (then start() resolves first, and the lock comes in the background).
    await expect.poll(() => createdUuids(world.dbs.durable, [tempUnit])).toEqual(new Map())
    await monthLater.stop()
  })

  it('a form still on a group made offline, in a unit made offline, saves to the group Plannr made', async () => {
    const tempUnit = await created('create-business-unit', 'Unit made offline')
    const made = await world.outbox.enqueue('create-group', { name: 'Group made offline', business_unit: tempUnit })
    if (!made.ok) throw new Error(made.error.message)
    const start = await world.outbox.groupEditStart(made.tempUuid)
    if (!start) throw new Error('the pending group is not cached')

    await drain()
    const server = await world.server()
    const group = server.groups.find((row) => row.name === 'Group made offline')
    const otherUnit = server.businessUnits.find((unit) => unit.uuid !== group?.businessUnit)?.uuid
    if (!group || !otherUnit) throw new Error('the group was not created, or the sandbox has no other unit')

    // A window that did not send the create still shows the temporary uuids.
    const after = await save({ uuid: made.tempUuid, opened: start.opened }, { business_unit: otherUnit })
    expect(after.items.map((item) => item.problem)).toEqual([])
    expect((await serverGroup(group.uuid))?.businessUnit).toBe(otherUnit)
  })
})

describe('circle form opened on a group made offline', () => {
  /**
   * A synced circle given a group made offline, its form opened then, and both sent to Plannr
   * while the form stays open.
   */
  async function openOnPendingGroup() {
    const circle = (await world.server()).circles.find((candidate) => candidate.accounts.length >= 1)
    if (!circle) throw new Error('sandbox has no circle with an account')
    const tempGroup = await created('create-group', 'Group made offline')
    await mustEdit(world.outbox, {
      kind: 'update-circle',
      uuid: circle.uuid,
      group_uuids: [...circle.groups, tempGroup],
    })
    const start = await world.outbox.circleEditStart(circle.uuid)
    if (!start) throw new Error('the circle is not cached')
    expect(start.opened.group_uuids).toContain(tempGroup)

    await drain()
    const server = await world.server()
    const realGroup = server.groups.find((group) => group.name === 'Group made offline')?.uuid
    if (!realGroup) throw new Error('the group was not created')
    expect(server.circles.find((row) => row.uuid === circle.uuid)?.groups).toContain(realGroup)
    return { uuid: circle.uuid, opened: start.opened, tempGroup, realGroup }
  }

  type Form = Awaited<ReturnType<typeof openOnPendingGroup>>

  /** Saves the form as the workspace does: its full sets, name and colour, as shown unless changed. */
  async function save(form: Form, changed: { account_uuids?: string[]; group_uuids?: string[] }) {
    await mustEdit(world.outbox, {
      kind: 'update-circle',
      uuid: form.uuid,
      name: form.opened.name,
      account_uuids: changed.account_uuids ?? form.opened.account_uuids,
      group_uuids: changed.group_uuids ?? form.opened.group_uuids,
      ...(form.opened.bg_colour ? { bg_colour: form.opened.bg_colour } : {}),
      opened: form.opened,
    })
    await world.outbox.start()
    return world.outbox.idle()
  }

  const serverCircle = async (uuid: string) => (await world.server()).circles.find((circle) => circle.uuid === uuid)

  it('taking the group out after it landed takes it out on Plannr and in the cache', async () => {
    const form = await openOnPendingGroup()

    const after = await save(form, { group_uuids: form.opened.group_uuids.filter((uuid) => uuid !== form.tempGroup) })
    expect(after.counts.total).toBe(0)
    expect((await serverCircle(form.uuid))?.groups).not.toContain(form.realGroup)
    const cached = await world.dbs.durable.circles.get(form.uuid)
    expect(cached?.groups.map((ref) => ref.uuid)).not.toContain(form.realGroup)
  })

  it('adding an account leaves the group in the circle as it landed', async () => {
    const form = await openOnPendingGroup()
    const outsider = (await someAccounts(world.plannr.api, 40)).find(
      (uuid) => !form.opened.account_uuids.includes(uuid),
    )
    if (!outsider) throw new Error('no account outside the circle')

    expect((await save(form, { account_uuids: [...form.opened.account_uuids, outsider] })).counts.total).toBe(0)
    const after = await serverCircle(form.uuid)
    expect(after?.accounts).toContain(outsider)
    expect(after?.groups).toContain(form.realGroup)
    expect(after?.groups).not.toContain(form.tempGroup)
  })
})

describe('create and correction forms opened on a record made offline', () => {
  it('a circle left without a discarded group, corrected in a form before its other group landed, is sent with that group', async () => {
    const tempKept = await created('create-group', 'Group made offline')
    const tempDropped = await created('create-group', 'Group discarded')
    const [account] = await someAccounts(world.plannr.api, 1)
    const circle = await world.outbox.enqueue('create-circle', {
      name: 'Circle corrected',
      account_uuids: [account ?? ''],
      group_uuids: [tempKept, tempDropped],
    })
    if (!circle.ok) throw new Error(circle.error.message)
    const dropped = (await world.outbox.snapshot()).items.find((item) => item.subjectUuid === tempDropped)
    expect((await world.outbox.discard(dropped?.id ?? '')).ok).toBe(true)

    // The discarded group is left out; the circle still waits for the kept one, under its temporary uuid.
    const opened = (await world.outbox.snapshot()).items.find((item) => item.id === circle.op.id)
    expect(opened?.state).toBe('queued')
    expect(opened?.problem?.kind).toBe('left-out')
    const corrected = { ...CreateCircleBody.parse(opened?.payload), name: 'Circle corrected again' }
    expect(corrected.group_uuids).toEqual([tempKept])
    expect(await world.outbox.retry(circle.op.id, corrected)).toEqual({ ok: true })
    await world.outbox.start()
    const left = await world.outbox.idle()
    expect(left.items.map((item) => [item.kind, item.problem?.message])).toEqual([])
    const realKept = (await world.server()).groups.find((group) => group.name === 'Group made offline')?.uuid
    expect((await world.server()).circles.find((row) => row.name === 'Circle corrected again')?.groups).toEqual([
      realKept,
    ])
  })

  it('a new group in a unit that landed while its form was open is made in that unit', async () => {
    const tempUnit = await created('create-business-unit', 'Unit made offline')
    await drain()
    const realUnit = (await world.server()).businessUnits.find((unit) => unit.name === 'Unit made offline')?.uuid

    // The New group form still offers the unit under the temporary uuid it was listed with.
    const made = await world.outbox.enqueue('create-group', { name: 'Group in the new unit', business_unit: tempUnit })
    expect(made.ok).toBe(true)
    await drain()
    const group = (await world.server()).groups.find((row) => row.name === 'Group in the new unit')
    expect(group?.businessUnit).toBe(realUnit)
  })

  it('a new circle given a group that landed while its form was open holds that group', async () => {
    const tempGroup = await created('create-group', 'Group made offline')
    await drain()
    const realGroup = (await world.server()).groups.find((group) => group.name === 'Group made offline')?.uuid
    const [account] = await someAccounts(world.plannr.api, 1)

    const made = await world.outbox.enqueue('create-circle', {
      name: 'Circle with the new group',
      account_uuids: [account ?? ''],
      group_uuids: [tempGroup],
    })
    expect(made.ok).toBe(true)
    await drain()
    const circle = (await world.server()).circles.find((row) => row.name === 'Circle with the new group')
    expect(circle?.groups).toEqual([realGroup])
  })
})

describe('Undo of a removal from a group made offline', () => {
  it('puts the client back after the group landed, though the Undo still names its temporary uuid', async () => {
    const [first, second] = await world.dbs.durable.participants.limit(2).toArray()
    if (!first || !second) throw new Error('the cache holds fewer than two participants')
    const made = await world.outbox.enqueue('create-group', {
      name: 'Group made offline',
      participants: [first.uuid, second.uuid],
    })
    if (!made.ok) throw new Error(made.error.message)
    // The removal the Undo is offered for, made while the group was still a queued create.
    await mustEdit(world.outbox, { kind: 'remove-participants', uuid: made.tempUuid, participants: [second.uuid] })
    await drain()
    const landed = (await world.server()).groups.find((group) => group.name === 'Group made offline')
    expect(landed?.members).toEqual([first.uuid])

    // The Undo, within its seconds: the group's uuid it captured is the temporary one.
    const restored = await world.outbox.edit(
      { kind: 'add-participants', uuid: made.tempUuid, participants: [second.uuid] },
      (db) => stageRestoredParticipant(db, toParticipant(second)),
    )
    expect(restored.ok ? null : restored.error.message).toBeNull()
    await drain()
    expect((await world.server()).groups.find((group) => group.uuid === landed?.uuid)?.members.sort()).toEqual(
      [first.uuid, second.uuid].sort(),
    )
  })
})
