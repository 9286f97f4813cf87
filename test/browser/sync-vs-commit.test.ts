import { describe, expect, it } from 'vitest'
import { ulid } from 'ulid'
import { unwrap } from '../../src/renderer/src/lib/ipc'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import type { SyncPlan } from '../../src/renderer/src/sync/status'
import type { SessionApi } from '../../src/shared/ipc/plannr-api'
import { useOutboxWorld } from './helpers/world'
import { outboxCommands, someAccounts, until } from './helpers/outbox'
import { mustEdit, syncAll } from './helpers/edits'
import { countGroupMembers } from '../../src/renderer/src/data'
import { commands } from './helpers/commands'

/**
 * A pull sync reads a list, and writes it a moment later. When the outbox commits Plannr's answer
 * in between, the list is older than the cache: the sync must neither delete the just-created
 * record nor write back the name it had before a just-sent rename.
 */
const world = useOutboxWorld('sync-vs-commit', { seed: 13, accounts: 30, groups: 3, synced: true })

type List = 'groups' | 'circles' | 'businessUnits'

/**
 * The real api, except that the first read of `list` answers only once `release` resolves: the
 * read has happened on Plannr, the sync has not written it yet.
 */
function heldList(api: SessionApi, list: List, release: Promise<void>, read: () => void): SessionApi {
  const hold =
    <I, O>(call: (input: I) => Promise<O>) =>
    async (input: I): Promise<O> => {
      const answer = await call(input)
      read()
      await release
      return answer
    }
  if (list === 'groups') return { ...api, groups: { ...api.groups, list: hold(api.groups.list) } }
  if (list === 'circles') return { ...api, circles: { ...api.circles, list: hold(api.circles.list) } }
  return { ...api, businessUnits: { ...api.businessUnits, list: hold(api.businessUnits.list) } }
}

/**
 * Runs a sync over an api that `hold`s one read until released: the read is done on Plannr, the
 * outbox then drains (commits), and only then does the sync write what it read.
 */
async function syncAcross(
  hold: (api: SessionApi, release: Promise<void>, read: () => void) => SessionApi,
  full: boolean,
  plan: SyncPlan = 'accounts',
): Promise<void> {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let readDone!: () => void
  const read = new Promise<void>((resolve) => (readDone = resolve))
  const engine = createSyncEngine({
    db: world.dbs.cache,
    api: hold(world.plannr.api, released, () => readDone()),
    perPage: 200,
    sleep: async () => {},
    plan,
  })
  const syncing = engine.syncNow({ full })
  await read
  await world.outbox.start()
  await until(world.outbox, (snapshot) => snapshot.counts.total === 0)
  release()
  const outcome = await syncing
  expect(outcome.ok).toBe(true)
}

/** A sync whose read of `list` is done on Plannr before the outbox commits, and written after. */
function syncAcrossCommits(list: List): Promise<void> {
  return syncAcross((api, release, read) => heldList(api, list, release, read), false)
}

describe('a sync that read before an outbox commit', () => {
  it('keeps a group created by the commit, with its members', async () => {
    const [account] = await someAccounts(world.plannr.api, 1)
    const group = await world.outbox.enqueue('create-group', {
      name: 'Made while syncing',
      participants: [account ?? ''],
    })
    expect(group.ok).toBe(true)

    await syncAcrossCommits('groups')

    const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
    const real = server.groups.find((candidate) => candidate.name === 'Made while syncing')
    expect(real).toBeDefined()
    expect(await world.dbs.cache.groups.get(real?.uuid ?? '')).toMatchObject({ name: 'Made while syncing' })
    expect(await world.dbs.cache.memberships.get([real?.uuid ?? '', account ?? ''])).toBeDefined()
  })

  it('keeps a circle and a business unit created by the commit', async () => {
    const [account] = await someAccounts(world.plannr.api, 1)
    const circle = await world.outbox.enqueue('create-circle', {
      name: 'Circle made while syncing',
      account_uuids: [account ?? ''],
      group_uuids: [],
    })
    expect(circle.ok).toBe(true)
    await syncAcrossCommits('circles')
    await world.outbox.stop()
    const unit = await world.outbox.enqueue('create-business-unit', { name: 'Unit made while syncing' })
    expect(unit.ok).toBe(true)
    await syncAcrossCommits('businessUnits')

    const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
    const realCircle = server.circles.find((candidate) => candidate.name === 'Circle made while syncing')
    expect(await world.dbs.cache.circles.get(realCircle?.uuid ?? '')).toMatchObject({
      name: 'Circle made while syncing',
    })
    const realUnit = server.businessUnits.find((candidate) => candidate.name === 'Unit made while syncing')
    expect(await world.dbs.cache.businessUnits.get(realUnit?.uuid ?? '')).toMatchObject({
      name: 'Unit made while syncing',
    })
  })

  it('keeps the new name of a group renamed by the commit', async () => {
    const target = (await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)).groups[0]
    if (!target) throw new Error('sandbox has no groups')
    await mustEdit(world.outbox, { kind: 'update-group', uuid: target.uuid, name: 'Renamed while syncing' })

    await syncAcrossCommits('groups')

    expect((await world.dbs.cache.groups.get(target.uuid))?.name).toBe('Renamed while syncing')
    // The next sync reads after the commit and agrees.
    await syncAll(world.dbs, world.plannr.api)
    expect((await world.dbs.cache.groups.get(target.uuid))?.name).toBe('Renamed while syncing')
  })
})

