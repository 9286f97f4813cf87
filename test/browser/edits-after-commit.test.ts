import { describe, expect, it } from 'vitest'
import { useOutboxWorld } from './helpers/world'
import { someAccounts } from './helpers/outbox'
import { editCommands, mustEdit } from './helpers/edits'

/**
 * Plannr's answer to an earlier change of a group (a participant added, a rename) is written into
 * the cache before the user opens the group's details form. The answer already holds whatever a
 * colleague changed meanwhile, so the form must open either on the colleague's values or dated
 * before them: never on the old values dated as if they were current, which would send a change
 * over the colleague's without a conflict.
 */
const world = useOutboxWorld('edits-after-commit', { seed: 31, accounts: 40, groups: 3, synced: true })

async function syncedGroup() {
  const server = await world.server()
  const group = server.groups[0]
  if (!group) throw new Error('sandbox has no groups')
  const otherUnits = server.businessUnits.filter((unit) => unit.uuid !== group.businessUnit).map((unit) => unit.uuid)
  const [theirs, mine] = otherUnits
  if (!theirs || !mine) throw new Error('sandbox lacks two other business units')
  return { uuid: group.uuid, name: group.name, theirs, mine }
}

/** A colleague changes the group on Plannr; no sync brings it in. */
async function colleagueChanges(uuid: string, patch: { name?: string; businessUnit?: string }) {
  await editCommands.sandboxUpdateGroup(world.plannr.sandbox.id, uuid, patch)
}

/** Adds someone to the group through the outbox, online, and waits for Plannr's answer. */
async function addSomeoneOnline(uuid: string) {
  const members = (await world.server()).groups.find((group) => group.uuid === uuid)?.members ?? []
  const outsider = (await someAccounts(world.plannr.api, 40)).find((account) => !members.includes(account))
  if (!outsider) throw new Error('no account outside the group')
  await mustEdit(world.outbox, { kind: 'add-participants', uuid, participants: [outsider] })
  await world.outbox.start()
  expect((await world.outbox.idle()).counts.total).toBe(0)
}

/** Opens the details form as the workspace does, saves it with `changed`, and sends it. */
async function saveDetailsForm(uuid: string, changed: { name?: string; business_unit?: string }) {
  const start = await world.outbox.groupEditStart(uuid)
  if (!start) throw new Error('the group is not cached')
  const { opened } = start
  await mustEdit(world.outbox, {
    kind: 'update-group',
    uuid,
    name: changed.name ?? opened.name,
    business_unit: changed.business_unit ?? opened.business_unit,
    opened,
  })
  await world.outbox.start()
  return { opened, settled: await world.outbox.idle() }
}

async function onPlannr(uuid: string) {
  return (await world.server()).groups.find((group) => group.uuid === uuid)
}

describe('the details form after a committed change of the group', () => {
  it("opens on a colleague's rename that the answer to an added participant carried", async () => {
    const group = await syncedGroup()
    await colleagueChanges(group.uuid, { name: 'Renamed by a colleague' })
    await addSomeoneOnline(group.uuid)

    // The user renames from what the form shows: the colleague's name, not the one before it.
    const { opened, settled } = await saveDetailsForm(group.uuid, { name: 'Renamed here' })
    expect(opened.name).toBe('Renamed by a colleague')
    expect(settled.counts.total).toBe(0)
    expect((await onPlannr(group.uuid))?.name).toBe('Renamed here')
  })

  it("a business unit chosen after an added participant is a conflict with a colleague's move", async () => {
    const group = await syncedGroup()
    await colleagueChanges(group.uuid, { businessUnit: group.theirs })
    await addSomeoneOnline(group.uuid)

    // The answer did not say which unit the group is in: the form still shows the old one, so
    // the user's choice is measured from the time that value was read, and the move is seen.
    const { settled } = await saveDetailsForm(group.uuid, { business_unit: group.mine })
    expect(settled.items[0]?.problem?.conflicts).toMatchObject([
      { field: 'business_unit', theirs: group.theirs, mine: group.mine },
    ])
    expect((await onPlannr(group.uuid))?.businessUnit).toBe(group.theirs)
  })

  it("a business unit chosen after a committed rename is a conflict with a colleague's move", async () => {
    const group = await syncedGroup()
    await colleagueChanges(group.uuid, { businessUnit: group.theirs })
    // Renamed here and sent: the answer to the rename carries no business unit.
    await saveDetailsForm(group.uuid, { name: 'Renamed here first' })
    expect((await onPlannr(group.uuid))?.name).toBe('Renamed here first')

    const { settled } = await saveDetailsForm(group.uuid, { business_unit: group.mine })
    expect(settled.items[0]?.problem?.conflicts).toMatchObject([
      { field: 'business_unit', theirs: group.theirs, mine: group.mine },
    ])
    expect((await onPlannr(group.uuid))?.businessUnit).toBe(group.theirs)
  })
})
