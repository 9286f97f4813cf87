import { Dexie } from 'dexie'
import type { GroupSyncState, PlannrDb } from '../data'

function emptyGroupState(groupUuid: string): GroupSyncState {
  return { groupUuid, full: null, lastFullSyncAt: null, lastIncrementalAt: null, highWater: null }
}

export async function loadGroupState(db: PlannrDb, groupUuid: string): Promise<GroupSyncState> {
  return (await db.syncState.get(groupUuid)) ?? emptyGroupState(groupUuid)
}

/** The newest `updatedAt` key among the group's cached members (the last entry of its index). */
export async function newestUpdate(db: PlannrDb, groupUuid: string): Promise<string | null> {
  const last = await db.memberships
    .where('[groupUuid+kUpdated+participantUuid]')
    .between([groupUuid, Dexie.minKey, Dexie.minKey], [groupUuid, Dexie.maxKey, Dexie.maxKey], true, true)
    .last()
  return last?.kUpdated ?? null
}
