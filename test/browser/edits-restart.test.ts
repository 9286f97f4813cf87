import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlannrDatabases } from '../../src/renderer/src/data/db'
import type { SessionApi } from '../../src/shared/ipc/plannr-api'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import {
  never,
  outboxCommands,
  sharedDatabase,
  someAccounts,
  testOutbox,
  until,
  withGroupCreate,
  type ServerSnapshot,
  type SharedDatabase,
} from './helpers/outbox'
import { mustEdit, syncAll } from './helpers/edits'

/**
 * Kill-and-restart at each step of an EDIT's life, as outbox-restart.test.ts does for
 * creates. One existing group is renamed, gains X and loses A; one existing circle is renamed,
 * recoloured, gains an account and loses one. "Killing" is closing the database while a request
 * never answers; "restarting" is a new Dexie instance and outbox over the same database name.
 * After the restart Plannr holds the intended state exactly once, the outbox is empty and the
 * cache carries no pending marker.
 */
let plannr: TestPlannr
let shared: SharedDatabase

beforeEach(async () => {
  plannr = await startPlannr({ seed: 31, accounts: 40, groups: 3 })
  shared = sharedDatabase(freshDbName('edits-restart'))
})

afterEach(async () => {
  shared.closeAll()
  await plannr.stop()
})

const boot = (): Promise<PlannrDatabases> => shared.boot()

const server = () => outboxCommands.sandboxSnapshot(plannr.sandbox.id)

type Victim = 'groups.update' | 'groups.addParticipants' | 'groups.removeParticipants' | 'circles.update'
const victims: Victim[] = ['groups.update', 'groups.addParticipants', 'groups.removeParticipants', 'circles.update']

/** The api with one edit call replaced by `hook`, which may call the real one (`real`). */
function intercept(
  api: SessionApi,
  victim: Victim,
  hook: (real: () => Promise<unknown>) => Promise<unknown>,
): SessionApi {
  const [ns, method] = victim.split('.') as ['groups' | 'circles', string]
  const namespace = api[ns] as unknown as Record<string, (input: unknown) => Promise<unknown>>
  const original = namespace[method]
  if (!original) throw new Error(`no ${victim} in the api`)
  return { ...api, [ns]: { ...namespace, [method]: (input: unknown) => hook(() => original(input)) } } as SessionApi
}

interface Intended {
  group: { uuid: string; name: string; members: Set<string>; added: string; removed: string }
  circle: { uuid: string; name: string; bgColour: string; accounts: Set<string> }
}

/** The edits, queued offline on a synced cache: 3 group ops and 1 circle op. */
async function queueEdits(dbs: PlannrDatabases): Promise<Intended> {
  await syncAll(dbs, plannr.api)
  const before = await server()
  const group = before.groups[0]
  const circle = before.circles.find((candidate) => candidate.accounts.length >= 2)
  if (!group?.members[0] || !circle) throw new Error('sandbox lacks a group with members or a circle with 2 accounts')
  const accounts = await someAccounts(plannr.api, 40)
  const x = accounts.find((uuid) => !group.members.includes(uuid)) ?? ''
  const a = group.members[0]
  const extra = accounts.find((uuid) => !circle.accounts.includes(uuid)) ?? ''
  const dropped = circle.accounts[1] ?? ''
  const circleAccounts = [...circle.accounts.filter((uuid) => uuid !== dropped), extra]

  const outbox = testOutbox(dbs, plannr.api)
  await mustEdit(outbox, { kind: 'update-group', uuid: group.uuid, name: 'Renamed across a restart' })
  await mustEdit(outbox, { kind: 'add-participants', uuid: group.uuid, participants: [x] })
  await mustEdit(outbox, { kind: 'remove-participants', uuid: group.uuid, participants: [a] })
  await mustEdit(outbox, {
    kind: 'update-circle',
    uuid: circle.uuid,
    name: 'Circle renamed across a restart',
    bg_colour: '#0a0b0c',
    account_uuids: circleAccounts,
  })
  expect((await outbox.snapshot()).items.map((item) => item.kind)).toEqual([
    'update-group',
    'add-participants',
    'remove-participants',
    'update-circle',
  ])
  // Durable before acknowledged: the cache already shows them, marked pending.
  expect((await dbs.durable.groups.get(group.uuid))?.pendingOpId).toBeTruthy()
  expect((await dbs.durable.circles.get(circle.uuid))?.pendingOpId).toBeTruthy()
  return {
    group: {
      uuid: group.uuid,
      name: 'Renamed across a restart',
      members: new Set([...group.members.filter((uuid) => uuid !== a), x]),
      added: x,
      removed: a,
    },
    circle: {
      uuid: circle.uuid,
      name: 'Circle renamed across a restart',
      bgColour: '#0a0b0c',
      accounts: new Set(circleAccounts),
    },
  }
}

