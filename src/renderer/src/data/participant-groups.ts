import { Dexie } from 'dexie'
import { groupRange } from './counts'
import type { PlannrDb } from './db'
import type { Membership } from './records'

/**
 * Which groups a participant is in, without an index on `memberships.participantUuid`.
 *
 * Such an index cost about a sixth of the cache on disk (each entry repeats the membership's
 * two-uuid primary key) and one more entry to write per membership, for a question asked
 * rarely: a participant's details, a rename reaching every group, and whether a participant
 * removed from a group is left in none. A firm has tens or hundreds of groups, so the primary key
 * answers it: first the groups that have memberships (one short key read per group, skipping
 * from one group's range to the next), then a point read of `[group, participant]` in each.
 * Nothing here assumes the groups table and the memberships agree.
 *
 * Read inside a transaction that includes `memberships`.
 */

/** Above this many point reads, reading each group's member keys once is cheaper. */
const POINT_READS_LIMIT = 20_000

/** The uuids of the groups `participantUuid` is a member of. */
export async function groupsOfParticipant(db: PlannrDb, participantUuid: string): Promise<string[]> {
  return (await membershipRowsOf(db, participantUuid)).map((row) => row.groupUuid)
}

async function membershipRowsOf(db: PlannrDb, participantUuid: string): Promise<Membership[]> {
  const groupUuids = await groupsWithMembers(db)
  const rows = await db.memberships.bulkGet(
    groupUuids.map((groupUuid): [string, string] => [groupUuid, participantUuid]),
  )
  return rows.filter((row) => row !== undefined)
}

/** Those of `participantUuids` that are still a member of some group. */
export async function stillInAGroup(db: PlannrDb, participantUuids: readonly string[]): Promise<Set<string>> {
  const inAGroup = new Set<string>()
  if (participantUuids.length === 0) return inAGroup
  const groupUuids = await groupsWithMembers(db)
  if (participantUuids.length * groupUuids.length <= POINT_READS_LIMIT) {
    const keys = participantUuids.flatMap((uuid) => groupUuids.map((groupUuid): [string, string] => [groupUuid, uuid]))
    const rows = await db.memberships.bulkGet(keys)
    rows.forEach((row) => {
      if (row) inAGroup.add(row.participantUuid)
    })
    return inAGroup
  }
  const wanted = new Set(participantUuids)
  for (const groupUuid of groupUuids) {
    const { lower, upper } = groupRange(groupUuid, 1)
    const keys = await db.memberships
      .where('[groupUuid+participantUuid]')
      .between(lower, upper, true, true)
      .primaryKeys()
    for (const [, participantUuid] of keys) if (wanted.has(participantUuid)) inAGroup.add(participantUuid)
  }
  return inAGroup
}

/**
 * Those of `participantUuids` the cache has no reason to hold: a member of no group, and named
 * by no queued removal (discarding that removal puts the membership back, which needs the row).
 * `exceptMarkerOf`: a group whose removal marker does not count (the removal being committed,
 * still on the marker until the markers are recomputed after the commit).
 * Read inside a transaction that includes `memberships` and `groups`.
 */
export async function outsideEveryGroup(
  db: PlannrDb,
  participantUuids: readonly string[],
  exceptMarkerOf?: string,
): Promise<Set<string>> {
  const inAGroup = await stillInAGroup(db, participantUuids)
  const outside = participantUuids.filter((uuid) => !inAGroup.has(uuid))
  if (outside.length === 0) return new Set()
  const held = await heldByQueuedRemovals(db, exceptMarkerOf)
  return new Set(outside.filter((uuid) => !held.has(uuid)))
}

/** Participants some group's queued removals name (its `pendingMembers` marker). */
async function heldByQueuedRemovals(db: PlannrDb, exceptMarkerOf: string | undefined): Promise<Set<string>> {
  const held = new Set<string>()
  await db.groups.each((group) => {
    if (group.uuid !== exceptMarkerOf) group.pendingMembers?.removed.forEach((uuid) => held.add(uuid))
  })
  return held
}

/** Rewrites a participant's membership rows in every group with its new sort and filter keys. */
export async function rekeyMemberships(
  db: PlannrDb,
  participantUuid: string,
  keys: Omit<Membership, 'groupUuid' | 'participantUuid' | 'pass'>,
): Promise<void> {
  const rekeyed = (await membershipRowsOf(db, participantUuid)).map((row): Membership => ({ ...row, ...keys }))
  if (rekeyed.length > 0) await db.memberships.bulkPut(rekeyed)
}

/** Every group uuid some membership names, in key order: one single-key read per group. */
async function groupsWithMembers(db: PlannrDb): Promise<string[]> {
  const groupUuids: string[] = []
  let next = await db.memberships.orderBy(':id').limit(1).primaryKeys()
  while (next[0]) {
    const [groupUuid] = next[0]
    groupUuids.push(groupUuid)
    next = await db.memberships
      .where('[groupUuid+participantUuid]')
      .above([groupUuid, Dexie.maxKey])
      .limit(1)
      .primaryKeys()
  }
  return groupUuids
}
