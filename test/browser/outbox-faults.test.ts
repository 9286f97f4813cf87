import { describe, expect, it } from 'vitest'
import type { OutboxSnapshot } from '../../src/renderer/src/outbox'
import { useOutboxWorld } from './helpers/world'
import { outboxCommands, someAccounts, type FullFaultRule } from './helpers/outbox'

/**
 * The outbox under faults: 60 creates queued offline (business units, groups — some in pending
 * units — and circles in pending groups) drained through 30% 5xx, 10% commit-then-drop, a 429
 * burst and a network outage. Afterwards Plannr holds each intended record exactly once with
 * the right references, and the outbox is empty. Phases switch on progress, never on time.
 */
const world = useOutboxWorld('outbox-faults', { seed: 21, accounts: 80, groups: 3, per: 'all' })

const UNITS = 10
const GROUPS = 25
const CIRCLES = 25
const BASE: FullFaultRule = { errorRate: 0.3, commitThenDropRate: 0.1 }

interface Intended {
  units: string[]
  groups: { name: string; unit: string | null; participants: string[] }[]
  circles: { name: string; accounts: string[]; groups: string[] }[]
}

async function setFaults(rule: FullFaultRule): Promise<void> {
  await outboxCommands.sandboxSetFault(world.plannr.sandbox.id, '*', rule)
}

function waitFor(test: (snapshot: OutboxSnapshot) => boolean): Promise<OutboxSnapshot> {
  return new Promise((resolve) => {
    const stop = world.outbox.subscribe((snapshot) => {
      if (test(snapshot)) {
        stop()
        resolve(snapshot)
      }
    })
  })
}

/** `count` distinct accounts starting at `from`, wrapping around. */
function pick(accounts: string[], from: number, count: number): string[] {
  return Array.from(
    { length: Math.min(count, accounts.length) },
    (_, k) => accounts[(from + k) % accounts.length] ?? '',
  )
}