/**
 * A participants read as either plan makes it: a pass page of one group (per-group plan) or of
 * every group (account plan, `groupUuid` null), a reconciliation lookup by uuid, or the newest
 * update read before a pass's first page (its high-water mark, `mark`).
 */
interface ParticipantsRead {
  groupUuid: string | null
  lookup: boolean
  mark: boolean
}

/** A page of a full pass: neither a lookup nor the mark read before it. */
function passPage(read: ParticipantsRead): boolean {
  return !read.lookup && !read.mark
}

/**
 * The real api, except that the first participants read `matching` answers only once `release`
 * resolves: the page has been read on Plannr, the sync has not written it yet.
 */
function heldParticipants(
  api: SessionApi,
  matching: (read: ParticipantsRead) => boolean,
  release: Promise<void>,
  read: () => void,
): SessionApi {
  let held = false
  const hold = async <T>(answer: T, which: ParticipantsRead): Promise<T> => {
    if (!held && matching(which)) {
      held = true
      read()
      await release
    }
    return answer
  }
  return {
    ...api,
    groups: {
      ...api.groups,
      participants: async (input) =>
        hold(await api.groups.participants(input), {
          groupUuid: input.groupUuid,
          lookup: input.query.uuids !== undefined,
          mark: input.query.sort?.field === 'updated_at',
        }),
    },
    accounts: {
      ...api.accounts,
      withGroups: async (input) =>
        hold(await api.accounts.withGroups(input), {
          groupUuid: null,
          lookup: input.uuids !== undefined,
          mark: input.sort === '-updated_at',
        }),
    },
  }
}

/** A full sync whose participants read `matching` happens on Plannr before the outbox commits, and is written after. */
function fullSyncAcrossCommits(plan: SyncPlan, matching: (read: ParticipantsRead) => boolean): Promise<void> {
  return syncAcross((api, release, read) => heldParticipants(api, matching, release, read), true, plan)
}

/** A seeded group with at least two members, and an account that is not one of them. */
async function groupWithMembers(): Promise<{ uuid: string; members: string[]; outsider: string }> {
  const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
  const group = server.groups.find((candidate) => candidate.members.length >= 2)
  if (!group) throw new Error('sandbox has no group with two members')
  const members = new Set(group.members)
  const outsider = (await someAccounts(world.plannr.api, 30)).find((uuid) => !members.has(uuid))
  if (!outsider) throw new Error('every account is already a member')
  return { uuid: group.uuid, members: group.members, outsider }
}

/** A seeded group with at least two members, one of whom is in no other group. */
async function groupWithMemberInItOnly(): Promise<{ uuid: string; members: string[]; only: string }> {
  const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
  const groupsOf = new Map<string, number>()
  for (const group of server.groups) for (const uuid of group.members) groupsOf.set(uuid, (groupsOf.get(uuid) ?? 0) + 1)
  for (const group of server.groups) {
    const only = group.members.find((uuid) => groupsOf.get(uuid) === 1)
    if (only && group.members.length >= 2) return { uuid: group.uuid, members: group.members, only }
  }
  throw new Error('sandbox has no group with a member in no other group')
}

