import { describe, expect, it } from 'vitest'
import { MemberKeyTable, type MemberKey } from '../../src/renderer/src/data/member-keys'
import { mutatedTable } from '../../src/renderer/src/data/revision'
import {
  PARTICIPANT_SORT_FIELDS,
  defaultParticipantQuery,
  participantSortKey,
  runParticipantQuery,
  type ParticipantSortField,
  type QueryableParticipant,
} from '../../src/shared/plannr/participant-query'

/**
 * A group's in-memory key table orders exactly as the query's reference implementation (the
 * one the sandbox answers the API with), on names built to collide: case, accents, prefixes,
 * empty names, non-Latin scripts, equal keys that only the uuid separates, mixed date formats.
 */

const NAMES = [
  '',
  'a',
  'A',
  'ab',
  'Ab',
  'Zoë',
  'zoe',
  'Zoe',
  'Łukasz',
  'lukasz',
  'Ó Sú',
  'o su',
  '李',
  'Ángel',
  'angel',
]
const DATES = ['2025-01-01T00:00:00.000Z', '2025-01-01T01:00:00+01:00', '2024-12-31 23:59:59', '2025-06-01T12:00:00Z']
const TYPES = ['client', 'employee', 'external', 'Client']

function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

function people(count: number, seed: number): QueryableParticipant[] {
  const next = random(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  return Array.from({ length: count }, (_, index) => {
    const firstName = pick(NAMES)
    const lastName = pick(NAMES)
    return {
      uuid: `${Math.floor(next() * 16).toString(16)}0000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      firstName,
      lastName,
      name: `${firstName} ${lastName}`.trim(),
      type: pick(TYPES),
      role: next() < 0.2 ? null : 'individual',
      createdAt: pick(DATES),
      updatedAt: pick(DATES),
    }
  })
}

function keyOf(participant: QueryableParticipant): MemberKey {
  return {
    participantUuid: participant.uuid,
    kName: participantSortKey(participant, 'name'),
    kFirst: participantSortKey(participant, 'first_name'),
    kLast: participantSortKey(participant, 'last_name'),
    kCreated: participantSortKey(participant, 'created_at'),
    kUpdated: participantSortKey(participant, 'updated_at'),
    kType: participantSortKey(participant, 'type'),
    type: participant.type,
    role: participant.role,
  }
}

const FIELDS: ParticipantSortField[] = ['name', ...PARTICIPANT_SORT_FIELDS]

describe('a group key table', () => {
  for (const seed of [1, 2, 3]) {
    it(`orders every field both ways as the reference query does (seed ${seed})`, () => {
      const group = people(400, seed)
      const table = new MemberKeyTable(group.map(keyOf))
      for (const field of FIELDS) {
        for (const direction of ['asc', 'desc'] as const) {
          const reference = runParticipantQuery(
            group,
            defaultParticipantQuery({ sort: { field, direction }, perPage: group.length }),
          ).items.map((participant) => participant.uuid)
          const ascending = table.sorted(field).map((member) => member.participantUuid)
          expect(direction === 'asc' ? ascending : [...ascending].reverse(), `${direction} ${field}`).toEqual(reference)
        }
      }
    })
  }

  it('keeps each computed order: the same array is returned until the table is replaced', () => {
    const table = new MemberKeyTable(people(50, 9).map(keyOf))
    expect(table.has('last_name')).toBe(false)
    expect(table.sorted('last_name')).toBe(table.sorted('last_name'))
    expect(table.has('last_name')).toBe(true)
    expect(table.size).toBe(50)
  })
})

describe('cache change events', () => {
  it('name the database and table that changed', () => {
    expect(mutatedTable('idb://plannr-cache-abc/memberships/')).toBe('plannr-cache-abc/memberships')
    expect(mutatedTable('idb://plannr-cache-abc/memberships/participantUuid')).toBe('plannr-cache-abc/memberships')
    expect(mutatedTable('idb://plannr-cache-abc/memberships/:dels')).toBe('plannr-cache-abc/memberships')
    expect(mutatedTable('idb://a/b/memberships/[groupUuid+participantUuid]')).toBe('a/b/memberships')
    expect(mutatedTable('idb://plannr-cache-abc/participants/words')).toBe('plannr-cache-abc/participants')
    expect(mutatedTable('idb://plannr-cache-abc/memberships')).toBeNull()
    expect(mutatedTable('idb:///memberships/')).toBeNull()
    expect(mutatedTable('idb://db//')).toBeNull()
    expect(mutatedTable('memberships/')).toBeNull()
  })
})
