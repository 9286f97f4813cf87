import { describe, expect, it } from 'vitest'
import { useOutboxWorld } from './helpers/world'
import { mustEdit } from './helpers/edits'
import { MAX_PARTICIPANTS_PER_REQUEST } from '../../src/shared/plannr/request-bodies'
import { MembershipOp } from '../../src/renderer/src/outbox/operations/edit-payloads'

/**
 * A membership change is sent as requests the IPC contract accepts, however many participants
 * the user picked (a bulk add of every member of a very large group): never one it would refuse.
 */
const world = useOutboxWorld('edits-membership-size', { seed: 43, accounts: 30, groups: 2, synced: true })

/** `count` distinct uuids (a membership change names each participant once). */
const uuids = (count: number, prefix: string): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-4f89-41d3-9a0c-${i.toString(16).padStart(12, '0')}`)

describe('a membership change larger than one request may name', () => {
  it('is queued as several changes, each within the bound; a later add fills the last one first', async () => {
    const group = (await world.server()).groups[0]
    if (!group) throw new Error('sandbox has no groups')
    const many = uuids(MAX_PARTICIPANTS_PER_REQUEST + 1, '3f2504e0')
    await mustEdit(world.outbox, { kind: 'add-participants', uuid: group.uuid, participants: many })
    const one = uuids(1, '7c9e6679')
    expect(await world.outbox.edit({ kind: 'add-participants', uuid: group.uuid, participants: one })).toMatchObject({
      ok: true,
      outcome: 'coalesced',
    })

    const items = (await world.outbox.snapshot()).items
    expect(items.map((item) => item.kind)).toEqual(['add-participants', 'add-participants'])
    // Each as stored parses as a membership change (within the bound), with every participant once.
    const sizes = items.map((item) => MembershipOp.parse(item.payload).participants.length)
    expect(sizes).toEqual([MAX_PARTICIPANTS_PER_REQUEST, 2])
  })

  it('is refused, in words, when it would grow a group still waiting to be created past the bound', async () => {
    const [first] = uuids(1, '0b7c6a4e')
    const created = await world.outbox.enqueue('create-group', { name: 'Big start', participants: [first ?? ''] })
    if (!created.ok) throw new Error(created.error.message)
    const many = uuids(MAX_PARTICIPANTS_PER_REQUEST, '3f2504e0')
    const refused = await world.outbox.edit({ kind: 'add-participants', uuid: created.tempUuid, participants: many })
    expect(refused).toMatchObject({ ok: false })
    if (!refused.ok) expect(refused.error.message).toMatch(/at most 100,000 participants/)
    // The create is as it was: one participant, one request's worth.
    const items = (await world.outbox.snapshot()).items
    expect(items.map((item) => item.payload)).toEqual([expect.objectContaining({ participants: [first] })])
  })
})
