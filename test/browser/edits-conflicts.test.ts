import { describe, expect, it } from 'vitest'
import { commands } from './helpers/commands'
import { useOutboxWorld } from './helpers/world'
import { outboxCommands, someAccounts, until } from './helpers/outbox'
import { editCommands, mustEdit, syncAll } from './helpers/edits'
import { LiveSearchIndex } from '../../src/renderer/src/data/search-live'
import { stageRestoredParticipant, toParticipant, type CachedParticipant } from '../../src/renderer/src/data'
import { UpdateGroupOp } from '../../src/renderer/src/outbox'

/**
 * Edits of records the cache already has, folded into pending creates, coalesced with
 * each other, and checked against the server copy before they are sent (conflicts, deletions).
 */
const world = useOutboxWorld('edits-conflicts', { seed: 31, accounts: 40, groups: 3, synced: true })

async function firstGroup() {
  const group = (await world.server()).groups[0]
  if (!group) throw new Error('sandbox has no groups')
  return group
}

describe('edits: folding and coalescing', () => {
  it('a rename and membership changes of a pending create fold into the create: one request', async () => {
    const [a, b, c] = await someAccounts(world.plannr.api, 3)
    const created = await world.outbox.enqueue('create-group', { name: 'Fold me', participants: [a ?? '', b ?? ''] })
    if (!created.ok) throw new Error(created.error.message)
    expect((await world.outbox.edit({ kind: 'update-group', uuid: created.tempUuid, name: 'Folded' })).ok && true).toBe(
      true,
    )
    expect(
      await world.outbox.edit({ kind: 'add-participants', uuid: created.tempUuid, participants: [c ?? ''] }),
    ).toMatchObject({ outcome: 'folded' })
    expect(
      await world.outbox.edit({ kind: 'remove-participants', uuid: created.tempUuid, participants: [a ?? ''] }),
    ).toMatchObject({ outcome: 'folded' })
    const snap = await world.outbox.snapshot()
    expect(snap.items).toHaveLength(1)
    expect(snap.items[0]?.payload).toMatchObject({ name: 'Folded', participants: [b, c] })
    expect((await world.dbs.durable.groups.get(created.tempUuid))?.name).toBe('Folded')

    await world.outbox.start()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    const made = (await world.server()).groups.filter((group) => group.name.startsWith('Fold'))
    expect(made).toHaveLength(1)
    expect(made[0]?.name).toBe('Folded')
    expect(new Set(made[0]?.members)).toEqual(new Set([b, c]))
    expect(world.plannr.calls.get('groups.create')).toBe(1)
    expect(world.plannr.calls.get('groups.update') ?? 0).toBe(0)
  })

  it('two renames coalesce into one; add X then remove X sends nothing; add X, add Y is one add', async () => {
    const group = await firstGroup()
    const outsiders = (await someAccounts(world.plannr.api, 40)).filter((uuid) => !group.members.includes(uuid))
    const [x, y] = outsiders
    await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: 'First rename' })
    expect(await world.outbox.edit({ kind: 'update-group', uuid: group.uuid, name: 'Second rename' })).toMatchObject({
      outcome: 'coalesced',
    })
    await mustEdit(world.outbox, { kind: 'add-participants', uuid: group.uuid, participants: [x ?? ''] })
    expect(
      await world.outbox.edit({ kind: 'remove-participants', uuid: group.uuid, participants: [x ?? ''] }),
    ).toMatchObject({ outcome: 'nothing' })
    await mustEdit(world.outbox, { kind: 'add-participants', uuid: group.uuid, participants: [x ?? ''] })
    expect(
      await world.outbox.edit({ kind: 'add-participants', uuid: group.uuid, participants: [y ?? ''] }),
    ).toMatchObject({
      outcome: 'coalesced',
    })

    const snap = await world.outbox.snapshot()
    expect(snap.items.map((item) => item.kind)).toEqual(['update-group', 'add-participants'])
    expect(snap.items[0]?.label).toBe(`group “${group.name}” renamed to “Second rename”`)
    expect(snap.items[1]?.payload).toMatchObject({ participants: [x, y] })
    const cached = await world.dbs.durable.groups.get(group.uuid)
    expect(cached?.name).toBe('Second rename')
    expect(cached?.pendingOpId).toBeTruthy()

    // A pull sync before the edits are sent must not undo them in the cache.
    await syncAll(world.dbs, world.plannr.api)
    expect((await world.dbs.durable.groups.get(group.uuid))?.name).toBe('Second rename')
    expect(await world.dbs.durable.memberships.get([group.uuid, x ?? ''])).toBeDefined()

    await world.outbox.start()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    expect(world.plannr.calls.get('groups.update')).toBe(1)
    expect(world.plannr.calls.get('groups.addParticipants')).toBe(1)
    const after = (await world.server()).groups.find((g) => g.uuid === group.uuid)
    expect(after?.name).toBe('Second rename')
    expect(after?.members).toEqual(expect.arrayContaining([x, y]))
    const cachedAfter = await world.dbs.durable.groups.get(group.uuid)
    expect(cachedAfter).toMatchObject({ name: 'Second rename', pendingOpId: null, pendingMembers: null })
  })
})

