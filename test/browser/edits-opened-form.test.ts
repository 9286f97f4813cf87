import { describe, expect, it } from 'vitest'
import { useOutboxWorld } from './helpers/world'
import { someAccounts } from './helpers/outbox'
import { editCommands, mustEdit, syncAll } from './helpers/edits'

/**
 * An edit form stays open while a sync brings in a colleague's change. Saving it sends only the
 * fields the user changed, each based on what the form showed when it opened: a colleague's
 * change to another field stays, and one to the same field is a conflict the user settles.
 */
const world = useOutboxWorld('edits-opened-form', { seed: 31, accounts: 40, groups: 3, synced: true })

/** The group's details as the Edit details form opens on them. */
async function openGroupForm() {
  const group = (await world.server()).groups[0]
  if (!group) throw new Error('sandbox has no groups')
  const start = await world.outbox.groupEditStart(group.uuid)
  if (!start) throw new Error('the group is not cached')
  const { opened } = start
  const otherUnit = (await world.server()).businessUnits.find((unit) => unit.uuid !== opened.business_unit)
  if (!otherUnit) throw new Error('sandbox has no other business unit')
  return { uuid: group.uuid, opened, otherUnit: otherUnit.uuid }
}

type GroupForm = Awaited<ReturnType<typeof openGroupForm>>

/** A colleague changes the group on Plannr, and a sync brings it in while the form is open. */
async function colleagueChangesGroup(form: GroupForm, patch: { name?: string; businessUnit?: string }) {
  await editCommands.sandboxUpdateGroup(world.plannr.sandbox.id, form.uuid, patch)
  await syncAll(world.dbs, world.plannr.api)
}

/** Saves the form as the workspace does (both fields, as shown unless changed) and sends it. */
async function saveGroupForm(form: GroupForm, changed: { name?: string; business_unit?: string }) {
  await mustEdit(world.outbox, {
    kind: 'update-group',
    uuid: form.uuid,
    name: changed.name ?? form.opened.name,
    business_unit: changed.business_unit ?? form.opened.business_unit,
    opened: form.opened,
  })
  await world.outbox.start()
  return world.outbox.idle()
}

describe('group details form open across a sync', () => {
  it("a rename saved after a colleague moved the group keeps the colleague's business unit", async () => {
    const form = await openGroupForm()
    await colleagueChangesGroup(form, { businessUnit: form.otherUnit })

    // The form sends both fields, the business unit as it showed it.
    expect((await saveGroupForm(form, { name: 'Renamed in the form' })).counts.total).toBe(0)
    const after = (await world.server()).groups.find((group) => group.uuid === form.uuid)
    expect(after).toMatchObject({ name: 'Renamed in the form', businessUnit: form.otherUnit })
    expect((await world.dbs.durable.groups.get(form.uuid))?.businessUnit?.uuid).toBe(form.otherUnit)
  })

  it("a business unit saved after a colleague's rename keeps the colleague's name", async () => {
    const form = await openGroupForm()
    await colleagueChangesGroup(form, { name: 'Renamed by a colleague' })

    expect((await saveGroupForm(form, { business_unit: form.otherUnit })).counts.total).toBe(0)
    const after = (await world.server()).groups.find((group) => group.uuid === form.uuid)
    expect(after).toMatchObject({ name: 'Renamed by a colleague', businessUnit: form.otherUnit })
    expect((await world.dbs.durable.groups.get(form.uuid))?.name).toBe('Renamed by a colleague')
  })

  it("a rename saved after a colleague's rename is a conflict, not a silent overwrite", async () => {
    const form = await openGroupForm()
    await colleagueChangesGroup(form, { name: 'Renamed by a colleague' })

    const stuck = await saveGroupForm(form, { name: 'Renamed in the form' })
    expect(stuck.items[0]?.problem?.conflicts).toEqual([
      { field: 'name', theirs: 'Renamed by a colleague', mine: 'Renamed in the form' },
    ])
    expect(world.plannr.calls.get('groups.update') ?? 0).toBe(0)
    expect((await world.server()).groups.find((group) => group.uuid === form.uuid)?.name).toBe('Renamed by a colleague')
  })
})

describe('circle form open across a sync', () => {
  /** A circle with a colour, synced, and its values as the Edit circle form opens on them. */
  async function openCircleForm() {
    const circle = (await world.server()).circles.find((candidate) => candidate.accounts.length >= 2)
    if (!circle) throw new Error('sandbox has no circle with two accounts')
    await editCommands.sandboxUpdateCircle(world.plannr.sandbox.id, circle.uuid, { bgColour: '#101010' })
    await syncAll(world.dbs, world.plannr.api)
    const start = await world.outbox.circleEditStart(circle.uuid)
    if (!start) throw new Error('the circle is not cached')
    const { opened } = start
    const outsiders = (await someAccounts(world.plannr.api, 40)).filter((uuid) => !opened.account_uuids.includes(uuid))
    return { uuid: circle.uuid, opened, outsiders }
  }

  type CircleForm = Awaited<ReturnType<typeof openCircleForm>>

  /** Saves the form as the workspace does (its full sets and colour, as shown unless changed) and sends it. */
  async function saveCircleForm(form: CircleForm, changed: { name?: string; account_uuids?: string[] }) {
    await mustEdit(world.outbox, {
      kind: 'update-circle',
      uuid: form.uuid,
      name: changed.name ?? form.opened.name,
      account_uuids: changed.account_uuids ?? form.opened.account_uuids,
      group_uuids: form.opened.group_uuids,
      bg_colour: form.opened.bg_colour ?? '',
      opened: form.opened,
    })
    await world.outbox.start()
    return world.outbox.idle()
  }

  it('adding an account keeps the account and colour a colleague set meanwhile', async () => {
    const form = await openCircleForm()
    const [theirs, ours] = form.outsiders
    if (!theirs || !ours) throw new Error('not enough accounts outside the circle')
    await editCommands.sandboxUpdateCircle(world.plannr.sandbox.id, form.uuid, {
      accountUuids: [...form.opened.account_uuids, theirs],
      bgColour: '#202020',
    })
    await syncAll(world.dbs, world.plannr.api)

    // The form sends its full sets and the colour it showed.
    expect((await saveCircleForm(form, { account_uuids: [...form.opened.account_uuids, ours] })).counts.total).toBe(0)
    const after = (await world.server()).circles.find((circle) => circle.uuid === form.uuid)
    expect(new Set(after?.accounts)).toEqual(new Set([...form.opened.account_uuids, theirs, ours]))
    expect(after?.bgColour).toBe('#202020')
  })

  it("a rename saved after a colleague's rename is a conflict", async () => {
    const form = await openCircleForm()
    await editCommands.sandboxUpdateCircle(world.plannr.sandbox.id, form.uuid, {
      name: 'Circle renamed by a colleague',
    })
    await syncAll(world.dbs, world.plannr.api)

    const stuck = await saveCircleForm(form, { name: 'Circle renamed in the form' })
    expect(stuck.items[0]?.problem?.conflicts).toEqual([
      { field: 'name', theirs: 'Circle renamed by a colleague', mine: 'Circle renamed in the form' },
    ])
    expect(world.plannr.calls.get('circles.update') ?? 0).toBe(0)
  })
})
