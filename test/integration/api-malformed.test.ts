import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { signedIn, testMain, type TestMain, scoped, rejection } from './api-support'
import type { Sandbox } from '../../src/sandbox'
import { createDispatcher } from '../../src/main/ipc/dispatch'
import { ulid } from 'ulid'

// The one place with a hand-made server: the sandbox is correct by design, so a corrupted
// answer comes from a tiny server that serves /logins properly and garbage elsewhere.
let server: Server
let base: string
let main: TestMain

// Real UUIDs: the dispatcher checks the account and group named in each call.
const ACCOUNT = '7d2f6c1e-3a4b-4c5d-8e9f-0a1b2c3d4e5f'
const GROUP = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d'

const login = {
  uuid: 'login-1',
  account: { uuid: ACCOUNT, name: 'Ada Adviser', type: 'employee', role: 'owner' },
  firm: { uuid: 'firm-1', name: 'Firm' },
  has_write_permission: true,
}
const answers: Record<string, { status?: number; body: string }> = {
  '/api/v1/logins': { body: JSON.stringify({ data: [login], preferred_account_uuid: ACCOUNT }) },
  // `uuid` a number and a date that is not a date, on the third group.
  '/api/v1/group': {
    body: JSON.stringify({
      data: [
        {
          uuid: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
          name: 'One',
          created_at: '2025-04-22T13:44:18+01:00',
          updated_at: '2025-04-22T13:44:18+01:00',
        },
        {
          uuid: '3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a',
          name: 'Two',
          created_at: '2025-04-22',
          updated_at: '2025-04-22',
        },
        { uuid: 3, name: 'Three', created_at: 'last tuesday', updated_at: '2025-04-22' },
      ],
    }),
  },
  '/api/v1/circles': { body: '<html>Service temporarily unavailable</html>' },
  '/api/v1/business-units': { body: JSON.stringify({ items: [] }) },
}

/** Answers for one test, over `answers`. */
let overrides: Record<string, { status?: number; body: string }> = {}

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    const answer = overrides[path] ?? answers[path] ?? { status: 404, body: '{"message":"Not Found"}' }
    response.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json' }).end(answer.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  main = await signedIn({ url: base, demo: { token: 'malformed-test-token', accountUuid: ACCOUNT } } as Sandbox)
})

afterEach(() => {
  overrides = {}
})

afterAll(async () => {
  await main?.services.dispose()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('malformed responses', () => {
  it('names the endpoint and the bad fields, and returns nothing half-parsed', async () => {
    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 15 }))
    expect(error.data).toMatchObject({ kind: 'malformed-response', endpoint: 'GET /api/v1/group' })
    expect(error.message).toContain('data.2.uuid')
    expect(error.message).toContain('data.2.created_at')
    expect(error.message).not.toContain(base)
    expect(error.message).not.toContain('per_page')
  })

  it('a body that is not JSON', async () => {
    const error = await rejection(scoped(main)['circles.list']({ sort: 'name', page: 1, perPage: 15 }))
    expect(error.data).toMatchObject({ kind: 'malformed-response', endpoint: 'GET /api/v1/circles' })
    expect(error.message).toMatch(/not JSON/)
  })

  it('a list without `data`', async () => {
    const error = await rejection(scoped(main)['businessUnits.list']({ sort: 'name', page: 1, perPage: 15 }))
    expect(error.data).toMatchObject({ kind: 'malformed-response', endpoint: 'GET /api/v1/business-units' })
    expect(error.message).toContain('data')
  })
})

describe('page numbers the API cannot mean', () => {
  // Laravel's paginator never numbers a page below 1 (an empty list still has page 1 of 1).
  const pageZero = JSON.stringify({ data: [], meta: { current_page: 0, last_page: 0, total: 0, per_page: 15 } })

  it('a list page numbered 0 is a malformed answer of that endpoint, through the IPC dispatcher', async () => {
    overrides = { '/api/v1/group': { body: pageZero } }
    const dispatch = createDispatcher(main.services.handlers, () => true)
    const result = await dispatch(
      'groups.list',
      { accountUuid: ACCOUNT, baseUrl: base, sort: 'name', page: 1, perPage: 15 },
      'app://plannr/index.html',
    )
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'malformed-response', endpoint: 'GET /api/v1/group' },
    })
    if (!result.ok) expect(result.error.message).toContain('meta.current_page')
  })

  it('the same on a participant page (read by its fast path)', async () => {
    const path = `/api/v1/group/${GROUP}/participants`
    overrides = { [path]: { body: pageZero } }
    const dispatch = createDispatcher(main.services.handlers, () => true)
    const result = await dispatch(
      'groups.participants',
      { accountUuid: ACCOUNT, baseUrl: base, groupUuid: GROUP, query: { page: 1, perPage: 15 } },
      'app://plannr/index.html',
    )
    expect(result).toMatchObject({ ok: false, error: { kind: 'malformed-response', endpoint: `GET ${path}` } })
  })
})

