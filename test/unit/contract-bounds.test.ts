import { describe, expect, it } from 'vitest'
import { channels } from '../../src/shared/ipc/contract'

// Every IPC input is bounded by the contract: lists by length and by their enums, ids by their
// formats, so nothing odd (a line break in an operation id, a 10,000-item filter) reaches main.
const ACCOUNT = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'
const GROUP = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const OP = '01JD3Q4ZK6V8W2X9Y0B1C2D3E4'

const accepts = (channel: keyof typeof channels, input: unknown): boolean =>
  channels[channel].input.safeParse(input).success

describe('contract bounds', () => {
  it('accepts what the app sends', () => {
    expect(accepts('groups.list', { accountUuid: ACCOUNT })).toBe(true)
    expect(accepts('groups.create', { accountUuid: ACCOUNT, opId: OP, body: { name: 'A group' } })).toBe(true)
    expect(
      accepts('groups.participants', {
        accountUuid: ACCOUNT,
        groupUuid: GROUP,
        query: { uuids: [ACCOUNT], types: ['client'], roles: ['trust', 'joint'] },
      }),
    ).toBe(true)
  })

  it('requires the account as a uuid on every account-scoped channel', () => {
    expect(accepts('groups.list', {})).toBe(false)
    expect(accepts('groups.list', { accountUuid: 'firm-a' })).toBe(false)
    expect(accepts('accounts.list', { accountUuid: 'x'.repeat(5_000) })).toBe(false)
    expect(accepts('auth.chooseAccount', { accountUuid: 'not-a-uuid' })).toBe(false)
  })

  it('takes an operation id only as a ULID, so a line break cannot reach the log', () => {
    for (const opId of ['op-1', `${OP}\r\nINJECTED`, '', 'x'.repeat(100), `${OP.slice(0, 25)}U`]) {
      expect(accepts('groups.create', { accountUuid: ACCOUNT, opId, body: { name: 'A group' } }), opId).toBe(false)
    }
  })

  it('bounds participant filters by length and by their enums', () => {
    const query = (extra: object) => ({ accountUuid: ACCOUNT, groupUuid: GROUP, query: extra })
    expect(accepts('groups.participants', query({ uuids: ['not-a-uuid'] }))).toBe(false)
    expect(accepts('groups.participants', query({ uuids: Array.from({ length: 501 }, () => ACCOUNT) }))).toBe(false)
    expect(accepts('groups.participants', query({ types: ['client\nx'] }))).toBe(false)
    expect(accepts('groups.participants', query({ roles: ['superuser'] }))).toBe(false)
    expect(accepts('groups.participants', query({ types: Array.from({ length: 4 }, () => 'client') }))).toBe(false)
  })

  it('refuses a token with whitespace or control characters inside, and trims the outside', () => {
    expect(accepts('auth.signInWithToken', { token: 'abc\ndef' })).toBe(false)
    expect(accepts('auth.signInWithToken', { token: 'abc def' })).toBe(false)
    expect(accepts('auth.signInWithToken', { token: 'abc\u0007def' })).toBe(false)
    expect(accepts('auth.signInWithToken', { token: '  abc|def123\n' })).toBe(true)
  })
})
