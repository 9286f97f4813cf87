import type { Participant } from '../../../shared/plannr/models'
import { compactParticipant } from './compact'
import type { PlannrDb } from './db'
import { toCachedParticipant } from './normalise'
import { dropParticipantsInNoGroup } from './prune'
import { markChanged } from './revision'
import { stageSearchChanges } from './search-live'

/**
 * Puts back a participant the cache no longer holds, from the copy the screen still shows: a
 * client removed from their only group leaves the cache once Plannr confirms the removal, and
 * "Undo" adds them back to the group, which shows only for participants the cache has. A row
 * the cache already has is left as it is (it may be newer than the screen's copy).
 */
export async function restoreParticipant(db: PlannrDb, participant: Participant): Promise<boolean> {
  let applySearch = (): void => {}
  let restored = false
  await db.transaction('rw', [db.participants, db.meta], async () => {
    if (await db.participants.get(participant.uuid)) return
    const row = toCachedParticipant(participant)
    await db.participants.put(compactParticipant(row))
    applySearch = await stageSearchChanges(db, [row], [])
    restored = true
  })
  applySearch()
  if (restored) markChanged(db)
  return restored
}

/**
 * Takes back a participant restoreParticipant put back when the add it was put back for was
 * refused (the group is gone meanwhile): left in no group, nothing would ever remove the row, and
 * the client would stay in quick search and Reviews for good. Kept if a group has them after all.
 */
export async function unrestoreParticipant(db: PlannrDb, participantUuid: string): Promise<void> {
  let applySearch = (): void => {}
  await db.transaction('rw', [db.groups, db.memberships, db.participants, db.meta], async () => {
    applySearch = await dropParticipantsInNoGroup(db, [participantUuid])
  })
  applySearch()
  markChanged(db)
}
