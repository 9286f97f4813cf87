import { expandParticipant } from '../../../src/renderer/src/data/compact'
import type { Participant } from '../../../src/shared/plannr/models'

const FIRST = ['Zoë', 'zoe', 'Ann', 'Łukasz', 'Ann', 'Ó Súilleabháin', 'Bob', '李', 'anna', 'Émile']
const LAST = ['Müller', 'Muller', 'Smith', 'smith', "O'Brien", 'Ångström', 'Adams', 'Ng', 'Smith', 'Zed']
const TYPES = ['client', 'employee', 'external'] as const

/**
 * The index-th of a deterministic crowd for cache tests: repeated and accented names, shared
 * dates and every type, so orders need their tie-break by uuid. Uuids are distinct up to 10^12.
 */
export function crowdMember(index: number): Participant {
  const firstName = FIRST[index % FIRST.length] ?? 'Pat'
  const lastName = LAST[(index * 7) % LAST.length] ?? 'Doe'
  // Everything not set here is absent (null, or an empty list), as the cache expands a stored row.
  const {
    words: _words,
    pendingOpId: _pending,
    ...participant
  } = expandParticipant({
    uuid: `00000000-0000-4000-8000-${String((index * 7919) % 1_000_000_000_000).padStart(12, '0')}`,
    createdAt: `2025-0${1 + (index % 3)}-01T00:00:00.000Z`,
    updatedAt: `2026-0${1 + (index % 4)}-0${1 + (index % 2)}T10:00:00+01:00`,
    type: TYPES[index % TYPES.length] ?? 'client',
    role: index % 2 === 0 ? 'individual' : 'joint',
    firstName,
    lastName,
    name: `${firstName} ${lastName}`,
    words: [],
  })
  return { ...participant, groups: [] }
}

/** The first `count` members of the crowd. */
export function crowd(count: number): Participant[] {
  return Array.from({ length: count }, (_, index) => crowdMember(index))
}