describe('outbox under faults', () => {
  it('drains 60 creates exactly once through 5xx, commit-then-drop, 429s and an outage', async () => {
    const accounts = await someAccounts(world.plannr.api, 60)
    const existingGroup = (await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)).groups[0]?.uuid
    if (!existingGroup) throw new Error('sandbox has no groups')
    const intended: Intended = { units: [], groups: [], circles: [] }
    const tempUnits: string[] = []
    const tempGroups: string[] = []

    // Offline: everything queued before the outbox first runs.
    for (let i = 0; i < UNITS; i++) {
      const name = `Fault unit ${i}`
      const queued = await world.outbox.enqueue('create-business-unit', { name })
      if (!queued.ok) throw new Error(queued.error.message)
      intended.units.push(name)
      tempUnits.push(queued.tempUuid)
    }
    for (let i = 0; i < GROUPS; i++) {
      const name = `Fault group ${i}`
      const unitIndex = i % 5 === 0 ? (i / 5) % UNITS : null
      const participants = pick(accounts, i, i % 4)
      const queued = await world.outbox.enqueue('create-group', {
        name,
        participants,
        business_unit: unitIndex === null ? null : (tempUnits[unitIndex] ?? null),
      })
      if (!queued.ok) throw new Error(queued.error.message)
      intended.groups.push({ name, unit: unitIndex === null ? null : `Fault unit ${unitIndex}`, participants })
      tempGroups.push(queued.tempUuid)
    }
    for (let i = 0; i < CIRCLES; i++) {
      const name = `Fault circle ${i}`
      const groupIndexes = i % 3 === 0 ? [i % GROUPS, (i + 7) % GROUPS] : [i % GROUPS]
      const groupNames = groupIndexes.map((index) => `Fault group ${index}`)
      const groupUuids = groupIndexes.map((index) => tempGroups[index] ?? '')
      // Some circles also sit in a group Plannr already had.
      if (i % 5 === 4) {
        groupUuids.push(existingGroup)
        groupNames.push('(existing)')
      }
      const members = pick(accounts, 20 + i, 1 + (i % 3))
      const queued = await world.outbox.enqueue('create-circle', {
        name,
        account_uuids: members,
        group_uuids: groupUuids,
      })
      if (!queued.ok) throw new Error(queued.error.message)
      intended.circles.push({ name, accounts: members, groups: groupNames })
    }
    expect(accounts.length).toBeGreaterThan(3)
    expect((await world.outbox.snapshot()).counts.pending).toBe(60)

    const done = (snapshot: OutboxSnapshot): number => 60 - snapshot.counts.total
    let failuresSeen = 0
    const countFailures = world.outbox.subscribe((snapshot) => {
      failuresSeen = Math.max(failuresSeen, snapshot.items.filter((item) => item.problem !== null).length)
    })

    await setFaults(BASE)
    await world.outbox.start()

    await waitFor((snapshot) => done(snapshot) >= 15)
    await setFaults({ ...BASE, rateLimitBurst: 8, retryAfterSeconds: 1 })
    const limited = await waitFor((snapshot) => snapshot.paused?.reason === 'rate-limited')
    expect(limited.paused).not.toBeNull()

    await waitFor((snapshot) => done(snapshot) >= 30)
    // The outage: every connection is reset until several operations have failed on it.
    await setFaults({ resetRate: 1 })
    const attempts = (snapshot: OutboxSnapshot): number => snapshot.items.reduce((sum, item) => sum + item.attempts, 0)
    const atOutage = await world.outbox.snapshot()
    // Several tries fail on the dead network (a send with no answer, or a lookup that cannot connect).
    await waitFor(
      (snapshot) =>
        attempts(snapshot) >= attempts(atOutage) + 6 &&
        snapshot.items.some((item) => item.problem?.kind === 'outcome-unknown' || item.problem?.kind === 'network'),
    )
    // Nothing was lost or recorded as done while the network was down.
    expect((await world.outbox.snapshot()).counts.total).toBeLessThanOrEqual(atOutage.counts.total)
    await setFaults(BASE)

    const finished = await world.outbox.idle()
    countFailures()
    expect(finished.counts).toEqual({ pending: 0, needsAttention: 0, blocked: 0, total: 0 })
    expect(await world.dbs.durable.outbox.count()).toBe(0)
    expect(failuresSeen).toBeGreaterThan(0)
    // Unknown outcomes were looked up before anything was resent.
    const lookups = ['groups.list', 'circles.list', 'businessUnits.list'].reduce(
      (sum, channel) => sum + (world.plannr.calls.get(channel) ?? 0),
      0,
    )
    expect(lookups).toBeGreaterThan(0)

    await outboxCommands.sandboxClearFaults(world.plannr.sandbox.id)
    const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
    const unitByName = new Map<string, string>()
    for (const name of intended.units) {
      const matches = server.businessUnits.filter((unit) => unit.name === name)
      expect(matches, name).toHaveLength(1)
      unitByName.set(name, matches[0]?.uuid ?? '')
    }
    const groupByName = new Map<string, string>([['(existing)', existingGroup]])
    for (const group of intended.groups) {
      const matches = server.groups.filter((candidate) => candidate.name === group.name)
      expect(matches, group.name).toHaveLength(1)
      expect(matches[0]?.businessUnit, group.name).toBe(group.unit === null ? null : unitByName.get(group.unit))
      expect([...(matches[0]?.members ?? [])].sort(), group.name).toEqual([...group.participants].sort())
      groupByName.set(group.name, matches[0]?.uuid ?? '')
    }
    for (const circle of intended.circles) {
      const matches = server.circles.filter((candidate) => candidate.name === circle.name)
      expect(matches, circle.name).toHaveLength(1)
      expect([...(matches[0]?.accounts ?? [])].sort(), circle.name).toEqual([...circle.accounts].sort())
      expect([...(matches[0]?.groups ?? [])].sort(), circle.name).toEqual(
        circle.groups.map((name) => groupByName.get(name)).sort(),
      )
    }

    // The cache agrees: real uuids, no pending markers, no temporary uuid left anywhere.
    const cachedGroups = await world.dbs.durable.groups.toArray()
    for (const [name, uuid] of groupByName) {
      if (name === '(existing)') continue
      expect(cachedGroups.find((group) => group.uuid === uuid)?.pendingOpId, name).toBeNull()
    }
    const temps = new Set([...tempUnits, ...tempGroups])
    expect(cachedGroups.some((group) => temps.has(group.uuid) || temps.has(group.businessUnit?.uuid ?? ''))).toBe(false)
    const cachedCircles = await world.dbs.durable.circles.toArray()
    expect(cachedCircles.filter((circle) => circle.name.startsWith('Fault circle'))).toHaveLength(CIRCLES)
    expect(cachedCircles.some((circle) => circle.pendingOpId || circle.groups.some((ref) => temps.has(ref.uuid)))).toBe(
      false,
    )
  }, 180_000)
})