describe.each<SyncPlan>(['accounts', 'per-group'])(
  'a sync that read participants before an outbox membership commit (%s plan)',
  (plan) => {
    it('does not bring back a participant the commit removed', async () => {
      // Removed from their only group: the commit drops them from the cache, row and all.
      const group = await groupWithMemberInItOnly()
      const gone = group.only
      await mustEdit(world.outbox, { kind: 'remove-participants', uuid: group.uuid, participants: [gone] })

      // The full pass's page of this group (of every group, by accounts) is read while `gone` is
      // still a member on Plannr.
      await fullSyncAcrossCommits(
        plan,
        (read) => passPage(read) && (plan === 'accounts' || read.groupUuid === group.uuid),
      )

      const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
      const onServer = server.groups.find((candidate) => candidate.uuid === group.uuid)
      expect(onServer?.members).not.toContain(gone)
      expect(await world.dbs.cache.memberships.get([group.uuid, gone])).toBeUndefined()
      // Nor their row: in no group, it would stay in quick search and Reviews for good.
      expect(await world.dbs.cache.participants.get(gone)).toBeUndefined()
      expect(await countGroupMembers(world.dbs.cache, group.uuid)).toBe(onServer?.members.length)
      // A full pass that began after the commit has seen it: the commit's note is dropped. The
      // per-group pass above began before it, so the note stays. (By accounts, the group's count,
      // listed before the commit, disagreed afterwards: the group's own full pass ran after the
      // commit and rightly dropped the note already.)
      if (plan === 'per-group')
        expect((await world.dbs.cache.groups.get(group.uuid))?.memberCommits?.length).toBeGreaterThan(0)
      await syncAll(world.dbs, world.plannr.api)
      expect((await world.dbs.cache.groups.get(group.uuid))?.memberCommits ?? null).toBeNull()
      expect(await world.dbs.cache.memberships.get([group.uuid, gone])).toBeUndefined()
      expect(await world.dbs.cache.participants.get(gone)).toBeUndefined()
    })

    it('does not bring back a participant the commit removed when a rename of the group commits after it', async () => {
      const group = await groupWithMembers()
      const gone = group.members[0] ?? ''
      await mustEdit(world.outbox, { kind: 'remove-participants', uuid: group.uuid, participants: [gone] })
      // Plannr's answer to the rename replaces the group's row: the removal's note must stay on it.
      await mustEdit(world.outbox, { kind: 'update-group', uuid: group.uuid, name: 'Renamed after a removal' })

      await fullSyncAcrossCommits(
        plan,
        (read) => passPage(read) && (plan === 'accounts' || read.groupUuid === group.uuid),
      )

      const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
      const onServer = server.groups.find((candidate) => candidate.uuid === group.uuid)
      expect(onServer).toMatchObject({ name: 'Renamed after a removal' })
      expect(onServer?.members).not.toContain(gone)
      expect(await world.dbs.cache.memberships.get([group.uuid, gone])).toBeUndefined()
      expect(await countGroupMembers(world.dbs.cache, group.uuid)).toBe(onServer?.members.length)
    })

    it('does not prune a participant the commit added', async () => {
      const group = await groupWithMembers()
      await mustEdit(world.outbox, { kind: 'add-participants', uuid: group.uuid, participants: [group.outsider] })

      // The pass does not see the new member (not on Plannr yet), so reconciliation asks about it
      // by uuid: that answer is read before the commit and acted on after it.
      await fullSyncAcrossCommits(plan, (read) => read.lookup && (plan === 'accounts' || read.groupUuid === group.uuid))

      const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
      const onServer = server.groups.find((candidate) => candidate.uuid === group.uuid)
      expect(onServer?.members).toContain(group.outsider)
      expect(await world.dbs.cache.memberships.get([group.uuid, group.outsider])).toBeDefined()
      expect(await countGroupMembers(world.dbs.cache, group.uuid)).toBe(onServer?.members.length)
    })
  },
)