describe('an answer about another record than the one in the path', () => {
  const OTHER = '9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f'
  const record = (uuid: string) =>
    JSON.stringify({
      data: {
        uuid,
        name: 'Other group',
        accounts: [],
        groups: [],
        created_at: '2025-04-22T13:44:18+01:00',
        updated_at: '2025-04-22T13:44:18+01:00',
      },
    })

  it('PUT /group/{uuid} answered with another group is malformed, naming both', async () => {
    overrides = { [`/api/v1/group/${GROUP}`]: { body: record(OTHER) } }
    const error = await rejection(
      scoped(main)['groups.update']({ opId: ulid(), uuid: GROUP, body: { name: 'Renamed' } }),
    )
    expect(error.data).toMatchObject({ kind: 'malformed-response', endpoint: `PUT /api/v1/group/${GROUP}` })
    expect(error.message).toContain('uuid')
    expect(error.message).toContain(OTHER)
  })

  it('the same for a membership change, a circle edit and the reads the outbox checks before them', async () => {
    overrides = {
      [`/api/v1/group/${GROUP}`]: { body: record(OTHER) },
      [`/api/v1/group/${GROUP}/participants`]: { body: record(OTHER) },
      [`/api/v1/circles/${GROUP}`]: { body: record(OTHER) },
    }
    const h = scoped(main)
    const calls: [string, () => Promise<unknown>][] = [
      [
        `POST /api/v1/group/${GROUP}/participants`,
        () => h['groups.addParticipants']({ opId: ulid(), uuid: GROUP, body: { participants: [ACCOUNT] } }),
      ],
      [
        `DELETE /api/v1/group/${GROUP}/participants`,
        () => h['groups.removeParticipants']({ opId: ulid(), uuid: GROUP, body: { participants: [ACCOUNT] } }),
      ],
      [
        `PUT /api/v1/circles/${GROUP}`,
        () => h['circles.update']({ opId: ulid(), uuid: GROUP, body: { name: 'Renamed' } }),
      ],
      [`GET /api/v1/group/${GROUP}`, () => h['groups.get']({ uuid: GROUP })],
      [`GET /api/v1/circles/${GROUP}`, () => h['circles.get']({ uuid: GROUP })],
    ]
    for (const [endpoint, call] of calls) {
      const error = await rejection(call())
      expect(error.data).toMatchObject({ kind: 'malformed-response', endpoint })
      expect(error.message).toContain(OTHER)
    }
  })

  it('the record itself, its uuid in capitals, is its answer', async () => {
    overrides = { [`/api/v1/group/${GROUP}`]: { body: record(GROUP.toUpperCase()) } }
    const group = await scoped(main)['groups.update']({ opId: ulid(), uuid: GROUP, body: { name: 'Renamed' } })
    expect(group).toMatchObject({ uuid: GROUP.toUpperCase() })
  })
})

describe('a login whose account is not named by a uuid', () => {
  it('fails the sign-in as a malformed /logins answer naming the field, before any account is used', async () => {
    overrides = {
      '/api/v1/logins': {
        body: JSON.stringify({ data: [{ ...login, account: { ...login.account, uuid: '7' } }] }),
      },
    }
    const other = await testMain({ config: { apiBaseUrl: base } })
    try {
      const dispatch = createDispatcher(other.services.handlers, () => true)
      const result = await dispatch(
        'auth.signInWithToken',
        { token: 'malformed-test-token', baseUrl: base },
        'app://plannr/index.html',
      )
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'malformed-response', endpoint: 'GET /api/v1/logins' },
      })
      if (!result.ok) expect(result.error.message).toContain('data.0.account.uuid')
    } finally {
      await other.services.dispose()
    }
  })
})
