import { describe, expect, it } from 'vitest'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import type { SyncPlan } from '../../src/renderer/src/sync/status'
import { countGroupMembers } from '../../src/renderer/src/data'
import { commands } from './helpers/commands'
import { mustEdit } from './helpers/edits'
import { someAccounts, until } from './helpers/outbox'
import { useOutboxWorld } from './helpers/world'

/**
 * A membership change Plannr refuses stays queued, shown in the cache, until the user fixes or
 * discards it: the group's cached count differs from Plannr's by that change for as long. The
 * sync must not take that for a change on Plannr and read the whole group again on every run.
 */
const world = useOutboxWorld('sync-held-members', { seed: 21, accounts: 40, groups: 3, synced: true })

const PARTICIPANTS = '/api/v1/group/:uuid/participants'

/** A seeded group with at least two members, and an account that is not one of them. */
async function groupWithMembers(): Promise<{ uuid: string; members: string[]; outsider: string }> {
  const server = await world.server()
  const group = server.groups.find((candidate) => candidate.members.length >= 2)
  if (!group) throw new Error('sandbox has no group with two members')
  const members = new Set(group.members)
  const outsider = (await someAccounts(world.plannr.api, 40)).find((uuid) => !members.has(uuid))
  if (!outsider) throw new Error('every account is already a member')
  return { uuid: group.uuid, members: group.members, outsider }
}

/** Runs one sync and returns how many participant reads of groups it made. */
async function participantReadsOfOneSync(plan: SyncPlan): Promise<number> {
  const before = world.plannr.calls.get('groups.participants') ?? 0
  const engine = createSyncEngine({
    db: world.dbs.cache,
    api: world.plannr.api,
    perPage: 200,
    sleep: async () => {},
    plan,
  })
  const outcome = await engine.syncNow()
  expect(outcome.ok).toBe(true)
  return (world.plannr.calls.get('groups.participants') ?? 0) - before
}

describe.each<SyncPlan>(['accounts', 'per-group'])('a refused membership change (%s plan)', (plan) => {
  it.each([
    ['an add', 'add'],
    ['a removal', 'remove'],
  ] as const)('%s that needs attention does not make every sync read the whole group again', async (_, change) => {
    const group = await groupWithMembers()
    // What a sync costs when nothing waits: the reads it makes on every run anyway.
    const usual = await participantReadsOfOneSync(plan)

    const method = change === 'add' ? 'POST' : 'DELETE'
    await commands.sandboxSetFault(world.plannr.sandbox.id, `${method} ${PARTICIPANTS}`, { status: 409 })
    await mustEdit(
      world.outbox,
      change === 'add'
        ? { kind: 'add-participants', uuid: group.uuid, participants: [group.outsider] }
        : { kind: 'remove-participants', uuid: group.uuid, participants: [group.members[0] ?? ''] },
    )
    await world.outbox.start()
    await until(world.outbox, (snapshot) => snapshot.counts.needsAttention === 1)
    await world.outbox.stop()
    const onServer = (await world.server()).groups.find((candidate) => candidate.uuid === group.uuid)
    expect(await countGroupMembers(world.dbs.cache, group.uuid)).toBe(
      (onServer?.members.length ?? 0) + (change === 'add' ? 1 : -1),
    )

    expect(await participantReadsOfOneSync(plan)).toBe(usual)
    expect(await participantReadsOfOneSync(plan)).toBe(usual)
  })

  it('a member removed on Plannr meanwhile still gets the group read again', async () => {
    const group = await groupWithMembers()
    const usual = await participantReadsOfOneSync(plan)
    await commands.sandboxSetFault(world.plannr.sandbox.id, `POST ${PARTICIPANTS}`, { status: 409 })
    await mustEdit(world.outbox, { kind: 'add-participants', uuid: group.uuid, participants: [group.outsider] })
    await world.outbox.start()
    await until(world.outbox, (snapshot) => snapshot.counts.needsAttention === 1)
    await world.outbox.stop()
    await commands.sandboxClearFaults(world.plannr.sandbox.id)
    const gone = group.members[0] ?? ''
    await commands.sandboxRemoveMembers(world.plannr.sandbox.id, group.uuid, [gone])

    expect(await participantReadsOfOneSync(plan)).toBeGreaterThan(usual)
    expect(await world.dbs.cache.memberships.get([group.uuid, gone])).toBeUndefined()
    expect(await world.dbs.cache.memberships.get([group.uuid, group.outsider])).toBeDefined()
  })
})