describe('edits: conflicts', () => {
  for (const choice of ['mine', 'theirs'] as const) {
    it(`a group renamed on Plannr and in the app: both shown, "${choice}" wins`, async () => {
      const group = await firstGroup()
      await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: 'Renamed in the app' })
      await editCommands.sandboxRenameGroup(world.plannr.sandbox.id, group.uuid, 'Renamed on Plannr')
      await world.outbox.start()
      const stuck = await until(world.outbox, (snap) => snap.counts.needsAttention === 1)
      const item = stuck.items[0]
      expect(item?.problem?.kind).toBe('conflict')
      expect(item?.problem?.conflicts).toEqual([
        { field: 'name', theirs: 'Renamed on Plannr', mine: 'Renamed in the app' },
      ])
      expect(world.plannr.calls.get('groups.update') ?? 0).toBe(0)

      expect((await world.outbox.resolve(item?.id ?? '', choice)).ok).toBe(true)
      expect((await world.outbox.idle()).counts.total).toBe(0)
      const wanted = choice === 'mine' ? 'Renamed in the app' : 'Renamed on Plannr'
      expect((await world.server()).groups.find((g) => g.uuid === group.uuid)?.name).toBe(wanted)
      expect(await world.dbs.durable.groups.get(group.uuid)).toMatchObject({ name: wanted, pendingOpId: null })
      expect(world.plannr.calls.get('groups.update') ?? 0).toBe(choice === 'mine' ? 1 : 0)
    })
  }

  it('a rename made while Plannr is asked for its copy is not lost when the earlier one is already there', async () => {
    const group = await firstGroup()
    // A colleague already renamed the group on Plannr as the adviser then does in the app.
    await editCommands.sandboxRenameGroup(world.plannr.sandbox.id, group.uuid, 'Renamed on Plannr')
    await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: 'Renamed on Plannr' })
    // Plannr's copy is slow to come: the adviser renames again while the outbox waits for it.
    await outboxCommands.sandboxSetFault(world.plannr.sandbox.id, `GET /api/v1/group/${group.uuid}`, {
      latencyMs: 1_500,
    })
    await world.outbox.start()
    const asking = () => world.plannr.trace.some((entry) => entry.at === 'start' && entry.channel === 'groups.get')
    while (!asking()) await new Promise((resolve) => setTimeout(resolve, 10))
    await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: 'Renamed again' })
    await outboxCommands.sandboxClearFaults(world.plannr.sandbox.id)

    // Plannr has the first name by someone else's hand since the edit began: asked, the adviser keeps theirs.
    let snapshot = await world.outbox.idle()
    const asked = snapshot.items.find((item) => item.problem?.kind === 'conflict')
    if (asked) {
      expect(asked.problem?.conflicts).toEqual([{ field: 'name', theirs: 'Renamed on Plannr', mine: 'Renamed again' }])
      expect((await world.outbox.resolve(asked.id, 'mine')).ok).toBe(true)
      snapshot = await world.outbox.idle()
    }
    expect(snapshot.counts.total).toBe(0)
    expect((await world.server()).groups.find((g) => g.uuid === group.uuid)?.name).toBe('Renamed again')
  })

  it('a membership conflict merges without asking: Plannr removed A and added B, the app added C', async () => {
    const group = await firstGroup()
    const a = group.members[0] ?? ''
    const [b, c] = (await someAccounts(world.plannr.api, 40)).filter((uuid) => !group.members.includes(uuid))
    await mustEdit(world.outbox, { kind: 'add-participants', uuid: group.uuid, participants: [c ?? ''] })
    await commands.sandboxRemoveMembers(world.plannr.sandbox.id, group.uuid, [a])
    await commands.sandboxAddMembers(world.plannr.sandbox.id, group.uuid, [b ?? ''])
    await world.outbox.start()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    const members = (await world.server()).groups.find((g) => g.uuid === group.uuid)?.members ?? []
    expect(members).toEqual(expect.arrayContaining([b, c]))
    expect(members).not.toContain(a)
    expect(members).toHaveLength(group.members.length + 1)
  })

  it('a circle edit composes its accounts with a newer server change (set difference) and a colour', async () => {
    const circle = (await world.server()).circles.find((candidate) => candidate.accounts.length >= 2)
    if (!circle) throw new Error('sandbox has no circle with two accounts')
    const [keep, dropped] = circle.accounts
    const extra = (await someAccounts(world.plannr.api, 40)).filter((uuid) => !circle.accounts.includes(uuid))
    // App: remove `dropped`, add extra[0], new colour.
    const desired = [...circle.accounts.filter((uuid) => uuid !== dropped), extra[0] ?? '']
    await mustEdit(world.outbox, {
      kind: 'update-circle',
      uuid: circle.uuid,
      account_uuids: desired,
      bg_colour: '#123456',
    })
    // Plannr meanwhile: adds extra[1] (a full replacement there).
    await editCommands.sandboxUpdateCircle(world.plannr.sandbox.id, circle.uuid, {
      accountUuids: [...circle.accounts, extra[1] ?? ''],
    })
    await world.outbox.start()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    const after = (await world.server()).circles.find((c) => c.uuid === circle.uuid)
    expect(new Set(after?.accounts)).toEqual(
      new Set([...circle.accounts.filter((uuid) => uuid !== dropped), extra[0], extra[1]]),
    )
    expect(after?.accounts).toContain(keep)
    expect(after?.bgColour).toBe('#123456')
    expect((await world.dbs.durable.circles.get(circle.uuid))?.pendingOpId).toBeNull()
  })

  it('a group deleted on Plannr (404) needs attention; discarding it removes the group from the cache', async () => {
    const group = await firstGroup()
    await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: 'Too late' })
    await editCommands.sandboxDeleteGroup(world.plannr.sandbox.id, group.uuid)
    await world.outbox.start()
    const stuck = await until(world.outbox, (snap) => snap.counts.needsAttention === 1)
    expect(stuck.items[0]?.problem?.kind).toBe('deleted')
    expect(stuck.items[0]?.problem?.message).toMatch(/deleted on Plannr/)
    expect((await world.outbox.discard(stuck.items[0]?.id ?? '')).ok).toBe(true)
    // Gone from Plannr, it leaves the cache with the change rather than at the next sync.
    expect(await world.dbs.durable.groups.get(group.uuid)).toBeUndefined()
    expect((await world.outbox.snapshot()).counts.total).toBe(0)
  })

  it('a change to a group deleted on Plannr is not queued again by a retry, edited or not: it can only be discarded', async () => {
    const group = await firstGroup()
    await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: 'Sent into the void' })
    await editCommands.sandboxDeleteGroup(world.plannr.sandbox.id, group.uuid)
    await world.outbox.start()
    const stuck = await until(world.outbox, (snap) => snap.counts.needsAttention === 1)
    const [item] = stuck.items
    if (!item) throw new Error('nothing needs attention')
    const reads = world.plannr.calls.get('groups.get') ?? 0

    // A caller other than the card (which offers only Discard) asks to send it again.
    const again = await world.outbox.retry(item.id)
    const edited = await world.outbox.retry(item.id, { ...UpdateGroupOp.parse(item.payload), name: 'Another name' })
    const deleted = { ok: false, error: { kind: 'deleted', message: expect.stringMatching(/deleted on Plannr/) } }
    expect(again).toMatchObject(deleted)
    expect(edited).toMatchObject(deleted)
    const after = await world.outbox.idle()
    expect(after.items).toEqual([
      expect.objectContaining({ id: item.id, state: 'needs-attention', payload: item.payload }),
    ])
    expect(after.items[0]?.problem?.kind).toBe('deleted')
    expect(world.plannr.calls.get('groups.get') ?? 0).toBe(reads)
    expect(world.plannr.calls.get('groups.update') ?? 0).toBe(0)
  })
})

