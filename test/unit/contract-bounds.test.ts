import { describe, expect, it } from 'vitest'
import { channels } from '../../src/shared/ipc/contract'
import { MAX_PARTICIPANTS_PER_REQUEST } from '../../src/shared/plannr/request-bodies'

// Every IPC input is bounded by the contract: lists by length and by their enums, ids by their
// formats, so nothing odd (a line break in an operation id, a 10,000-item filter) reaches main.
const ACCOUNT = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'
const GROUP = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const OP = '01JD3Q4ZK6V8W2X9Y0B1C2D3E4'
const BASE_URL = 'https://api.plannrcrm.com'

/** `count` distinct uuids (the participants lists refuse duplicates). */
const uuids = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `3f2504e0-4f89-41d3-9a0c-${i.toString(16).padStart(12, '0')}`)

const accepts = (channel: keyof typeof channels, input: unknown): boolean =>
  channels[channel].input.safeParse(input).success

describe('contract bounds', () => {
  it('accepts what the app sends', () => {
    expect(accepts('groups.list', { accountUuid: ACCOUNT, baseUrl: BASE_URL })).toBe(true)
    expect(
      accepts('groups.create', { accountUuid: ACCOUNT, baseUrl: BASE_URL, opId: OP, body: { name: 'A group' } }),
    ).toBe(true)
    expect(
      accepts('groups.participants', {
        accountUuid: ACCOUNT,
        baseUrl: BASE_URL,
        groupUuid: GROUP,
        query: { uuids: [ACCOUNT], types: ['client'], roles: ['trust', 'joint'] },
      }),
    ).toBe(true)
  })

  it('requires the account as a uuid on every account-scoped channel', () => {
    expect(accepts('groups.list', { baseUrl: BASE_URL })).toBe(false)
    expect(accepts('groups.list', { accountUuid: 'firm-a', baseUrl: BASE_URL })).toBe(false)
    expect(accepts('accounts.list', { accountUuid: 'x'.repeat(5_000), baseUrl: BASE_URL })).toBe(false)
    expect(accepts('auth.chooseAccount', { accountUuid: 'not-a-uuid' })).toBe(false)
  })

  it('takes an operation id only as a ULID, so a line break cannot reach the log', () => {
    for (const opId of ['op-1', `${OP}\r\nINJECTED`, '', 'x'.repeat(100), `${OP.slice(0, 25)}U`]) {
      expect(
        accepts('groups.create', { accountUuid: ACCOUNT, baseUrl: BASE_URL, opId, body: { name: 'A group' } }),
        opId,
      ).toBe(false)
    }
  })

  it('bounds participant filters by length and by their enums', () => {
    const query = (extra: object) => ({ accountUuid: ACCOUNT, baseUrl: BASE_URL, groupUuid: GROUP, query: extra })
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

  it('requires the Plannr address on every account-scoped channel, as the app always sends it, and bounds it', () => {
    expect(accepts('groups.list', { accountUuid: ACCOUNT })).toBe(false)
    expect(accepts('groups.get', { accountUuid: ACCOUNT, uuid: GROUP })).toBe(false)
    expect(accepts('circles.create', { accountUuid: ACCOUNT, opId: OP, body: { name: 'C' } })).toBe(false)
    expect(accepts('groups.list', { accountUuid: ACCOUNT, baseUrl: `${BASE_URL}/${'x'.repeat(5_000)}` })).toBe(false)
  })

  it('bounds the address a token is signed in at', () => {
    expect(accepts('auth.signInWithToken', { token: 'abc', baseUrl: BASE_URL })).toBe(true)
    expect(accepts('auth.signInWithToken', { token: 'abc', baseUrl: `${BASE_URL}/${'x'.repeat(5_000)}` })).toBe(false)
  })

  it('bounds the participants of a group change, at a size a bulk add of a whole large group stays within', () => {
    const scoped = { accountUuid: ACCOUNT, baseUrl: BASE_URL, opId: OP }
    const most = uuids(MAX_PARTICIPANTS_PER_REQUEST)
    const tooMany = uuids(MAX_PARTICIPANTS_PER_REQUEST + 1)
    for (const channel of ['groups.addParticipants', 'groups.removeParticipants'] as const) {
      expect(accepts(channel, { ...scoped, uuid: GROUP, body: { participants: most } }), channel).toBe(true)
      expect(accepts(channel, { ...scoped, uuid: GROUP, body: { participants: tooMany } }), channel).toBe(false)
    }
    expect(accepts('groups.create', { ...scoped, body: { name: 'G', participants: most } })).toBe(true)
    expect(accepts('groups.create', { ...scoped, body: { name: 'G', participants: tooMany } })).toBe(false)
    expect(MAX_PARTICIPANTS_PER_REQUEST).toBeGreaterThanOrEqual(100_000)
  })
})
