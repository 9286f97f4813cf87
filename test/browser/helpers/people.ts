import { expandParticipant } from '../../../src/renderer/src/data/compact'
import type { Participant, Ref } from '../../../src/shared/plannr/models'

type Varied = Pick<Participant, 'uuid' | 'createdAt' | 'updatedAt' | 'type' | 'role' | 'firstName' | 'lastName'> &
  Partial<Participant>

/**
 * A participant as the API returns one: what a test varies, everything else absent (null, or an
 * empty list), exactly as the cache expands a stored row.
 */
export function participant(fields: Varied): Participant {
  const {
    words: _words,
    pendingOpId: _pending,
    ...expanded
  } = expandParticipant({ name: `${fields.firstName} ${fields.lastName}`, ...fields, words: [] })
  return { ...expanded, groups: [] }
}

/** A client's email addresses: the primary one (a Home address) and the API's deprecated `email`. */
export interface PersonEmail {
  primary: string
  deprecated: string | null
}

/** A client with only what list and search tests vary: next review, tags, adviser, last name, email. */
export function person(
  uuid: string,
  nextReviewDate: string | null,
  extra: { tags?: string[]; adviser?: Ref; lastName?: string; email?: PersonEmail } = {},
): Participant {
  return participant({
    uuid,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-02T00:00:00.000Z',
    type: 'client',
    role: 'individual',
    firstName: 'Pat',
    lastName: extra.lastName ?? `Person ${uuid}`,
    assignedAdviser: extra.adviser ?? null,
    tags: (extra.tags ?? []).map((name) => ({ uuid: `tag-${name}`, name, colour: null })),
    nextReviewDate,
    ...(extra.email
      ? {
          email: extra.email.deprecated,
          primaryEmail: { label: 'Home', kind: 'email', value: extra.email.primary, formatted: null },
        }
      : {}),
  })
}

const FIRST = ['Zoë', 'zoe', 'Ann', 'Łukasz', 'Ann', 'Ó Súilleabháin', 'Bob', '李', 'anna', 'Émile']
const LAST = ['Müller', 'Muller', 'Smith', 'smith', "O'Brien", 'Ångström', 'Adams', 'Ng', 'Smith', 'Zed']
const TYPES = ['client', 'employee', 'external'] as const

/**
 * The index-th of a deterministic crowd for cache tests: repeated and accented names, shared
 * dates and every type, so orders need their tie-break by uuid. Uuids are distinct up to 10^12.
 */
export function crowdMember(index: number): Participant {
  return participant({
    uuid: `00000000-0000-4000-8000-${String((index * 7919) % 1_000_000_000_000).padStart(12, '0')}`,
    createdAt: `2025-0${1 + (index % 3)}-01T00:00:00.000Z`,
    updatedAt: `2026-0${1 + (index % 4)}-0${1 + (index % 2)}T10:00:00+01:00`,
    type: TYPES[index % TYPES.length] ?? 'client',
    role: index % 2 === 0 ? 'individual' : 'joint',
    firstName: FIRST[index % FIRST.length] ?? 'Pat',
    lastName: LAST[(index * 7) % LAST.length] ?? 'Doe',
  })
}

/** The first `count` members of the crowd. */
export function crowd(count: number): Participant[] {
  return Array.from({ length: count }, (_, index) => crowdMember(index))
}
