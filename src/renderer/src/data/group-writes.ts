import type { Ref } from '../../../shared/plannr/models'
import { groupCountKey, groupRange } from './counts'
import type { PlannrDb } from './db'
import { toMembership } from './normalise'
import type { CachedGroup, Membership } from './records'

/**
 * Writes to a group's cache row and its memberships made outside the pull sync (records created
 * or changed in this app). Each keeps the group's invariants in one place: a change of
 * memberships drops the group's cached count (counts.ts), memberships follow the group when its
 * uuid changes, and a membership is only written for a participant the cache has. Call inside a
 * read-write transaction over the tables touched (groups, memberships, participants, meta), so a
 * caller's own row (e.g. an outbox operation) commits with them.
 */

function membershipsOf(db: PlannrDb, groupUuid: string) {
  const { lower, upper } = groupRange(groupUuid, 1)
  return db.memberships.where('[groupUuid+participantUuid]').between(lower, upper, true, true)
}

/** Adds these participants to the group, those the cache knows (a later full pass confirms them). */
export async function addGroupMembers(
  db: PlannrDb,
  groupUuid: string,
  participantUuids: readonly string[],
): Promise<void> {
  const rows = (await db.participants.bulkGet([...participantUuids])).filter((row) => row !== undefined)
  // pass '': no full pass has seen these yet; the next one confirms them.
  await db.memberships.bulkPut(rows.map((participant) => toMembership(groupUuid, participant, '')))
  await db.meta.delete(groupCountKey(groupUuid))
}

export async function removeGroupMembers(
  db: PlannrDb,
  groupUuid: string,
  participantUuids: readonly string[],
): Promise<void> {
  await db.memberships.bulkDelete(participantUuids.map((uuid): [string, string] => [groupUuid, uuid]))
  await db.meta.delete(groupCountKey(groupUuid))
}

/** A new group row with the members the cache knows. */
export async function putNewGroup(
  db: PlannrDb,
  group: CachedGroup,
  participantUuids: readonly string[],
): Promise<void> {
  await db.groups.put(group)
  await addGroupMembers(db, group.uuid, participantUuids)
}

/** Removes a group row and all its memberships. */
export async function deleteGroup(db: PlannrDb, uuid: string): Promise<void> {
  await db.groups.delete(uuid)
  await membershipsOf(db, uuid).delete()
  await db.meta.delete(groupCountKey(uuid))
}

/** Moves a group's memberships to its new uuid (a group created here got its uuid from Plannr). */
export async function moveGroupMembers(db: PlannrDb, from: string, to: string): Promise<void> {
  if (from === to) return
  const rows = await membershipsOf(db, from).toArray()
  if (rows.length === 0) return
  await db.memberships.bulkDelete(rows.map((row): [string, string] => [row.groupUuid, row.participantUuid]))
  await db.memberships.bulkPut(rows.map((row): Membership => ({ ...row, groupUuid: to })))
  await db.meta.bulkDelete([groupCountKey(from), groupCountKey(to)])
}

/**
 * Replaces the row under `oldUuid` by `group` (the same group under Plannr's uuid, or a newer
 * copy). `old` is that row when the caller has read it already.
 */
export async function replaceGroup(
  db: PlannrDb,
  oldUuid: string,
  group: CachedGroup,
  old?: CachedGroup,
): Promise<void> {
  // The notes of committed membership changes belong to the group, not to one copy of it: a newer
  // copy (Plannr's answer to a rename) dropping them would let a sync that read the members before
  // a removal bring the removed member back (member-commits.ts).
  const memberCommits =
    group.memberCommits === undefined ? (old ?? (await db.groups.get(oldUuid)))?.memberCommits : undefined
  if (oldUuid !== group.uuid) await db.groups.delete(oldUuid)
  await db.groups.put(memberCommits ? { ...group, memberCommits } : group)
  await moveGroupMembers(db, oldUuid, group.uuid)
}

/** Changes some fields of a group row (nothing when the row is gone). */
export async function updateGroupRow(
  db: PlannrDb,
  uuid: string,
  changes: Partial<Omit<CachedGroup, 'uuid'>>,
): Promise<void> {
  await db.groups.update(uuid, changes)
}

/** The group's business unit got Plannr's uuid: its row shows that uuid. */
export async function renameGroupUnitRef(db: PlannrDb, groupUuid: string, from: string, to: string): Promise<void> {
  const group = await db.groups.get(groupUuid)
  const unit: Ref | null | undefined = group?.businessUnit
  if (!unit || unit.uuid !== from) return
  await db.groups.update(groupUuid, { businessUnit: { ...unit, uuid: to } })
}
