import type { GroupSyncState, PlannrDb } from '../data'

function emptyGroupState(groupUuid: string): GroupSyncState {
  return { groupUuid, full: null, lastFullSyncAt: null, lastIncrementalAt: null, highWater: null }
}

export async function loadGroupState(db: PlannrDb, groupUuid: string): Promise<GroupSyncState> {
  return (await db.syncState.get(groupUuid)) ?? emptyGroupState(groupUuid)
}
