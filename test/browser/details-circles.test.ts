import { describe, expect, it } from 'vitest'
import { getParticipantDetails } from '../../src/renderer/src/data/details'
import { useOutboxWorld } from './helpers/world'
import { editCommands, mustEdit, syncAll } from './helpers/edits'

/**
 * A client's details (and the printed sheet, which shows the same details) list the circles the
 * client is in as the Circles list does: a circle edit queued offline, sent, created, or taken
 * back shows there at once, not only after Plannr's copy of the client is read again.
 */
const world = useOutboxWorld('details-circles', { seed: 31, accounts: 40, groups: 3, synced: true })

/** The circles the details and the sheet show for a participant. */
async function circlesInDetails(uuid: string): Promise<{ uuid: string; name: string }[]> {
  const details = await getParticipantDetails(world.dbs.cache, uuid)
  if (!details) throw new Error(`participant ${uuid} is not cached`)
  return details.participant.circles.map(({ uuid: circle, name }) => ({ uuid: circle, name }))
}

/** Whether the details mark a participant's circle as waiting to sync. */
async function pendingInDetails(uuid: string, circleUuid: string): Promise<boolean | undefined> {
  const details = await getParticipantDetails(world.dbs.cache, uuid)
  return details?.circles.find((circle) => circle.uuid === circleUuid)?.pending
}

/** A cached circle, a cached participant outside it and a cached participant inside it. */
async function circleAndPeople() {
  const cached = new Set(await world.dbs.cache.participants.toCollection().primaryKeys())
  const circles = await world.dbs.cache.circles.toArray()
  for (const circle of circles) {
    const members = circle.accounts.map((ref) => ref.uuid)
    const inside = members.find((uuid) => cached.has(uuid))
    const outside = [...cached].find((uuid) => !members.includes(uuid))
    if (inside && outside && members.length >= 3) return { circle, inside, outside }
  }
  throw new Error('the synced cache has no circle with a cached member and a cached outsider')
}

describe("circles in a client's details", () => {
  it('after a sync, they are the circles that list the client', async () => {
    const { circle, inside, outside } = await circleAndPeople()
    expect(await circlesInDetails(inside)).toContainEqual({ uuid: circle.uuid, name: circle.name })
    expect((await circlesInDetails(outside)).map((ref) => ref.uuid)).not.toContain(circle.uuid)
  })

  it('"Add to circle" shows at once, pending, and stays once Plannr has it', async () => {
    const { circle, outside } = await circleAndPeople()
    await mustEdit(world.outbox, {
      kind: 'update-circle',
      uuid: circle.uuid,
      account_uuids: [...circle.accounts.map((ref) => ref.uuid), outside],
    })
    expect(await circlesInDetails(outside)).toContainEqual({ uuid: circle.uuid, name: circle.name })
    expect(await pendingInDetails(outside, circle.uuid)).toBe(true)

    await world.outbox.start()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    expect((await world.server()).circles.find((c) => c.uuid === circle.uuid)?.accounts).toContain(outside)
    expect(await circlesInDetails(outside)).toContainEqual({ uuid: circle.uuid, name: circle.name })
    expect(await pendingInDetails(outside, circle.uuid)).toBe(false)
  })

  it('removing the client from a circle takes it away at once; discarding the edit puts it back', async () => {
    const { circle, inside } = await circleAndPeople()
    const opId = await mustEdit(world.outbox, {
      kind: 'update-circle',
      uuid: circle.uuid,
      account_uuids: circle.accounts.map((ref) => ref.uuid).filter((uuid) => uuid !== inside),
    })
    expect((await circlesInDetails(inside)).map((ref) => ref.uuid)).not.toContain(circle.uuid)

    expect((await world.outbox.discard(opId ?? '')).ok).toBe(true)
    expect(await circlesInDetails(inside)).toContainEqual({ uuid: circle.uuid, name: circle.name })
  })

  it('a removal sent to Plannr stays removed', async () => {
    const { circle, inside } = await circleAndPeople()
    await mustEdit(world.outbox, {
      kind: 'update-circle',
      uuid: circle.uuid,
      account_uuids: circle.accounts.map((ref) => ref.uuid).filter((uuid) => uuid !== inside),
    })
    await world.outbox.start()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    expect((await world.server()).circles.find((c) => c.uuid === circle.uuid)?.accounts).not.toContain(inside)
    expect((await circlesInDetails(inside)).map((ref) => ref.uuid)).not.toContain(circle.uuid)
  })

  it("a circle created offline shows under its temporary uuid, then under Plannr's once created", async () => {
    const { inside, outside } = await circleAndPeople()
    const group = (await world.dbs.cache.groups.toArray())[0]
    if (!group) throw new Error('no cached group')
    const created = await world.outbox.enqueue('create-circle', {
      name: 'Circle made on the train',
      account_uuids: [inside, outside],
      group_uuids: [group.uuid],
    })
    if (!created.ok) throw new Error(created.error.message)
    expect(await circlesInDetails(outside)).toContainEqual({ uuid: created.tempUuid, name: 'Circle made on the train' })
    expect(await pendingInDetails(outside, created.tempUuid)).toBe(true)

    await world.outbox.start()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    const onPlannr = (await world.server()).circles.find((c) => c.name === 'Circle made on the train')
    if (!onPlannr) throw new Error('the circle was not created on Plannr')
    for (const uuid of [inside, outside]) {
      const circles = await circlesInDetails(uuid)
      expect(circles).toContainEqual({ uuid: onPlannr.uuid, name: 'Circle made on the train' })
      expect(circles.map((ref) => ref.uuid)).not.toContain(created.tempUuid)
    }
  })

  it('a change made on Plannr shows once a sync reads it, and an edit queued after it on top', async () => {
    const { circle, inside, outside } = await circleAndPeople()
    // A colleague swaps the client inside for the one outside.
    const accounts = circle.accounts.map((ref) => ref.uuid)
    await editCommands.sandboxUpdateCircle(world.plannr.sandbox.id, circle.uuid, {
      accountUuids: [...accounts.filter((uuid) => uuid !== inside), outside],
    })
    await syncAll(world.dbs, world.plannr.api)
    expect((await circlesInDetails(inside)).map((ref) => ref.uuid)).not.toContain(circle.uuid)
    expect(await circlesInDetails(outside)).toContainEqual({ uuid: circle.uuid, name: circle.name })
    expect(await pendingInDetails(outside, circle.uuid)).toBe(false)

    // Then the adviser puts the first client back, offline: the details follow the queued edit.
    const synced = await world.dbs.cache.circles.get(circle.uuid)
    if (!synced) throw new Error('the circle left the cache')
    await mustEdit(world.outbox, {
      kind: 'update-circle',
      uuid: circle.uuid,
      account_uuids: [...synced.accounts.map((ref) => ref.uuid), inside],
    })
    expect(await circlesInDetails(inside)).toContainEqual({ uuid: circle.uuid, name: circle.name })
    expect(await pendingInDetails(inside, circle.uuid)).toBe(true)
    expect(await circlesInDetails(outside)).toContainEqual({ uuid: circle.uuid, name: circle.name })
  })
})
