import { describe, expect, it } from 'vitest'
import { createdUuids } from '../../src/renderer/src/data'
import type { SessionApi } from '../../src/shared/ipc/plannr-api'
import type { IpcResult } from '../../src/shared/ipc/errors'
import type { Group } from '../../src/shared/plannr/models'
import type { EditIntent } from '../../src/renderer/src/outbox'
import { mustEdit } from './helpers/edits'
import { someAccounts, testOutbox, type ServerSnapshot } from './helpers/outbox'
import { useOutboxWorld } from './helpers/world'

/**
 * Only a create's answer may name a new uuid. An edit answered with another record (a buggy
 * server, a proxy mixing up answers) must not send what is queued for its record, or what is
 * edited later, to that other record, nor move the cached record.
 */
const world = useOutboxWorld('edits-answer-uuid', { seed: 47, accounts: 30, groups: 3, synced: true })

type ServerGroup = ServerSnapshot['groups'][number]

/**
 * `write` performed on Plannr, its first answer replaced by group `other`'s record (answers
 * mixed up once): a resend, the lookup of an idempotent change, gets its own answer.
 */
function answeredOnceWith<I>(
  api: SessionApi,
  write: (input: I) => Promise<IpcResult<Group>>,
  other: string,
): (input: I) => Promise<IpcResult<Group>> {
  let mixedUp = false
  return async (input) => {
    const sent = await write(input)
    if (!sent.ok || mixedUp) return sent
    mixedUp = true
    return api.groups.get({ uuid: other })
  }
}

/** The api with some of its group calls replaced. */
function withGroups(api: SessionApi, calls: Partial<SessionApi['groups']>): SessionApi {
  return { ...api, groups: { ...api.groups, ...calls } }
}

/** Two groups from the sandbox and an account in neither. */
async function twoGroupsAndANewcomer() {
  const before = await world.server()
  const [a, b] = before.groups
  if (!a || !b) throw new Error('the sandbox needs two groups')
  const accounts = await someAccounts(world.plannr.api, 30)
  const newcomer = accounts.find((uuid) => !a.members.includes(uuid) && !b.members.includes(uuid))
  if (!newcomer) throw new Error('the sandbox needs an account in neither group')
  return { a, b, newcomer }
}

/** Queues `edits` on an outbox over `api`, drains it, and stops it. */
async function drain(api: SessionApi, edits: EditIntent[]): Promise<void> {
  const outbox = testOutbox(world.dbs, api)
  try {
    for (const intent of edits) await mustEdit(outbox, intent)
    await outbox.start()
    const done = await outbox.idle()
    expect(done.counts.total).toBe(0)
  } finally {
    await outbox.stop()
  }
}

/** On Plannr and in the cache: A renamed and joined by `newcomer`; B as it was. */
async function expectOnlyAChanged(a: ServerGroup, b: ServerGroup, newcomer: string): Promise<void> {
  const after = await world.server()
  const serverA = after.groups.find((group) => group.uuid === a.uuid)
  const serverB = after.groups.find((group) => group.uuid === b.uuid)
  expect(serverA?.name).toBe('Renamed A')
  expect(serverA?.members).toContain(newcomer)
  expect(serverB?.name).toBe(b.name)
  expect(new Set(serverB?.members)).toEqual(new Set(b.members))

  const db = world.dbs.durable
  const cachedA = await db.groups.get(a.uuid)
  expect(cachedA?.uuid).toBe(a.uuid)
  expect(cachedA?.name).toBe('Renamed A')
  expect(await db.memberships.get([a.uuid, newcomer])).toBeDefined()
  expect(await db.memberships.get([b.uuid, newcomer])).toBeUndefined()
  expect((await db.groups.get(b.uuid))?.name).toBe(b.name)
  // Nothing noted that would send later edits of A to B.
  expect((await createdUuids(db, [a.uuid])).size).toBe(0)
}

describe('an edit answered with another record', () => {
  it('a rename of A answered with group B: the add queued for A still lands on A', async () => {
    const { a, b, newcomer } = await twoGroupsAndANewcomer()
    const api = world.plannr.api
    await drain(withGroups(api, { update: answeredOnceWith(api, api.groups.update, b.uuid) }), [
      { kind: 'update-group', uuid: a.uuid, name: 'Renamed A' },
      { kind: 'add-participants', uuid: a.uuid, participants: [newcomer] },
    ])
    await expectOnlyAChanged(a, b, newcomer)
  })

  it('an add to A answered with group B: the rename queued for A still lands on A', async () => {
    const { a, b, newcomer } = await twoGroupsAndANewcomer()
    const api = world.plannr.api
    await drain(withGroups(api, { addParticipants: answeredOnceWith(api, api.groups.addParticipants, b.uuid) }), [
      { kind: 'add-participants', uuid: a.uuid, participants: [newcomer] },
      { kind: 'update-group', uuid: a.uuid, name: 'Renamed A' },
    ])
    await expectOnlyAChanged(a, b, newcomer)
  })
})
