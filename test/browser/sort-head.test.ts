import { describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { memberKeyTable, MemberKeyTable, SORT_COLUMNS, type MemberKey } from '../../src/renderer/src/data/member-keys'
import { membershipMatcher, normaliseFilters } from '../../src/renderer/src/data/participant-filter'
import { listHead, orderedGroupParticipants } from '../../src/renderer/src/data/participant-read'
import { markChanged } from '../../src/renderer/src/data/revision'
import { PARTICIPANT_SORT_FIELDS, type ParticipantSortField } from '../../src/shared/plannr/participant-query'
import { crowd } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * A sort change on a large group shows its first screen before the new order is sorted: the
 * head (the best rows by one pass over the key table) must be exactly the start of the order
 * sorted in slices in the background, which must be exactly one whole sort's order.
 */

// More than one run of the sliced sort (2,048), so the merge steps are exercised too.
const MEMBERS = 5_000
const FIELDS: ParticipantSortField[] = ['name', ...PARTICIPANT_SORT_FIELDS]
const TODAY = '2026-11-26'

async function bigGroup(): Promise<PlannrDb> {
  const db = new PlannrDb(freshDbName('sort-head'))
  await ingestParticipants(db, 'group-1', crowd(MEMBERS), [], { pass: 'p', readRevision: 0 })
  return db
}

/** One whole sort of the members by `field`, ties by uuid: what the API's order is. */
function wholeSort(members: readonly MemberKey[], field: ParticipantSortField): string[] {
  const column = SORT_COLUMNS[field]
  return [...members]
    .sort((a, b) =>
      a[column] !== b[column] ? (a[column] < b[column] ? -1 : 1) : a.participantUuid < b.participantUuid ? -1 : 1,
    )
    .map((member) => member.participantUuid)
}

describe('the first screen of a sort change', () => {
  it('is the start of the whole order for every field, both directions, filtered or not', async () => {
    const db = await bigGroup()
    const { members } = await memberKeyTable(db, 'group-1')
    const byUuid = new Map(members.map((member) => [member.participantUuid, member]))
    const filters = normaliseFilters({ name: 'sm', types: ['client', 'external'] })
    for (const keep of [null, membershipMatcher(filters)]) {
      for (const field of FIELDS) {
        const ascending = wholeSort(members, field).filter((uuid) => {
          const member = byUuid.get(uuid)
          return member !== undefined && (keep === null || keep(member))
        })
        for (const direction of ['asc', 'desc'] as const) {
          // A table of its own, nothing sorted: the head is the one pass, not a slice.
          const unsorted = new MemberKeyTable(members)
          const head = unsorted.head(field, direction, 100, keep)
          const whole = direction === 'asc' ? ascending : [...ascending].reverse()
          expect(unsorted.has(field)).toBe(false)
          expect({ uuids: head.members.map((member) => member.participantUuid), total: head.total }).toEqual({
            uuids: whole.slice(0, 100),
            total: whole.length,
          })
        }
      }
    }
    db.close()
  })

  it("through the app's path: a head when offered is the start of the order read after it", async () => {
    const db = await bigGroup()
    const scope = { kind: 'group', groupUuid: 'group-1' } as const
    markChanged(db)
    for (const field of FIELDS) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort = { field, direction }
        const head = await listHead(db, scope, { name: 'mu' }, sort, TODAY, 50)
        const whole = await orderedGroupParticipants(db, 'group-1', { name: 'mu' }, sort)
        if (head !== null) expect(head).toEqual({ uuids: whole.slice(0, 50), total: whole.length })
      }
    }
    db.close()
  })

  it('sorts in slices to the same order as one whole sort, ties by uuid', async () => {
    const db = await bigGroup()
    markChanged(db)
    const table = await memberKeyTable(db, 'group-1')
    for (const field of FIELDS)
      expect((await table.sortedSoon(field)).map((member) => member.participantUuid)).toEqual(
        wholeSort(table.members, field),
      )
    // And when asked at once, mid-way: the rest is finished on the spot, same order.
    const fresh = new MemberKeyTable(table.members)
    for (const field of FIELDS)
      expect(fresh.sorted(field).map((member) => member.participantUuid)).toEqual(wholeSort(table.members, field))
    db.close()
  })

  it('answers a change made while the background is mid-way through sorting: right head, right order', async () => {
    const db = await bigGroup()
    const { members } = await memberKeyTable(db, 'group-1')
    for (const asked of FIELDS) {
      const table = new MemberKeyTable(members)
      table.warmUp(() => true)
      // Let the background run a few of its slices (it yields to every task queued before its own).
      for (let task = 0; task < 3; task++) await new Promise((resolve) => setTimeout(resolve, 0))
      const expected = wholeSort(members, asked)
      if (!table.has(asked)) {
        const head = table.head(asked, 'desc', 100, null)
        expect(head.members.map((member) => member.participantUuid)).toEqual([...expected].reverse().slice(0, 100))
        expect(head.total).toBe(members.length)
      }
      expect((await table.sortedSoon(asked)).map((member) => member.participantUuid)).toEqual(expected)
      // The fields sorted around it are right too.
      for (const field of FIELDS)
        expect((await table.sortedSoon(field)).map((member) => member.participantUuid)).toEqual(
          wholeSort(members, field),
        )
    }
    db.close()
  })
})
