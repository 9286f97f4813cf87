import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { createDispatcher } from '../../src/main/ipc/dispatch'
import { Http } from '../../src/main/api/http'
import { PlannrEndpoints } from '../../src/main/api/endpoints'
import { RateLimiter } from '../../src/main/api/rate-limiter'
import { signedIn, testHandlers, type TestHandlers, type TestMain, rejection } from './api-support'

// Creates and updates over real HTTP, and the 4xx error classes the sandbox answers with.
let sandbox: Sandbox
let main: TestMain
let h: TestHandlers

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 300 })
  main = await signedIn(sandbox)
  h = testHandlers(main)
})

afterAll(async () => {
  await main?.services.dispose()
  await sandbox?.stop()
})

describe('writes', () => {
  it('creates, renames and changes the participants of a group (DELETE carries its JSON body)', async () => {
    const accounts = sandbox.store
      .accounts()
      .filter((a) => a.type === 'client')
      .slice(0, 3)
    const created = await h['groups.create']({
      opId: 'op-1',
      body: { name: 'Integration Group', participants: accounts.slice(0, 2).map((a) => a.uuid) },
    })
    expect(created.name).toBe('Integration Group')
    expect(
      sandbox.store
        .groupMembers(created.uuid)
        .map((a) => a.uuid)
        .sort(),
    ).toEqual(
      accounts
        .slice(0, 2)
        .map((a) => a.uuid)
        .sort(),
    )

    const renamed = await h['groups.update']({
      opId: 'op-2',
      uuid: created.uuid,
      body: { name: 'Integration Group 2' },
    })
    expect(renamed.name).toBe('Integration Group 2')

    await h['groups.addParticipants']({ opId: 'op-3', uuid: created.uuid, body: { participants: [accounts[2]!.uuid] } })
    expect(sandbox.store.groupMembers(created.uuid)).toHaveLength(3)
    const after = await h['groups.removeParticipants']({
      opId: 'op-4',
      uuid: created.uuid,
      body: { participants: [accounts[0]!.uuid] },
    })
    expect(after.uuid).toBe(created.uuid)
    expect(sandbox.store.groupMembers(created.uuid).map((a) => a.uuid)).not.toContain(accounts[0]!.uuid)
  })

  it('creates and updates a circle, and creates a business unit', async () => {
    const accounts = sandbox.store
      .accounts()
      .filter((a) => a.type === 'client')
      .slice(5, 7)
    const group = sandbox.store.groups()[0]!
    const circle = await h['circles.create']({
      opId: 'op-5',
      body: {
        name: 'Integration Circle',
        account_uuids: accounts.map((a) => a.uuid),
        group_uuids: [group.uuid],
        bg_colour: '#123456',
      },
    })
    expect(circle).toMatchObject({ name: 'Integration Circle' })
    expect(sandbox.store.circle(circle.uuid)).toBeDefined()
    const updated = await h['circles.update']({
      opId: 'op-6',
      uuid: circle.uuid,
      body: { name: 'Integration Circle 2' },
    })
    expect(updated.name).toBe('Integration Circle 2')

    const unit = await h['businessUnits.create']({ opId: 'op-7', body: { name: 'Integration Unit' } })
    expect(unit.name).toBe('Integration Unit')
    expect(sandbox.store.businessUnitByName('Integration Unit')?.uuid).toBe(unit.uuid)
  })
})

describe('error classes', () => {
  it('422: a duplicate group name comes back as field errors', async () => {
    const existing = sandbox.store.groups()[0]!
    const error = await rejection(h['groups.create']({ opId: 'op-dup', body: { name: existing.name } }))
    expect(error.data).toMatchObject({ kind: 'validation', status: 422, endpoint: 'POST /api/v1/group' })
    expect(error.data.fieldErrors?.name?.[0]).toMatch(/taken|unique/i)
  })

  it('404: an unknown group', async () => {
    const error = await rejection(h['groups.get']({ uuid: '00000000-0000-4000-8000-000000000000' }))
    expect(error.data).toMatchObject({ kind: 'not-found', status: 404 })
  })

  it("403: an account header that is not one of the user's accounts; none is never sent", async () => {
    const otherAccount = sandbox.store.accounts().find((a) => a.type === 'client')!.uuid
    const http = (account: string | null) =>
      new PlannrEndpoints(
        new Http({
          baseUrl: sandbox.url,
          limiter: new RateLimiter(),
          retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
          credentials: {
            accessToken: async () => sandbox.demo.token,
            accountUuid: () => account,
            unauthenticated: async () => false,
          },
        }),
      )
    expect((await rejection(http(otherAccount).listGroups({}, { accountUuid: otherAccount }))).data).toMatchObject({
      kind: 'forbidden',
      status: 403,
    })
    // A request must name its account when it is asked: main does not send one without it.
    expect((await rejection(http(null).listGroups({}))).data).toMatchObject({ kind: 'internal' })
    expect((await rejection(http(null).listGroups({}, { accountUuid: otherAccount }))).data).toMatchObject({
      kind: 'account-mismatch',
    })
  })

  it('refuses bad input at the IPC boundary before any request', async () => {
    const dispatch = createDispatcher(main.services.handlers, () => true)
    const result = await dispatch('groups.create', { opId: 'x', body: { name: '' } }, 'app://plannr/')
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input' } })
  })
})
