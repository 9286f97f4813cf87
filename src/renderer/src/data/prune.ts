import type { Table } from 'dexie'
import type { PlannrDb } from './db'
import { groupCountKey, groupRange } from './counts'
import { syncMayWrite } from './local-revision'
import { heldMembers } from './member-commits'
import { outsideEveryGroup, stillInAGroup } from './participant-groups'
import type { Pending } from './records'
import { markChanged } from './revision'
import { stageSearchChanges } from './search-live'

/**
 * The only code that deletes synced data. Callers (reconciliation) must only call it with
 * what a COMPLETE server listing proved gone; nothing here decides that.
 */

/**
 * Uuids of the group's cached members that a complete pass did not see: `seen` is what it read
 * (pass-seen.ts). Rows a pass of the older design marked with its id (`pass`) count as seen too,
 * so a pass interrupted before an upgrade still resumes without asking about its first pages.
 */
export async function membersNotSeen(
  db: PlannrDb,
  groupUuid: string,
  seen: ReadonlySet<string>,
  pass: string,
): Promise<string[]> {
  const { lower, upper } = groupRange(groupUuid, 1)
  // Keys first: after a pass that saw every member (the usual case) no row needs reading at all.
  const keys = await db.memberships.where('[groupUuid+participantUuid]').between(lower, upper, true, true).primaryKeys()
  const unseen = keys.filter(([, participantUuid]) => !seen.has(participantUuid))
  if (unseen.length === 0) return []
  const rows = await db.memberships.bulkGet(unseen)
  return rows.flatMap((row) => (row && row.pass !== pass ? [row.participantUuid] : []))
}

/**
 * Removes memberships that a server read which began at local revision `readRevision` proved
 * gone, then any participant left in no group (and not pending, nor named by a queued removal:
 * discarding that removal puts the membership back, which needs the row).
 */
export async function removeMemberships(
  db: PlannrDb,
  groupUuid: string,
  participantUuids: string[],
  readRevision: number,
): Promise<void> {
  if (participantUuids.length === 0) return
  let applySearch = (): void => {}
  await db.transaction('rw', [db.memberships, db.participants, db.meta, db.groups], async () => {
    // A participant the user added offline is not on the server yet: keep it until the add is
    // sent; one whose add was committed after the read began is on the server now.
    const { added } = heldMembers(await db.groups.get(groupUuid), readRevision)
    const gone = participantUuids.filter((uuid) => !added.has(uuid))
    await db.memberships.bulkDelete(gone.map((uuid): [string, string] => [groupUuid, uuid]))
    applySearch = await dropOutsideEveryGroup(db, gone)
    await db.meta.delete(groupCountKey(groupUuid))
  })
  applySearch()
  markChanged(db)
}

/**
 * Removes groups a listing that began at local revision `readRevision` no longer had, with their
 * memberships: never pending ones, nor ones the outbox committed after the listing began.
 */
export async function removeGroups(db: PlannrDb, groupUuids: string[], readRevision: number): Promise<void> {
  if (groupUuids.length === 0) return
  let applySearch = (): void => {}
  await db.transaction('rw', [db.groups, db.memberships, db.participants, db.syncState, db.meta], async () => {
    const members: string[] = []
    for (const groupUuid of groupUuids) {
      const group = await db.groups.get(groupUuid)
      if (!syncMayWrite(group, readRevision)) continue
      const { lower, upper } = groupRange(groupUuid, 1)
      const rows = db.memberships.where('[groupUuid+participantUuid]').between(lower, upper, true, true)
      const uuids = (await rows.primaryKeys()).map(([, participantUuid]) => participantUuid)
      await rows.delete()
      members.push(...uuids)
      await db.groups.delete(groupUuid)
      await db.syncState.delete(groupUuid)
      await db.meta.delete(groupCountKey(groupUuid))
    }
    applySearch = await dropOutsideEveryGroup(db, members)
  })
  applySearch()
  markChanged(db)
}

/** Removes circles / business units a listing that began at `readRevision` no longer had (as removeGroups). */
export async function removeMissing<T extends { uuid: string } & Pending>(
  table: Table<T, string>,
  seen: ReadonlySet<string>,
  readRevision: number,
): Promise<number> {
  return table.db.transaction('rw', table, async () => {
    const gone = (await table.toArray())
      .filter((row) => !seen.has(row.uuid) && syncMayWrite(row, readRevision))
      .map((row) => row.uuid)
    await table.bulkDelete(gone)
    return gone.length
  })
}

/**
 * After the outbox committed a removal from `groupUuid`: the participants it left in no group (and
 * not pending) leave the cache, as a full pass would drop them after the same removal made on
 * Plannr (the cache holds the people of the user's groups). Those another queued removal still
 * names stay until it is sent: discarding it puts their membership back, which needs their row.
 * Call inside the commit's transaction (it needs groups, memberships, participants and meta);
 * returns what to call once it committed (the search index follows).
 */
export async function dropParticipantsInNoGroup(
  db: PlannrDb,
  groupUuid: string,
  participantUuids: readonly string[],
): Promise<() => void> {
  return dropOutsideEveryGroup(db, participantUuids, groupUuid)
}

/**
 * After the outbox took back memberships it had shown (a queued add or a pending new group
 * discarded, or cancelled by a later edit): the participants left in no group leave the cache, as
 * after a removal Plannr confirmed (a client put back by an Undo and removed again would otherwise
 * stay in quick search and Reviews for good). Those a queued removal still names stay: discarding
 * that removal puts their membership back, which needs their row. Call inside the outbox's
 * transaction, after every cache change it makes (a rewritten add may show some of them again);
 * returns what to call once it committed (the search index follows).
 */
export async function dropParticipantsTakenOutOfEveryGroup(
  db: PlannrDb,
  participantUuids: readonly string[],
): Promise<() => void> {
  return dropOutsideEveryGroup(db, participantUuids)
}

async function dropOutsideEveryGroup(
  db: PlannrDb,
  participantUuids: readonly string[],
  exceptMarkerOf?: string,
): Promise<() => void> {
  const outside = await outsideEveryGroup(db, participantUuids, exceptMarkerOf)
  return stageSearchChanges(db, [], await deleteOrphans(db, [...outside]))
}

/** Deletes the participants left in no group (and not pending); returns their uuids. */
async function deleteOrphans(db: PlannrDb, participantUuids: string[]): Promise<string[]> {
  const deleted: string[] = []
  const inAGroup = await stillInAGroup(db, participantUuids)
  for (const uuid of participantUuids) {
    if (inAGroup.has(uuid)) continue
    const participant = await db.participants.get(uuid)
    if (!participant || participant.pendingOpId) continue
    await db.participants.delete(uuid)
    deleted.push(uuid)
  }
  return deleted
}
