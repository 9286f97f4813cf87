import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { readFileSync } from 'node:fs'
import { ApiAccount, ApiBusinessUnit, ApiCircle, ApiGroup, ApiLogins, apiPage } from '../../src/main/api/api-schemas'
import { parsePlannrDate } from '../../src/shared/plannr/lenient'

const A = '0b6f1c2e-8a4d-4e3f-9b2a-1c0d9e8f7a6b'
const B = '5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716'
const C = '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d'

// The response examples of the Plannr API pages the project was created from, copied verbatim
// into test/fixtures/plannr-seeds (see test/support/sandbox-seeds.ts).
const seed = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/plannr-seeds/${name}`, import.meta.url), 'utf8'))

describe('seed examples parse, quirks included', () => {
  it('POST /group (200): string count, schema-object participants', () => {
    const group = ApiGroup.parse(seed('group-create.200.json'))
    expect(group).toMatchObject({ name: 'finance', participantsCount: 3, participants: null, businessUnit: null })
    expect(group.createdAt).toBe('2026-04-28T21:34:35.000Z')
  })

  it('POST /circles (201), older and newer captures', () => {
    const newer = ApiCircle.parse(seed('circle-create.201.json'))
    expect(newer).toMatchObject({ name: 'Jones Family', bgColour: '#35f4e1' })
    expect(newer.accounts).toEqual([{ uuid: 'b8de0995-e2f9-4952-a70c-077842ad3927', name: 'Gareth Thompson' }])
    expect(newer.groups[0]).toMatchObject({ name: 'finance' })
    const older = ApiCircle.parse(seed('circle-create-old.201.json'))
    expect(older.bgColour).toBeNull()
    expect(older.accounts).toHaveLength(1)
  })

  it('GET /group/{uuid}/participants (200): embedded firm normalised out, placeholders absent', () => {
    const page = apiPage(ApiAccount).parse(seed('group-participants.200.json'))
    const [first] = page.data
    if (!first) throw new Error('no participant')
    expect(first.firm).toMatchObject({ name: 'Codepotato', townCity: 'Waterlooville' })
    const p = first.participant
    expect(p.firmUuid).toBe(first.firm?.uuid)
    expect(p.tags).toEqual([{ uuid: '2bf521f7-62c6-447d-a813-73bb3eac3549', name: 'Mortgage', colour: '#ef4582' }])
    expect(p.primaryEmail).toMatchObject({ value: '+443330903630', formatted: '0333 090 3630' })
    expect(p.assignedAdviser).toEqual({ uuid: 'b6587309-9e20-4797-8676-e4dd3235ea93', name: 'Gareth Thompson' })
    expect(p.customFields).toEqual([
      {
        uuid: '7d4af720-19f5-4b1c-8c11-763b24987488',
        name: 'Favourite Drink',
        reference: 'favourite_drink',
        value: 'Coffee',
      },
    ])
    expect(p.inactiveAt).toBe('2025-09-17')
    expect(p.circles[0]).toMatchObject({ name: 'Jones Family', bgColour: '#35f4e1' })
    expect(p.externalReferences).toEqual([{ thirdParty: 'nucleus', reference: 'AB123456' }])
    expect(JSON.stringify(p)).not.toContain('App\\')
  })

  it('POST /business-units (201): brand_colours [], integer counts, placeholder members', () => {
    const unit = ApiBusinessUnit.parse(seed('business-unit-create.201.json'))
    expect(unit).toMatchObject({
      name: 'Wealth Management',
      hasAlternativeBranding: false,
      membersCount: 3,
      groupsCount: 2,
    })
  })

  it('members with "YYYY-MM-DD HH:MM:SS" dates parse as Europe/London local time', () => {
    const unit = seed('business-unit-create.201.json') as { members: unknown[] }
    const member = ApiAccount.parse(unit.members[0])
    expect(member.participant.lastInteractionAt).toBe('2026-05-05T18:41:34.000Z')
    expect(member.participant.assignedAdviser).toBeNull()
  })
})

describe('lenient parsing', () => {
  it('understands every documented date format and refuses others', () => {
    expect(parsePlannrDate('2025-04-22T13:44:18+01:00')).toBe('2025-04-22T12:44:18.000Z')
    expect(parsePlannrDate('2026-05-19T21:31:18.737139Z')).toBe('2026-05-19T21:31:18.737Z')
    expect(parsePlannrDate('2026-01-10 09:00:00')).toBe('2026-01-10T09:00:00.000Z')
    expect(parsePlannrDate('2026-07-10 09:00:00')).toBe('2026-07-10T08:00:00.000Z')
    expect(parsePlannrDate('2025-04-02')).toBe('2025-04-02')
    expect(parsePlannrDate('yesterday')).toBeNull()
    expect(parsePlannrDate('2025-13-45T99:00:00Z')).toBeNull()
  })

  it('accepts counts and booleans in their documented spellings', () => {
    const base = {
      uuid: A,
      name: 'n',
      created_at: '2025-04-22T13:44:18+01:00',
      updated_at: '2025-04-22T13:44:18+01:00',
    }
    expect(ApiGroup.parse({ ...base, participants_count: 7 }).participantsCount).toBe(7)
    expect(ApiGroup.parse({ ...base, participants_count: '7' }).participantsCount).toBe(7)
    expect(ApiGroup.safeParse({ ...base, participants_count: 'seven' }).success).toBe(false)
    expect(
      ApiGroup.parse({ ...base, participants: [{ uuid: B, first_name: 'Ann', last_name: 'Lee' }] }).participants,
    ).toEqual([{ uuid: B, name: 'Ann Lee' }])
    const unit = { uuid: C, name: 'BU', brand_colours: { sidebar_text: '#fff' } }
    for (const [raw, expected] of [
      ['true', true],
      ['0', false],
      [1, true],
      [false, false],
    ] as const) {
      expect(ApiBusinessUnit.parse({ ...unit, has_alternative_branding: raw }).hasAlternativeBranding).toBe(expected)
    }
  })

  it('names the field of a really malformed record', () => {
    const result = ApiAccount.safeParse({
      uuid: 12,
      created_at: 'soon',
      updated_at: '2025-04-22T13:44:18+01:00',
      type: 'client',
    })
    expect(result.success).toBe(false)
    const paths = result.error?.issues.map((issue) => issue.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['uuid', 'created_at']))
  })

  it("keeps a record a list names twice once, the first copy (whatever the uuid's letter case)", () => {
    const tag = { uuid: 'ab12cd34-0000-4000-8000-000000000001', name: 'Vulnerable', colour: '#aa0000' }
    const account = ApiAccount.parse({
      uuid: A,
      created_at: '2025-04-22',
      updated_at: '2025-04-22',
      type: 'client',
      tags: [tag, { ...tag, uuid: tag.uuid.toUpperCase(), name: 'Second copy' }],
      custom_fields: [
        { uuid: 'f1', name: 'Risk', value: 'low' },
        { uuid: 'f1', name: 'Risk', value: 'high' },
      ],
      // Two different references that a key made by joining their parts would take for one.
      external_references: [
        { third_party: 'ab', reference: 'c' },
        { third_party: 'a', reference: 'bc' },
        { third_party: 'ab', reference: 'c' },
      ],
    }).participant
    expect(account.tags).toEqual([{ ...tag }])
    expect(account.customFields.map((field) => field.value)).toEqual(['low'])
    expect(account.externalReferences).toEqual([
      { thirdParty: 'ab', reference: 'c' },
      { thirdParty: 'a', reference: 'bc' },
    ])

    const circle = ApiCircle.parse({
      uuid: C,
      name: 'Family',
      accounts: [
        { uuid: A, name: 'Ann' },
        { uuid: A, name: 'Ann' },
      ],
      groups: [
        { uuid: B, name: 'G' },
        { uuid: B.toUpperCase(), name: 'G' },
      ],
      created_at: '2025-04-22',
      updated_at: '2025-04-22',
    })
    expect(circle.accounts).toEqual([{ uuid: A, name: 'Ann' }])
    expect(circle.groups).toEqual([{ uuid: B, name: 'G' }])

    const login = { uuid: 'l1', account: { uuid: A, name: 'A', type: 'employee' } }
    expect(ApiLogins.parse({ data: [login, login] }).logins.map((one) => one.uuid)).toEqual(['l1'])
  })

  it('finds preferred_account_uuid at the top level or on a login', () => {
    const login = (uuid: string, extra: object = {}) => ({
      uuid: `l-${uuid}`,
      account: { uuid, name: 'A', type: 'employee', role: 'owner' },
      firm: { uuid: 'f', name: 'Firm' },
      ...extra,
    })
    expect(ApiLogins.parse({ data: [login(A), login(B)], preferred_account_uuid: B }).preferredAccountUuid).toBe(B)
    expect(ApiLogins.parse({ data: [login(A), login(B, { preferred_account_uuid: A })] }).preferredAccountUuid).toBe(A)
    expect(ApiLogins.parse({ data: [login(A)] }).preferredAccountUuid).toBeNull()
  })

  it('refuses a login whose account is not named by a uuid, naming the field', () => {
    const result = ApiLogins.safeParse({ data: [{ uuid: 'l1', account: { uuid: '7', name: 'A', type: 'employee' } }] })
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['data.0.account.uuid'])
  })

  it('refuses an account, group, circle or business unit not named by a uuid, wherever it is named, with the path', () => {
    const dates = { created_at: '2025-04-22', updated_at: '2025-04-22' }
    for (const hostile of ['7', '', 'x'.repeat(10_000), 'a/b?c#d', '..', '../circles']) {
      const cases: [string, z.ZodType, unknown][] = [
        ['uuid', ApiAccount, { uuid: hostile, type: 'client', ...dates }],
        [
          'assigned_adviser.uuid',
          ApiAccount,
          { uuid: A, type: 'client', assigned_adviser: { uuid: hostile, name: 'Ann' }, ...dates },
        ],
        ['groups.0.uuid', ApiAccount, { uuid: A, type: 'client', groups: [{ uuid: hostile, name: 'G' }], ...dates }],
        ['circles.0.uuid', ApiAccount, { uuid: A, type: 'client', circles: [{ uuid: hostile, name: 'C' }], ...dates }],
        [
          'business_unit.uuid',
          ApiAccount,
          { uuid: A, type: 'client', business_unit: { uuid: hostile, name: 'BU' }, ...dates },
        ],
        ['uuid', ApiGroup, { uuid: hostile, name: 'G', ...dates }],
        [
          'participants.0.uuid',
          ApiGroup,
          { uuid: A, name: 'G', participants: [{ uuid: hostile, name: 'Ann' }], ...dates },
        ],
        [
          'business_unit.uuid',
          ApiGroup,
          { uuid: A, name: 'G', business_unit: { uuid: hostile, name: 'BU' }, ...dates },
        ],
        ['uuid', ApiCircle, { uuid: hostile, name: 'C', ...dates }],
        ['accounts.0.uuid', ApiCircle, { uuid: A, name: 'C', accounts: [{ uuid: hostile, name: 'Ann' }], ...dates }],
        ['groups.0.uuid', ApiCircle, { uuid: A, name: 'C', groups: [{ uuid: hostile, name: 'G' }], ...dates }],
        ['uuid', ApiBusinessUnit, { uuid: hostile, name: 'BU' }],
      ]
      for (const [path, schema, value] of cases)
        expect(schema.safeParse(value).error?.issues.map((issue) => issue.path.join('.'))).toEqual([path])
    }
    // A uuid in capitals is a uuid; ids the app only shows (a tag's, a firm's) are not checked.
    expect(ApiGroup.safeParse({ uuid: A.toUpperCase(), name: 'G', ...dates }).success).toBe(true)
    const shown = { uuid: A, type: 'client', tags: [{ uuid: '7', name: 'T' }], firm: { uuid: '', name: 'F' }, ...dates }
    expect(ApiAccount.safeParse(shown).success).toBe(true)
  })
})