describe('Sync now asked while a run is under way', () => {
  it('runs once more after it, so a change that run read past still arrives', async () => {
    const target = (await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)).groups[0]
    if (!target) throw new Error('no group')
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let readDone!: () => void
    const read = new Promise<void>((resolve) => (readDone = resolve))
    const engine = createSyncEngine({
      db: world.dbs.cache,
      api: heldList(world.plannr.api, 'groups', released, () => readDone()),
      sleep: async () => {},
    })
    const first = engine.syncNow()
    await read
    // Renamed on Plannr after the running sync read the list: the user presses Sync now.
    await unwrap(
      world.plannr.api.groups.update({ opId: ulid(), uuid: target.uuid, body: { name: 'Renamed after the read' } }),
    )
    const again = engine.syncNow()
    release()
    expect((await first).ok).toBe(true)
    expect((await again).ok).toBe(true)
    expect((await world.dbs.cache.groups.get(target.uuid))?.name).toBe('Renamed after the read')
    await engine.stop()
  })
})

describe('a per-group run that wrote a participant an outbox commit then dropped', () => {
  it('writes the participant again for a later group that has it, never a membership alone', async () => {
    // X is cached in one group, G; on Plannr X is also in H, which the run reaches after G.
    const server = await outboxCommands.sandboxSnapshot(world.plannr.sandbox.id)
    const byName = [...server.groups].sort((a, b) => a.name.localeCompare(b.name))
    const inGroups = new Map<string, number>()
    for (const group of server.groups)
      for (const uuid of group.members) inGroups.set(uuid, (inGroups.get(uuid) ?? 0) + 1)
    const g = byName.find((group) => group.members.some((uuid) => inGroups.get(uuid) === 1))
    const h = byName.find((group) => g !== undefined && group.name.localeCompare(g.name) > 0)
    const x = g?.members.find((uuid) => inGroups.get(uuid) === 1)
    if (!g || !h || !x) throw new Error('the sandbox has no group pair to use')
    await commands.sandboxAddMembers(world.plannr.sandbox.id, h.uuid, [x])
    // The adviser removes X from G: its commit drops X from the cache (X is in no other cached group).
    await mustEdit(world.outbox, { kind: 'remove-participants', uuid: g.uuid, participants: [x] })

    // H's page is read after G's pass wrote X, and written after the commit dropped it.
    await fullSyncAcrossCommits('per-group', (read) => passPage(read) && read.groupUuid === h.uuid)

    expect(await world.dbs.cache.memberships.get([h.uuid, x])).toBeDefined()
    expect(await world.dbs.cache.participants.get(x)).toBeDefined()
  })
})

/**
 * The real api, except that the pass never sees `hidden` (pages shifted under it) and every
 * lookup by uuid answers as the first of two pages, without it: a server that caps per_page
 * below what was asked.
 */
function splitLookups(api: SessionApi, hidden: string): SessionApi {
  const without = <T extends { uuid: string }>(items: T[]): T[] => items.filter((item) => item.uuid !== hidden)
  return {
    ...api,
    groups: {
      ...api.groups,
      participants: async (input) => {
        const answer = await api.groups.participants(input)
        if (!answer.ok) return answer
        const page = answer.value.page
        const split = input.query.uuids !== undefined
        return {
          ...answer,
          value: {
            ...answer.value,
            page: { ...page, items: without(page.items), lastPage: split ? 2 : page.lastPage },
          },
        }
      },
    },
    accounts: {
      ...api.accounts,
      withGroups: async (input) => {
        const answer = await api.accounts.withGroups(input)
        if (!answer.ok) return answer
        const page = answer.value.page
        const split = input.uuids !== undefined
        return {
          ...answer,
          value: {
            ...answer.value,
            page: { ...page, items: without(page.items), lastPage: split ? 2 : page.lastPage },
          },
        }
      },
    },
  }
}

describe.each<SyncPlan>(['accounts', 'per-group'])(
  'reconciliation whose lookup comes back in pages (%s plan)',
  (plan) => {
    it('removes nobody the answer does not show gone', async () => {
      const group = await groupWithMembers()
      const hidden = group.members[0] ?? ''
      const engine = createSyncEngine({
        db: world.dbs.cache,
        api: splitLookups(world.plannr.api, hidden),
        perPage: 200,
        sleep: async () => {},
        plan,
      })
      expect((await engine.syncNow({ full: true })).ok).toBe(true)
      // Still a member on Plannr: only the lookup's second page, never read, would have said so.
      expect(await world.dbs.cache.memberships.get([group.uuid, hidden])).toBeDefined()
      expect(await world.dbs.cache.participants.get(hidden)).toBeDefined()
    })
  },
)
