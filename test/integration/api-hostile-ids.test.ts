import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { createDispatcher, type Dispatcher } from '../../src/main/ipc/dispatch'
import type { Channel } from '../../src/shared/ipc/contract'
import { PROBE_PATH } from '../../src/main/api/probe'
import { defaultParticipantQuery } from '../../src/shared/plannr/participant-query'
import { rejection, signedIn, type TestMain } from './api-support'

// Plannr names every account, group, circle and business unit by a uuid, and the app names them
// back by it: in request paths and bodies, and in IPC calls whose contract checks each id as a
// uuid. An answer naming one otherwise must be refused where it arrives, as that endpoint's
// malformed answer naming the field, not cached as a record the window then cannot open, edit or
// add anyone to. Every call here goes through the IPC dispatcher, as the window's calls do.
const HOSTILE_IDS = ['7', '', 'x'.repeat(10_000), 'a/b?c#d', '..', '../circles']

let sandbox: Sandbox
let main: TestMain
let dispatch: Dispatcher
/** Puts back the records' own uuids after each test. */
const restore: (() => void)[] = []
/** One line per request the sandbox was sent (its log). */
const requests: string[] = []

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 5, accounts: 120, groups: 4, log: (line) => requests.push(line) })
  main = await signedIn(sandbox)
  dispatch = createDispatcher(main.services.handlers, () => true)
})

afterEach(() => {
  for (const undo of restore.splice(0).reverse()) undo()
})

afterAll(async () => {
  await main?.services.dispose()
  await sandbox?.stop()
})

/**
 * From now on the sandbox names this record `id` in every answer that carries it (the record
 * itself, and every reference to it), while its routes still find it by its own uuid (its
 * filters by membership no longer do).
 */
function nameRecord(record: { uuid: string }, id: string): void {
  const own = record.uuid
  record.uuid = id
  restore.push(() => {
    record.uuid = own
  })
}

/** The call through the dispatcher, for the signed-in account; the error it fails with. */
async function refusal(channel: Channel, input: object) {
  const result = await dispatch(
    channel,
    { accountUuid: sandbox.demo.accountUuid, baseUrl: sandbox.url, ...input },
    'app://plannr/index.html',
  )
  if (result.ok) throw new Error(`${channel} answered, with a record the window could not name back to Plannr`)
  return result.error
}

/** The requests sent since `before` requests, but connectivity's probes (which carry no id). */
function sentSince(before: number): string[] {
  return requests.slice(before).filter((line) => !line.startsWith(`GET ${PROBE_PATH} `))
}

const LIST = { sort: 'name', page: 1, perPage: 500 }

function aGroupWithMembers() {
  const group = sandbox.store.groups().find((candidate) => candidate.members.size > 0)
  if (!group) throw new Error('the sandbox has no group with members')
  return group
}