describe('edits: a name freed by a queued rename', () => {
  /**
   * A group renamed to "Moved aside" while Plannr fails the rename for now, without doing it (a
   * backoff, then retries), and a new group given its old name, which on this computer is free
   * at once; resolves once the rename was tried `attempts` times.
   */
  async function renameRetryingThenCreateOldName(attempts: number): Promise<string> {
    const group = await firstGroup()
    const rename = `PUT /api/v1/group/${group.uuid}`
    await outboxCommands.sandboxSetFault(world.plannr.sandbox.id, rename, { errorRate: 1 })
    await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: 'Moved aside' })
    const created = await world.outbox.enqueue('create-group', { name: group.name })
    if (!created.ok) throw new Error(created.error.message)
    await world.outbox.start()
    await until(world.outbox, (snapshot) =>
      snapshot.items.some((item) => item.kind === 'update-group' && item.attempts >= attempts),
    )
    return group.name
  }

  it('a create taking the old name waits for the rename, even while the rename waits out a backoff', async () => {
    const oldName = await renameRetryingThenCreateOldName(3)
    // Sent now, the create would be refused: Plannr still has a group of that name.
    expect(world.plannr.calls.get('groups.create') ?? 0).toBe(0)
    const waiting = (await world.outbox.snapshot()).items.find((item) => item.kind === 'create-group')
    expect(waiting).toMatchObject({ state: 'queued', problem: null })

    await outboxCommands.sandboxClearFaults(world.plannr.sandbox.id)
    expect((await world.outbox.idle()).counts.total).toBe(0)
    const names = (await world.server()).groups.map((row) => row.name)
    expect(names).toContain('Moved aside')
    expect(names.filter((name) => name === oldName)).toHaveLength(1)
    expect(world.plannr.calls.get('groups.create')).toBe(1)
  })

  it('discarding that rename keeps the old name on the group: the create asks for another name, unsent', async () => {
    const oldName = await renameRetryingThenCreateOldName(1)

    // The adviser changes their mind about the rename (between two attempts): the group keeps its name.
    const renameItem = (await world.outbox.snapshot()).items.find((item) => item.kind === 'update-group')
    if (!renameItem) throw new Error('the rename is not queued')
    let discarded = await world.outbox.discard(renameItem.id)
    while (!discarded.ok && discarded.error.kind === 'busy') discarded = await world.outbox.discard(renameItem.id)
    expect(discarded).toEqual({ ok: true })
    await outboxCommands.sandboxClearFaults(world.plannr.sandbox.id)

    // Sending the create now could only be refused: it waits for a new name instead, and says why.
    const waiting = (await world.outbox.idle()).items.find((item) => item.kind === 'create-group')
    expect(world.plannr.calls.get('groups.create') ?? 0).toBe(0)
    expect(waiting).toMatchObject({ state: 'blocked' })
    expect(waiting?.problem?.fieldErrors?.name?.join(' ')).toContain(oldName)

    // Given another name, it is created; the group keeps the name it had.
    expect(await world.outbox.retry(waiting!.id, { name: `${oldName} (new)` })).toEqual({ ok: true })
    expect((await world.outbox.idle()).counts.total).toBe(0)
    const names = (await world.server()).groups.map((row) => row.name)
    expect(names.filter((name) => name === oldName)).toHaveLength(1)
    expect(names).toContain(`${oldName} (new)`)
    expect(names).not.toContain('Moved aside')
  })
})

