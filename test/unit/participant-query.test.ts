import { describe, expect, it } from 'vitest'
import {
  defaultParticipantQuery,
  foldText,
  matchesParticipant,
  parseParticipantQuery,
  participantQueryToParams,
  participantSortKey,
  runParticipantQuery,
  type ParticipantQuery,
  type QueryableParticipant,
} from '../../src/shared/plannr/participant-query'

function participant(uuid: string, firstName: string, lastName: string, extra: Partial<QueryableParticipant> = {}) {
  return {
    uuid,
    firstName,
    lastName,
    name: `${firstName} ${lastName}`,
    type: 'client',
    role: 'individual',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  }
}

const people = [
  participant('00000000-0000-4000-8000-000000000003', 'Zoë', 'Adams', { createdAt: '2026-01-03T00:00:00Z' }),
  participant('00000000-0000-4000-8000-000000000001', 'adam', 'Zane', { type: 'employee', role: null }),
  participant('00000000-0000-4000-8000-000000000002', 'Adam', 'Young', { createdAt: '2026-01-02T09:00:00+09:00' }),
  participant('00000000-0000-4000-8000-000000000004', 'Émile', 'Brown', { type: 'external', role: 'member' }),
]
const uuids = (query: Partial<ParticipantQuery>): string[] =>
  runParticipantQuery(people, defaultParticipantQuery({ perPage: 50, ...query })).items.map((p) => p.uuid.slice(-1))
const parse = (query: string) => parseParticipantQuery(new URLSearchParams(query))

// The one definition of a participant list query, shared by the sandbox and the cache.
describe('participant query: parsing the API’s query string', () => {
  it('defaults to name ascending, page 1, 15 per page, no filters', () => {
    expect(parse('')).toEqual({ ok: true, query: defaultParticipantQuery() })
  })

  it('reads comma lists (trimmed, blanks dropped), lower-cases uuids and trims the name', () => {
    const parsed = parse(
      'filter[uuid]=ABC, def,&filter[type]=client,employee&filter[role]=individual&filter[name]=%20jo%20',
    )
    expect(parsed).toMatchObject({
      ok: true,
      query: { uuids: ['abc', 'def'], types: ['client', 'employee'], roles: ['individual'], name: 'jo' },
    })
  })

  it('reads a descending sort and paging', () => {
    expect(parse('sort=-updated_at&page=3&per_page=500')).toMatchObject({
      ok: true,
      query: { sort: { field: 'updated_at', direction: 'desc' }, page: 3, perPage: 500 },
    })
  })

  it('refuses bad values with Laravel-style field errors, all at once', () => {
    const parsed = parse('filter[type]=client,robot&filter[role]=boss&sort=-email&per_page=501&page=0')
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(Object.keys(parsed.errors).sort()).toEqual(['filter.role', 'filter.type', 'page', 'per_page', 'sort'])
    expect(parsed.errors['filter.type']?.[0]).toMatch(/"robot" is invalid/)
    expect(parsed.errors.sort?.[0]).toMatch(/`email` is not allowed/)
  })

  it('refuses paging that is not a whole number', () => {
    for (const bad of ['per_page=0', 'per_page=1.5', 'page=-1', 'page=two']) expect(parse(bad).ok, bad).toBe(false)
  })

  it('round-trips through the query string main sends', () => {
    const query = defaultParticipantQuery({
      uuids: ['abc'],
      name: 'jo',
      types: ['client'],
      roles: ['individual', 'member'],
      sort: { field: 'created_at', direction: 'desc' },
      page: 2,
      perPage: 100,
    })
    expect(parseParticipantQuery(participantQueryToParams(query))).toEqual({ ok: true, query })
  })
})

describe('participant query: matching, sorting and paging', () => {
  it('matches filter[name] as a case- and accent-insensitive substring of first, last or full name', () => {
    expect(uuids({ name: 'ADAM' })).toEqual(['2', '1', '3'])
    expect(uuids({ name: 'emile b' })).toEqual(['4'])
    expect(uuids({ name: 'zoe' })).toEqual(['3'])
    expect(uuids({ name: 'nobody' })).toEqual([])
  })

  it('ANDs the filters and treats each list as any-of; a null role never matches a role filter', () => {
    expect(uuids({ types: ['client', 'employee'], name: 'adam' })).toEqual(['2', '1', '3'])
    expect(uuids({ roles: ['individual', 'member'] })).toEqual(['2', '4', '3'])
    expect(uuids({ uuids: ['00000000-0000-4000-8000-000000000002'], types: ['employee'] })).toEqual([])
  })

  it('matches uuids whatever their case on the participant', () => {
    const upper = participant('ABCDEF00-0000-4000-8000-000000000009', 'Up', 'Per')
    expect(
      matchesParticipant(upper, defaultParticipantQuery({ uuids: ['abcdef00-0000-4000-8000-000000000009'] })),
    ).toBe(true)
  })

  it('sorts names folded, breaking ties by uuid, and descending is the exact reverse', () => {
    // "adam Zane" and "Adam Young" tie on first name: uuid decides.
    expect(uuids({ sort: { field: 'first_name', direction: 'asc' } })).toEqual(['1', '2', '4', '3'])
    expect(uuids({ sort: { field: 'first_name', direction: 'desc' } })).toEqual(['3', '4', '2', '1'])
    expect(uuids({ sort: { field: 'last_name', direction: 'asc' } })).toEqual(['3', '4', '2', '1'])
  })

  it('sorts dates as instants, whatever their offset', () => {
    // 2026-01-02T09:00+09:00 is 2026-01-02T00:00Z: after the three on 1 Jan, before 3 Jan.
    expect(uuids({ sort: { field: 'created_at', direction: 'asc' } })).toEqual(['1', '4', '2', '3'])
    expect(participantSortKey(people[2] as QueryableParticipant, 'created_at')).toBe('2026-01-02T00:00:00.000Z')
  })

  it('pages after sorting and reports the total of all matches', () => {
    const page2 = runParticipantQuery(people, defaultParticipantQuery({ page: 2, perPage: 3 }))
    expect(page2.total).toBe(4)
    expect(page2.items.map((p) => p.uuid.slice(-1))).toEqual(['3'])
    expect(runParticipantQuery(people, defaultParticipantQuery({ page: 3, perPage: 3 })).items).toEqual([])
  })

  it('folds text the same way for matching and for sort keys', () => {
    expect(foldText('ÉMILE Zoë ﬁne')).toBe('emile zoe fine')
    expect(participantSortKey(people[3] as QueryableParticipant, 'name')).toBe('emile brown')
  })
})