async function expectIntended(want: Intended, snapshot?: ServerSnapshot): Promise<void> {
  const after = snapshot ?? (await server())
  const group = after.groups.find((candidate) => candidate.uuid === want.group.uuid)
  expect(group?.name).toBe(want.group.name)
  expect(new Set(group?.members)).toEqual(want.group.members)
  expect(after.groups.filter((candidate) => candidate.name === want.group.name)).toHaveLength(1)
  const circle = after.circles.find((candidate) => candidate.uuid === want.circle.uuid)
  expect(circle?.name).toBe(want.circle.name)
  expect(circle?.bgColour).toBe(want.circle.bgColour)
  expect(new Set(circle?.accounts)).toEqual(want.circle.accounts)
  expect(after.circles.filter((candidate) => candidate.name === want.circle.name)).toHaveLength(1)
  // Each rename reached Plannr once: a resend after the restart would be a second PUT.
  expect(plannr.calls.get('groups.update')).toBe(1)
  expect(plannr.calls.get('circles.update')).toBe(1)
}

async function expectCacheSettled(dbs: PlannrDatabases, want: Intended): Promise<void> {
  expect(await dbs.durable.outbox.count()).toBe(0)
  expect(await dbs.durable.groups.get(want.group.uuid)).toMatchObject({
    name: want.group.name,
    pendingOpId: null,
    pendingMembers: null,
  })
  expect(await dbs.durable.memberships.get([want.group.uuid, want.group.added])).toBeDefined()
  expect(await dbs.durable.memberships.get([want.group.uuid, want.group.removed])).toBeUndefined()
  const circle = await dbs.durable.circles.get(want.circle.uuid)
  expect(circle).toMatchObject({ name: want.circle.name, bgColour: want.circle.bgColour, pendingOpId: null })
  expect(new Set(circle?.accounts.map((ref) => ref.uuid))).toEqual(want.circle.accounts)
  expect(await dbs.durable.groups.filter((group) => !!group.pendingOpId || !!group.pendingMembers).count()).toBe(0)
  expect(await dbs.durable.circles.filter((candidate) => !!candidate.pendingOpId).count()).toBe(0)
}

/** Restarts over the same database and drains; returns the new instance. */
async function restartAndDrain(): Promise<PlannrDatabases> {
  const second = await boot()
  const recovered = testOutbox(second, plannr.api)
  await recovered.start()
  expect((await recovered.idle()).counts.total).toBe(0)
  await recovered.stop()
  return second
}