describe('edits: a participant removed from their only group', () => {
  /** A cached participant who is a member of exactly one group, with that group. */
  async function inOneGroupOnly() {
    const [first] = await severalInOneGroupOnly(1)
    if (!first) throw new Error('no cached participant in exactly one group')
    return first
  }

  /** `count` cached participants who are members of exactly one group, the same one for all. */
  async function severalInOneGroupOnly(count: number) {
    const server = await world.server()
    const groupsOf = new Map<string, string[]>()
    for (const group of server.groups)
      for (const member of group.members) groupsOf.set(member, [...(groupsOf.get(member) ?? []), group.uuid])
    for (const group of server.groups) {
      const only = group.members.filter((uuid) => groupsOf.get(uuid)?.length === 1).slice(0, count)
      if (only.length < count) continue
      const found = []
      for (const uuid of only) {
        const row = await world.dbs.durable.participants.get(uuid)
        if (row) found.push({ uuid, groupUuid: group.uuid, row })
      }
      if (found.length === count) return found
    }
    throw new Error(`no ${count} cached participants in exactly one group`)
  }

  /** Removes them from their group and lets Plannr confirm it: they leave the cache. */
  async function removedForGood(groupUuid: string, uuids: string[]): Promise<void> {
    await mustEdit(world.outbox, { kind: 'remove-participants', uuid: groupUuid, participants: uuids })
    await world.outbox.start()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    await world.outbox.stop()
    for (const uuid of uuids) expect(await world.dbs.durable.participants.get(uuid)).toBeUndefined()
  }

  /** Undo as the workspace does it: the rows from the screen's copies, in the add's transaction. */
  async function undo(groupUuid: string, rows: CachedParticipant[]): Promise<string | null> {
    const opId = await mustEdit(
      world.outbox,
      { kind: 'add-participants', uuid: groupUuid, participants: rows.map((row) => row.uuid) },
      async (db) => {
        const staged = await Promise.all(rows.map((row) => stageRestoredParticipant(db, toParticipant(row))))
        return () => staged.forEach((apply) => apply())
      },
    )
    for (const row of rows) expect(await world.dbs.durable.participants.get(row.uuid)).toBeDefined()
    return opId
  }

  it('leaves the cache once Plannr confirms, and quick search with it', async () => {
    const { uuid, groupUuid, row } = await inOneGroupOnly()
    const search = await LiveSearchIndex.open(world.dbs.cache, { alsoFollow: [world.dbs.durable] })
    expect((await search.search(row.name, 50)).map((hit) => hit.uuid)).toContain(uuid)

    await mustEdit(world.outbox, { kind: 'remove-participants', uuid: groupUuid, participants: [uuid] })
    // Queued only: the row stays, so discarding the removal would put the membership back.
    expect(await world.dbs.durable.participants.get(uuid)).toBeDefined()
    await world.outbox.start()
    expect((await world.outbox.idle()).counts.total).toBe(0)

    // As a full pass would after the same removal made on Plannr: in no group, so not cached.
    expect(await world.dbs.durable.participants.get(uuid)).toBeUndefined()
    expect((await search.search(row.name, 50)).map((hit) => hit.uuid)).not.toContain(uuid)
    await search.close()
  })

  it('put back for an Undo whose add is refused (the group is gone), it is not kept', async () => {
    const { uuid, groupUuid, row } = await inOneGroupOnly()
    await mustEdit(world.outbox, { kind: 'remove-participants', uuid: groupUuid, participants: [uuid] })
    await world.outbox.start()
    expect((await world.outbox.idle()).counts.total).toBe(0)
    // Meanwhile the group is deleted on Plannr, and a sync takes it away.
    await editCommands.sandboxDeleteGroup(world.plannr.sandbox.id, groupUuid)
    await syncAll(world.dbs, world.plannr.api)

    // Undo, as the workspace does it: the row from the screen's copy, in the add's transaction.
    const added = await world.outbox.edit({ kind: 'add-participants', uuid: groupUuid, participants: [uuid] }, (db) =>
      stageRestoredParticipant(db, toParticipant(row)),
    )
    expect(added.ok).toBe(false)
    expect(await world.dbs.durable.participants.get(uuid)).toBeUndefined()
  })
  it('put back by an Undo that is then cancelled before it is sent, it leaves the cache again', async () => {
    const { uuid, groupUuid, row } = await inOneGroupOnly()
    await removedForGood(groupUuid, [uuid])
    const search = await LiveSearchIndex.open(world.dbs.cache, { alsoFollow: [world.dbs.durable] })
    await undo(groupUuid, [row])
    expect((await search.search(row.name, 50)).map((hit) => hit.uuid)).toContain(uuid)

    // Still offline: removed again, the queued add cancels out and nothing is sent.
    const again = await world.outbox.edit({ kind: 'remove-participants', uuid: groupUuid, participants: [uuid] })
    expect(again).toMatchObject({ ok: true, outcome: 'nothing' })
    expect(await world.dbs.durable.outbox.count()).toBe(0)

    // In no group, as after the removal Plannr confirmed: not cached, not found by quick search.
    expect(await world.dbs.durable.participants.get(uuid)).toBeUndefined()
    expect((await search.search(row.name, 50)).map((hit) => hit.uuid)).not.toContain(uuid)
    await search.close()
  })

  it('put back by an Undo of two of whom one is removed again, that one leaves the cache', async () => {
    const [kept, removed] = await severalInOneGroupOnly(2)
    if (!kept || !removed) throw new Error('two participants expected')
    const groupUuid = kept.groupUuid
    await removedForGood(groupUuid, [kept.uuid, removed.uuid])
    await undo(groupUuid, [kept.row, removed.row])

    // The queued add is rewritten to the one still put back.
    await mustEdit(world.outbox, { kind: 'remove-participants', uuid: groupUuid, participants: [removed.uuid] })
    const [add] = await world.dbs.durable.outbox.toArray()
    expect(add?.payload).toMatchObject({ participants: [kept.uuid] })

    expect(await world.dbs.durable.participants.get(removed.uuid)).toBeUndefined()
    expect(await world.dbs.durable.participants.get(kept.uuid)).toBeDefined()
  })

  it('put back by an Undo whose add is then discarded, it leaves the cache again', async () => {
    const { uuid, groupUuid, row } = await inOneGroupOnly()
    await removedForGood(groupUuid, [uuid])
    const opId = await undo(groupUuid, [row])
    if (!opId) throw new Error('the Undo queued nothing')

    expect(await world.outbox.discard(opId)).toEqual({ ok: true })
    expect(await world.dbs.durable.participants.get(uuid)).toBeUndefined()
  })

  it('a member of a pending new group only, left in no group when that create is discarded, leaves the cache', async () => {
    const { uuid, groupUuid } = await inOneGroupOnly()
    const created = await world.outbox.enqueue('create-group', { name: 'Held for a while', participants: [uuid] })
    if (!created.ok) throw new Error(created.error.message)
    // Plannr refuses the create (the name was taken there meanwhile): it waits for the user.
    await editCommands.sandboxRenameGroup(world.plannr.sandbox.id, groupUuid, 'Held for a while')
    await mustEdit(world.outbox, { kind: 'remove-participants', uuid: groupUuid, participants: [uuid] })
    await world.outbox.start()
    const settled = await world.outbox.idle()
    expect(settled.items.map((item) => item.status)).toEqual(['needs-attention'])
    // The removal committed, but the pending group still holds them.
    expect(await world.dbs.durable.participants.get(uuid)).toBeDefined()

    expect(await world.outbox.discard(created.op.id)).toEqual({ ok: true })
    expect(await world.dbs.durable.participants.get(uuid)).toBeUndefined()
  })
  it('left in no group by a discarded add while their removal is still queued, they stay for that removal', async () => {
    const { uuid, groupUuid } = await inOneGroupOnly()
    const other = (await world.server()).groups.find((group) => group.uuid !== groupUuid)
    if (!other) throw new Error('a second group expected')
    await mustEdit(world.outbox, { kind: 'remove-participants', uuid: groupUuid, participants: [uuid] })
    const addId = await mustEdit(world.outbox, { kind: 'add-participants', uuid: other.uuid, participants: [uuid] })
    if (!addId) throw new Error('the add queued nothing')

    expect(await world.outbox.discard(addId)).toEqual({ ok: true })
    expect(await world.dbs.durable.participants.get(uuid)).toBeDefined()
    // Discarding the removal too puts the membership back, which needs the row.
    const [removal] = await world.dbs.durable.outbox.toArray()
    if (!removal) throw new Error('the removal should still be queued')
    expect(await world.outbox.discard(removal.id)).toEqual({ ok: true })
    expect(await world.dbs.durable.memberships.get([groupUuid, uuid])).toBeDefined()
  })

  /** A cached participant who is a member of exactly two groups, with those groups. */
  async function inTwoGroups() {
    const server = await world.server()
    const groupsOf = new Map<string, string[]>()
    for (const group of server.groups)
      for (const member of group.members) groupsOf.set(member, [...(groupsOf.get(member) ?? []), group.uuid])
    const [uuid, [first, second] = []] = [...groupsOf].find(([, groups]) => groups.length === 2) ?? ['', []]
    if (!first || !second || !(await world.dbs.durable.participants.get(uuid)))
      throw new Error('no cached participant in exactly two groups')
    return { uuid, first, second }
  }

  it('removed here from one group and on Plannr from the other, kept by sync while the removal is queued', async () => {
    const { uuid, first, second } = await inTwoGroups()
    await mustEdit(world.outbox, { kind: 'remove-participants', uuid: second, participants: [uuid] })
    // Meanwhile a colleague removes them from the other group on Plannr, and a sync reconciles it.
    await commands.sandboxRemoveMembers(world.plannr.sandbox.id, first, [uuid])
    await syncAll(world.dbs, world.plannr.api)
    expect(await world.dbs.durable.participants.get(uuid), 'kept for the removal still queued').toBeDefined()

    const [queued] = await world.dbs.durable.outbox.toArray()
    if (!queued) throw new Error('the removal should still be queued')
    expect(await world.outbox.discard(queued.id)).toEqual({ ok: true })
    expect(await world.dbs.durable.memberships.get([second, uuid])).toBeDefined()
  })

  it('removed from both their groups, kept while the second removal is still queued, so discarding it puts them back', async () => {
    const { uuid, first, second } = await inTwoGroups()
    await mustEdit(world.outbox, { kind: 'remove-participants', uuid: first, participants: [uuid] })
    await mustEdit(world.outbox, { kind: 'remove-participants', uuid: second, participants: [uuid] })
    // Plannr takes the first removal and refuses the second, which stays in the outbox.
    await outboxCommands.sandboxSetFault(world.plannr.sandbox.id, `DELETE /api/v1/group/${second}/participants`, {
      status: 422,
    })
    try {
      await world.outbox.start()
      await until(world.outbox, (snapshot) => snapshot.items.length === 1 && snapshot.counts.needsAttention === 1)
      await world.outbox.stop()
    } finally {
      await outboxCommands.sandboxClearFaults(world.plannr.sandbox.id)
    }
    expect(await world.dbs.durable.participants.get(uuid), 'kept for the removal still queued').toBeDefined()

    const [refused] = await world.dbs.durable.outbox.toArray()
    if (!refused) throw new Error('the refused removal should still be there')
    expect(await world.outbox.discard(refused.id)).toEqual({ ok: true })
    expect(await world.dbs.durable.memberships.get([second, uuid])).toBeDefined()
  })
})
