import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ulid } from 'ulid'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { createDispatcher } from '../../src/main/ipc/dispatch'
import { countingFetch, testMain, type TestMain, rejection } from './api-support'

// A request is bound to the account it was made for, and a write is sent once per operation id:
// the real handlers, a user with logins in two firms, the sandbox over loopback HTTP.
let sandbox: Sandbox
let main: TestMain | undefined
let lines: string[]

beforeEach(async () => {
  lines = []
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 60, log: (line) => lines.push(line) })
})

afterEach(async () => {
  await main?.services.dispose()
  main = undefined
  await sandbox.stop()
})

/** Signed in as the user with two logins; returns their accounts in firm A (0) and firm B (1). */
async function twoFirms(options: Parameters<typeof testMain>[0] = {}): Promise<{ a: string; b: string }> {
  main = await testMain({ sandbox, ...options })
  const status = await main.services.handlers['auth.signInWithToken']({
    token: sandbox.multiLoginToken,
    baseUrl: sandbox.url,
  })
  const inFirm = (firm: number) =>
    status.logins.find((login) => sandbox.store.account(login.account.uuid)?.firm === firm)?.account.uuid
  const a = inFirm(0)
  const b = inFirm(1)
  if (!a || !b) throw new Error('the multi-login user should have a login in each firm')
  await main.services.handlers['auth.chooseAccount']({ accountUuid: a })
  return { a, b }
}

const posts = (path: string): number => lines.filter((line) => line.startsWith(`POST ${path} `)).length

describe('account binding', () => {
  it('a create made in firm A and held by a 429 is not created in firm B after a switch', async () => {
    const { a, b } = await twoFirms()
    const h = main!.services.handlers
    // A 429 (on a write, which main never retries) pauses main's limiter: the next create waits in it.
    sandbox.faults.set('POST /api/v1/business-units', { rateLimitBurst: 1, retryAfterSeconds: 2 })
    const paused = await rejection(
      h['businessUnits.create']({ accountUuid: a, baseUrl: sandbox.url, opId: ulid(), body: { name: 'Unit' } }),
    )
    expect(paused.data.kind).toBe('rate-limited')
    const held = h['groups.create']({
      accountUuid: a,
      baseUrl: sandbox.url,
      opId: ulid(),
      body: { name: 'Made in firm A' },
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await h['auth.chooseAccount']({ accountUuid: b })
    const error = await rejection(held)
    expect(['cancelled', 'account-mismatch']).toContain(error.data.kind)
    // Wait past the pause: nothing may go out late either.
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    expect(sandbox.store.groupByName('Made in firm A', 1)).toBeUndefined()
    expect(sandbox.store.groupByName('Made in firm A', 0)).toBeUndefined()
    expect(posts('/api/v1/group')).toBe(0)
  }, 30_000)

  it('a call naming another account than the signed-in one is refused before anything is sent', async () => {
    const counter = countingFetch()
    const { a, b } = await twoFirms({ fetch: counter.fetch })
    await main!.services.handlers['auth.chooseAccount']({ accountUuid: b })
    const dispatch = createDispatcher(main!.services.handlers, () => true)
    const before = counter.calls()
    const result = await dispatch(
      'groups.create',
      { accountUuid: a, baseUrl: sandbox.url, opId: ulid(), body: { name: 'Wrong firm' } },
      'app://plannr/index.html',
    )
    expect(result).toMatchObject({ ok: false, error: { kind: 'account-mismatch' } })
    if (!result.ok) expect(result.error.message).toMatch(/another Plannr account/)
    const read = await dispatch(
      'groups.list',
      { accountUuid: a, baseUrl: sandbox.url, page: 1 },
      'app://plannr/index.html',
    )
    expect(read).toMatchObject({ ok: false, error: { kind: 'account-mismatch' } })
    expect(counter.calls()).toBe(before)
    // The signed-in account's own calls go through.
    const own = await dispatch(
      'groups.list',
      { accountUuid: b, baseUrl: sandbox.url, page: 1 },
      'app://plannr/index.html',
    )
    expect(own.ok).toBe(true)
  })

  it('the request carries the account it was asked for', async () => {
    const { a, b } = await twoFirms()
    const h = main!.services.handlers
    const inA = await h['groups.create']({
      accountUuid: a,
      baseUrl: sandbox.url,
      opId: ulid(),
      body: { name: 'Group of firm A' },
    })
    await h['auth.chooseAccount']({ accountUuid: b })
    const inB = await h['groups.create']({
      accountUuid: b,
      baseUrl: sandbox.url,
      opId: ulid(),
      body: { name: 'Group of firm B' },
    })
    expect(sandbox.store.group(inA.uuid)?.firm).toBe(0)
    expect(sandbox.store.group(inB.uuid)?.firm).toBe(1)
  })
})

describe('one send per operation id', () => {
  it('a second send of an operation still in flight joins the first: one POST', async () => {
    const { a } = await twoFirms()
    const h = main!.services.handlers
    sandbox.faults.set('POST /api/v1/group', { latencyMs: 400 })
    const opId = ulid()
    const first = h['groups.create']({ accountUuid: a, baseUrl: sandbox.url, opId, body: { name: 'Only once' } })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const second = h['groups.create']({ accountUuid: a, baseUrl: sandbox.url, opId, body: { name: 'Only once' } })
    const [one, two] = await Promise.all([first, second])
    expect(two.uuid).toBe(one.uuid)
    expect(posts('/api/v1/group')).toBe(1)
    // Once settled, the same id may be sent again (the outbox decides): it is not remembered forever.
    const again = await rejection(
      h['groups.create']({ accountUuid: a, baseUrl: sandbox.url, opId, body: { name: 'Only once' } }),
    )
    expect(again.data.kind).toBe('validation')
    expect(posts('/api/v1/group')).toBe(2)
  }, 30_000)

  it('a lookup for an operation waits until its write in flight has settled', async () => {
    const { a } = await twoFirms()
    const h = main!.services.handlers
    sandbox.faults.set('POST /api/v1/business-units', { latencyMs: 400 })
    const opId = ulid()
    const create = h['businessUnits.create']({
      accountUuid: a,
      baseUrl: sandbox.url,
      opId,
      body: { name: 'Looked up late' },
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const found = await h['businessUnits.list']({
      accountUuid: a,
      baseUrl: sandbox.url,
      opId,
      name: 'Looked up late',
      sort: 'name',
      page: 1,
      perPage: 5,
    })
    const created = await create
    expect(found.items.map((unit) => unit.uuid)).toEqual([created.uuid])
  }, 30_000)
})