describe('edits survive a restart', () => {
  it('after the edits were queued, before any send', async () => {
    const first = await boot()
    const want = await queueEdits(first)
    first.close()

    const second = await restartAndDrain()
    await expectIntended(want)
    await expectCacheSettled(second, want)
  })

  for (const victim of victims) {
    it(`while ${victim} is 'sending', before the request left`, async () => {
      const first = await boot()
      const want = await queueEdits(first)
      let reached!: () => void
      const atSend = new Promise<void>((resolve) => (reached = resolve))
      const dying = testOutbox(
        first,
        intercept(plannr.api, victim, () => {
          reached()
          return never()
        }),
      )
      await dying.start()
      await atSend
      const sending = (await first.durable.outbox.toArray()).filter((op) => op.status === 'sending')
      expect(sending).toHaveLength(1)
      expect(sending[0]).toMatchObject({ attempts: 1 })
      first.close()

      const second = await restartAndDrain()
      await expectIntended(want)
      await expectCacheSettled(second, want)
    })

    it(`after Plannr applied ${victim}, before the outbox recorded it`, async () => {
      const first = await boot()
      const want = await queueEdits(first)
      let applied!: () => void
      const atApplied = new Promise<void>((resolve) => (applied = resolve))
      const dying = testOutbox(
        first,
        intercept(plannr.api, victim, async (real) => {
          const result = (await real()) as { ok: boolean }
          if (!result.ok) throw new Error(`${victim} failed in the sandbox`)
          applied()
          return never()
        }),
      )
      await dying.start()
      await atApplied
      // The answer is lost: the database closes with the op still 'sending'.
      expect((await first.durable.outbox.toArray()).filter((op) => op.status === 'sending')).toHaveLength(1)
      first.close()

      const second = await restartAndDrain()
      await expectIntended(want)
      await expectCacheSettled(second, want)
      // Membership changes have no lookup and are resent; that is harmless (idempotent), never a third time.
      if (victim === 'groups.addParticipants') expect(plannr.calls.get('groups.addParticipants')).toBe(2)
      if (victim === 'groups.removeParticipants') expect(plannr.calls.get('groups.removeParticipants')).toBe(2)
    })
  }

  it('edits queued behind a create that Plannr committed before the app died: adopted, then edited once', async () => {
    const first = await boot()
    await syncAll(first, plannr.api)
    const [a, b] = await someAccounts(plannr.api, 2)
    if (!a || !b) throw new Error('no accounts in the sandbox')
    const created = await testOutbox(first, plannr.api).enqueue('create-group', {
      name: 'Created before the crash',
      participants: [a],
    })
    if (!created.ok) throw new Error(created.error.message)
    let committed!: () => void
    const atCommit = new Promise<void>((resolve) => (committed = resolve))
    const dying = testOutbox(
      first,
      withGroupCreate(plannr.api, async (input) => {
        const result = await plannr.api.groups.create(input)
        if (result.ok) committed()
        return never()
      }),
    )
    await dying.start()
    await atCommit
    // The create is in flight (not mergeable): the edits queue behind it on its temporary uuid.
    const editor = testOutbox(first, plannr.api)
    expect(
      await editor.edit({ kind: 'update-group', uuid: created.tempUuid, name: 'Renamed after the crash' }),
    ).toMatchObject({ ok: true, outcome: 'queued' })
    expect(await editor.edit({ kind: 'add-participants', uuid: created.tempUuid, participants: [b] })).toMatchObject({
      ok: true,
      outcome: 'queued',
    })
    first.close()

    const second = await restartAndDrain()
    const after = await server()
    expect(after.groups.filter((group) => group.name.endsWith('the crash'))).toHaveLength(1)
    const group = after.groups.find((candidate) => candidate.name === 'Renamed after the crash')
    expect(new Set(group?.members)).toEqual(new Set([a, b]))
    expect(plannr.calls.get('groups.create')).toBe(1)
    expect(plannr.calls.get('groups.update')).toBe(1)
    expect(await second.durable.outbox.count()).toBe(0)
    expect(await second.durable.groups.get(created.tempUuid)).toBeUndefined()
    expect(await second.durable.groups.get(group?.uuid ?? '')).toMatchObject({
      name: 'Renamed after the crash',
      pendingOpId: null,
      pendingMembers: null,
    })
    expect(await second.durable.memberships.get([group?.uuid ?? '', b])).toBeDefined()
    expect(await second.durable.memberships.filter((row) => row.groupUuid === created.tempUuid).count()).toBe(0)
  })

  it('through real commit-then-drop on every write, killed with answers lost: each rename still lands once', async () => {
    const first = await boot()
    const want = await queueEdits(first)
    // Plannr performs every write and then drops the connection: the app never hears back.
    await outboxCommands.sandboxSetFault(plannr.sandbox.id, '*', { commitThenDropRate: 1 })
    const dying = testOutbox(first, plannr.api)
    await dying.start()
    // The renames are found applied by their lookup; the add keeps landing without an answer.
    await until(
      dying,
      (snap) =>
        !snap.items.some((item) => item.kind === 'update-group' || item.kind === 'update-circle') &&
        snap.items.some((item) => item.kind === 'add-participants' && item.status === 'outcome-unknown'),
    )
    first.close()
    await outboxCommands.sandboxClearFaults(plannr.sandbox.id)

    const second = await restartAndDrain()
    await expectIntended(want)
    await expectCacheSettled(second, want)
  })
})
