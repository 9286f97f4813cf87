import { describe, expect, it } from 'vitest'
import { useOutboxWorld } from './helpers/world'
import { outboxCommands, someAccounts, until, type FullFaultRule } from './helpers/outbox'
import { mustEdit } from './helpers/edits'

/**
 * Edits under faults: edits mixed into creates, drained through 30% 5xx, 10%
 * commit-then-drop, a 429 burst and an outage. Plannr ends in the intended state: every rename
 * once, every membership change with its meaning, no create duplicated.
 */
const world = useOutboxWorld('edits-faults', { seed: 41, accounts: 60, groups: 6, synced: true, per: 'all' })

const setFaults = (rule: FullFaultRule) => outboxCommands.sandboxSetFault(world.plannr.sandbox.id, '*', rule)

describe('edits under faults', () => {
  it('creates and edits drain to the intended state exactly once', async () => {
    const before = await world.server()
    const accounts = await someAccounts(world.plannr.api, 60)
    const intended = new Map<string, { name: string; members: Set<string> }>()
    for (const group of before.groups) intended.set(group.uuid, { name: group.name, members: new Set(group.members) })
    const outsiders = (uuid: string) => accounts.filter((account) => !intended.get(uuid)?.members.has(account))

    // Existing groups: a rename (some twice), an add of two outsiders, a removal of one member,
    // and an add-then-remove that must cancel out.
    for (const [index, group] of before.groups.entries()) {
      const want = intended.get(group.uuid)
      if (!want) continue
      const [x, y, z] = outsiders(group.uuid)
      const newName = `Edited ${index}`
      await mustEdit(world.outbox, {
        kind: 'update-group',
        uuid: group.uuid,
        name: index % 2 ? `Draft ${index}` : newName,
      })
      if (index % 2) await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: newName })
      want.name = newName
      await mustEdit(world.outbox, { kind: 'add-participants', uuid: group.uuid, participants: [x ?? '', y ?? ''] })
      want.members.add(x ?? '').add(y ?? '')
      const leaving = group.members[0]
      if (leaving) {
        await mustEdit(world.outbox, { kind: 'remove-participants', uuid: group.uuid, participants: [leaving] })
        want.members.delete(leaving)
      }
      await mustEdit(world.outbox, { kind: 'add-participants', uuid: group.uuid, participants: [z ?? ''] })
      await mustEdit(world.outbox, { kind: 'remove-participants', uuid: group.uuid, participants: [z ?? ''] })
    }

    // New groups, each renamed and re-membered before the first sync (folded).
    const created: { temp: string; name: string; members: string[] }[] = []
    for (let i = 0; i < 10; i++) {
      const members = accounts.slice(i, i + 3)
      const queued = await world.outbox.enqueue('create-group', { name: `Fresh ${i}`, participants: members })
      if (!queued.ok) throw new Error(queued.error.message)
      await mustEdit(world.outbox, { kind: 'update-group', uuid: queued.tempUuid, name: `Fresh renamed ${i}` })
      await mustEdit(world.outbox, {
        kind: 'remove-participants',
        uuid: queued.tempUuid,
        participants: [members[0] ?? ''],
      })
      created.push({ temp: queued.tempUuid, name: `Fresh renamed ${i}`, members: members.slice(1) })
    }

    await setFaults({ errorRate: 0.3, commitThenDropRate: 0.1 })
    await world.outbox.start()
    // While creates are in flight (not mergeable any more), more edits queue behind them.
    await until(world.outbox, (snap) => snap.items.some((item) => item.status !== 'queued'))
    for (const [i, group] of created.entries()) {
      if (i % 3 !== 0) continue
      const extra = accounts[40 + i] ?? ''
      await mustEdit(world.outbox, { kind: 'add-participants', uuid: group.temp, participants: [extra] })
      group.members.push(extra)
    }
    await until(world.outbox, (snap) => snap.counts.pending < snap.counts.total * 0.7 || snap.counts.pending < 10)
    await setFaults({ rateLimitBurst: 3, retryAfterSeconds: 1 })
    await until(world.outbox, (snap) => snap.counts.pending < snap.counts.total * 0.5 || snap.counts.pending < 6)
    await setFaults({ resetRate: 1 })
    await new Promise((resolve) => setTimeout(resolve, 300))
    await setFaults({ errorRate: 0.3, commitThenDropRate: 0.1 })
    const done = await world.outbox.idle()
    expect(done.counts).toMatchObject({ total: 0 })
    await outboxCommands.sandboxClearFaults(world.plannr.sandbox.id)

    const after = await world.server()
    for (const [uuid, want] of intended) {
      const group = after.groups.find((candidate) => candidate.uuid === uuid)
      expect(group?.name).toBe(want.name)
      expect(new Set(group?.members)).toEqual(want.members)
    }
    for (const want of created) {
      const matches = after.groups.filter((group) => group.name.toLowerCase() === want.name.toLowerCase())
      expect(matches).toHaveLength(1)
      expect(new Set(matches[0]?.members)).toEqual(new Set(want.members))
    }
    expect(after.groups).toHaveLength(before.groups.length + created.length)
    // The cache agrees and nothing is left marked pending.
    expect(
      await world.dbs.durable.groups.filter((group) => !!group.pendingOpId || !!group.pendingMembers).count(),
    ).toBe(0)
  })
})
