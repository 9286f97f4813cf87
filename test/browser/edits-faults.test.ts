import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlannrDatabases } from '../../src/renderer/src/data/db'
import type { Outbox } from '../../src/renderer/src/outbox'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import { open, outboxCommands, someAccounts, testOutbox, until, type FullFaultRule } from './helpers/outbox'
import { mustEdit, syncAll } from './helpers/edits'

/**
 * Issue 8's "done when": edits mixed into creates, drained through 30% 5xx, 10%
 * commit-then-drop, a 429 burst and an outage. Plannr ends in the intended state: every rename
 * once, every membership change with its meaning, no create duplicated.
 */
let plannr: TestPlannr
let dbs: PlannrDatabases
let outbox: Outbox

beforeAll(async () => {
  plannr = await startPlannr({ seed: 41, accounts: 60, groups: 6 })
  dbs = await open(freshDbName('edits-faults'))
  outbox = testOutbox(dbs, plannr.api)
  await syncAll(dbs, plannr.api)
})

afterAll(async () => {
  await outbox.stop()
  dbs.close()
  await plannr.stop()
})

const setFaults = (rule: FullFaultRule) => outboxCommands.sandboxSetFault(plannr.sandbox.id, '*', rule)
const server = () => outboxCommands.sandboxSnapshot(plannr.sandbox.id)

describe('edits under faults', () => {
  it('creates and edits drain to the intended state exactly once', async () => {
    const before = await server()
    const accounts = await someAccounts(plannr.api, 60)
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
      await mustEdit(outbox, { kind: 'update-group', uuid: group.uuid, name: index % 2 ? `Draft ${index}` : newName })
      if (index % 2) await mustEdit(outbox, { kind: 'update-group', uuid: group.uuid, name: newName })
      want.name = newName
      await mustEdit(outbox, { kind: 'add-participants', uuid: group.uuid, participants: [x ?? '', y ?? ''] })
      want.members.add(x ?? '').add(y ?? '')
      const leaving = group.members[0]
      if (leaving) {
        await mustEdit(outbox, { kind: 'remove-participants', uuid: group.uuid, participants: [leaving] })
        want.members.delete(leaving)
      }
      await mustEdit(outbox, { kind: 'add-participants', uuid: group.uuid, participants: [z ?? ''] })
      await mustEdit(outbox, { kind: 'remove-participants', uuid: group.uuid, participants: [z ?? ''] })
    }

    // New groups, each renamed and re-membered before the first sync (folded).
    const created: { temp: string; name: string; members: string[] }[] = []
    for (let i = 0; i < 10; i++) {
      const members = accounts.slice(i, i + 3)
      const queued = await outbox.enqueue('create-group', { name: `Fresh ${i}`, participants: members })
      if (!queued.ok) throw new Error(queued.error.message)
      await mustEdit(outbox, { kind: 'update-group', uuid: queued.tempUuid, name: `Fresh renamed ${i}` })
      await mustEdit(outbox, { kind: 'remove-participants', uuid: queued.tempUuid, participants: [members[0] ?? ''] })
      created.push({ temp: queued.tempUuid, name: `Fresh renamed ${i}`, members: members.slice(1) })
    }

    await setFaults({ errorRate: 0.3, commitThenDropRate: 0.1 })
    await outbox.start()
    // While creates are in flight (not mergeable any more), more edits queue behind them.
    await until(outbox, (snap) => snap.items.some((item) => item.status !== 'queued'))
    for (const [i, group] of created.entries()) {
      if (i % 3 !== 0) continue
      const extra = accounts[40 + i] ?? ''
      await mustEdit(outbox, { kind: 'add-participants', uuid: group.temp, participants: [extra] })
      group.members.push(extra)
    }
    await until(outbox, (snap) => snap.counts.pending < snap.counts.total * 0.7 || snap.counts.pending < 10)
    await setFaults({ rateLimitBurst: 3, retryAfterSeconds: 1 })
    await until(outbox, (snap) => snap.counts.pending < snap.counts.total * 0.5 || snap.counts.pending < 6)
    await setFaults({ resetRate: 1 })
    await new Promise((resolve) => setTimeout(resolve, 300))
    await setFaults({ errorRate: 0.3, commitThenDropRate: 0.1 })
    const done = await outbox.idle()
    expect(done.counts).toMatchObject({ total: 0 })
    await outboxCommands.sandboxClearFaults(plannr.sandbox.id)

    const after = await server()
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
    expect(await dbs.durable.groups.filter((group) => !!group.pendingOpId || !!group.pendingMembers).count()).toBe(0)
  })
})
