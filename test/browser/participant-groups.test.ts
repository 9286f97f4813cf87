import { describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { toMembership } from '../../src/renderer/src/data/normalise'
import { groupsOfParticipant, rekeyMemberships, stillInAGroup } from '../../src/renderer/src/data/participant-groups'
import { membershipKeys } from '../../src/renderer/src/data/normalise'
import { crowd } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * A participant's groups come from point reads of the memberships' primary key (there is no
 * `participantUuid` index). Checked against a scan of every membership row: the answer must be
 * the same whichever way it is read, with few groups or many, few participants or many.
 */

async function cacheWith(groupCount: number, people: number) {
  const db = new PlannrDb(freshDbName('participant-groups'))
  await db.open()
  const all = crowd(people)
  const groupUuids = Array.from({ length: groupCount }, (_, index) => `group-${String(index).padStart(4, '0')}`)
  await db.groups.bulkPut(
    groupUuids.map((uuid) => ({
      uuid,
      name: uuid,
      slug: null,
      participantsCount: 0,
      participants: null,
      businessUnit: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    })),
  )
  // Person i is in every group whose index divides by (i % 7) + 2; every seventh person in none.
  const rows = all.flatMap((person, i) =>
    i % 7 === 6
      ? []
      : groupUuids.filter((_, g) => g % ((i % 7) + 2) === 0).map((groupUuid) => toMembership(groupUuid, person, '')),
  )
  // A membership whose group has no cached row still counts: the answer reads memberships only.
  const uncached = all[6] ? [toMembership('group-not-cached', all[6], '')] : []
  await db.memberships.bulkPut([...rows, ...uncached])
  return { db, all, groupUuids }
}

/** Every participant's groups, from one scan of every membership row. */
async function scannedGroups(db: PlannrDb): Promise<Map<string, string[]>> {
  const groups = new Map<string, string[]>()
  await db.memberships.each((row) =>
    groups.set(row.participantUuid, [...(groups.get(row.participantUuid) ?? []), row.groupUuid]),
  )
  return groups
}

describe("a participant's groups without an index", () => {
  for (const [groups, people] of [
    [5, 30],
    [400, 70],
  ] as const) {
    it(`${groups} groups, ${people} participants: groups, left in none, renamed in every group`, async () => {
      const { db, all } = await cacheWith(groups, people)
      const uuids = all.map((person) => person.uuid)
      const scanned = await scannedGroups(db)
      for (const uuid of uuids) {
        expect((await groupsOfParticipant(db, uuid)).sort(), uuid).toEqual((scanned.get(uuid) ?? []).sort())
      }

      // Few candidates are point reads; many (candidates x groups above the limit) read each
      // group's keys once: both must say the same.
      const expected = new Set(uuids.filter((uuid) => scanned.has(uuid)))
      expect(scanned.get(all[6]?.uuid ?? '')).toEqual(['group-not-cached'])
      expect(expected.size).toBeLessThan(uuids.length)
      expect(await stillInAGroup(db, uuids)).toEqual(expected)
      expect(await stillInAGroup(db, uuids.slice(0, 3))).toEqual(
        new Set(uuids.slice(0, 3).filter((u) => expected.has(u))),
      )
      expect(await stillInAGroup(db, [])).toEqual(new Set())

      const renamed = all[0]
      if (!renamed) throw new Error('no participant')
      const keys = membershipKeys({ ...renamed, lastName: 'Ångström', name: `${renamed.firstName} Ångström` })
      await db.transaction('rw', [db.groups, db.memberships], () => rekeyMemberships(db, renamed.uuid, keys))
      const after = await db.memberships.filter((row) => row.participantUuid === renamed.uuid).toArray()
      expect(after.length).toBe(scanned.get(renamed.uuid)?.length)
      expect(after.length).toBeGreaterThan(0)
      for (const row of after) expect(row.kLast).toBe(keys.kLast)
      db.close()
    })
  }
})