describe('a record Plannr names by something other than a uuid', () => {
  it('a group: the group list is a malformed answer naming the field', async () => {
    const group = aGroupWithMembers()
    for (const id of HOSTILE_IDS) {
      nameRecord(group, id)
      const error = await refusal('groups.list', LIST)
      expect(error).toMatchObject({ kind: 'malformed-response', endpoint: 'GET /api/v1/group' })
      expect(error.message).toMatch(/data\.\d+\.uuid: must be a UUID/)
      // A size, not a time: the 10,000-character id is not echoed whole into the message the user reads.
      expect(error.message.length).toBeLessThan(1_000)
      restore.pop()?.()
    }
  })

  it("a participant: its group's participant page (the fast path) and the sync's account pages", async () => {
    const group = aGroupWithMembers()
    const member = sandbox.store.groupMembers(group.uuid).find((account) => account.type === 'client')
    if (!member) throw new Error('the group has no client')
    const groupUuid = group.uuid
    for (const id of HOSTILE_IDS) {
      nameRecord(member, id)
      const page = await refusal('groups.participants', { groupUuid, query: { page: 1, perPage: 500 } })
      expect(page).toMatchObject({
        kind: 'malformed-response',
        endpoint: `GET /api/v1/group/${groupUuid}/participants`,
      })
      expect(page.message).toContain('uuid: must be a UUID')
      // Every account on one page (the sandbox's filter[groups] would look the member up by the new id).
      const plan = await refusal('accounts.withGroups', { sort: 'created_at', page: 1, perPage: 500 })
      expect(plan).toMatchObject({ kind: 'malformed-response', endpoint: 'GET /api/v1/account' })
      expect(plan.message).toContain('uuid: must be a UUID')
      restore.pop()?.()
    }
  })

  it('a circle, and an account a circle names: the circle list', async () => {
    const circle = sandbox.store.circles().find((candidate) => candidate.accounts.length > 0)
    const account = circle && sandbox.store.account(circle.accounts[0] ?? '')
    if (!circle || !account) throw new Error('the sandbox has no circle with an account')
    nameRecord(circle, '../group')
    const itself = await refusal('circles.list', LIST)
    expect(itself).toMatchObject({ kind: 'malformed-response', endpoint: 'GET /api/v1/circles' })
    expect(itself.message).toMatch(/data\.\d+\.uuid: must be a UUID/)
    restore.pop()?.()

    nameRecord(account, '7')
    const named = await refusal('circles.list', LIST)
    expect(named).toMatchObject({ kind: 'malformed-response', endpoint: 'GET /api/v1/circles' })
    expect(named.message).toMatch(/data\.\d+\.accounts\.\d+\.uuid: must be a UUID/)
  })

  it('a business unit: its list, and the group list that names it', async () => {
    const [group] = sandbox.store.groups()
    const [unit] = sandbox.store.businessUnits()
    if (!group || !unit) throw new Error('the sandbox has no group or no business unit')
    sandbox.store.updateGroup(group.uuid, { businessUnit: unit.uuid })
    nameRecord(unit, '')
    const itself = await refusal('businessUnits.list', LIST)
    expect(itself).toMatchObject({ kind: 'malformed-response', endpoint: 'GET /api/v1/business-units' })
    expect(itself.message).toMatch(/data\.\d+\.uuid: must be a UUID/)
    const groups = await refusal('groups.list', LIST)
    expect(groups).toMatchObject({ kind: 'malformed-response', endpoint: 'GET /api/v1/group' })
    expect(groups.message).toMatch(/data\.\d+\.business_unit\.uuid: must be a UUID/)
  })
})

describe('a path built from a record id', () => {
  it('is a uuid, or nothing is sent: no id can step out of its segment to another endpoint', async () => {
    const { api, call } = main.services.auth.scoped(sandbox.demo.accountUuid, sandbox.url)
    const body = { participants: [sandbox.demo.accountUuid] }
    const calls = (id: string): [string, () => Promise<unknown>][] => [
      ['getGroup', () => api.getGroup(id, call)],
      ['groupParticipants', () => api.groupParticipants(id, defaultParticipantQuery(), call)],
      ['updateGroup', () => api.updateGroup(id, { name: 'Renamed' }, call)],
      ['addParticipants', () => api.addParticipants(id, body, call)],
      ['removeParticipants', () => api.removeParticipants(id, body, call)],
      ['getCircle', () => api.getCircle(id, call)],
      ['updateCircle', () => api.updateCircle(id, { name: 'Renamed' }, call)],
    ]
    // "" and "." address the collection (`/api/v1/group/`), ".." the level above it.
    for (const id of ['', '.', '..', ...HOSTILE_IDS])
      for (const [method, send] of calls(id)) {
        const before = requests.length
        const error = await rejection(send())
        expect({ method, id: id.slice(0, 20), kind: error.kind }).toEqual({
          method,
          id: id.slice(0, 20),
          kind: 'invalid-input',
        })
        expect(sentSince(before)).toEqual([])
      }
    // A uuid still goes through, in whatever letter case it was given.
    const group = aGroupWithMembers()
    expect(await api.getGroup(group.uuid.toUpperCase(), call)).toMatchObject({ name: group.name })
  })
})
