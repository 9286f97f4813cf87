import type { Participant } from '../../../shared/plannr/models'
import { compactParticipant } from './compact'
import type { PlannrDb } from './db'
import { toCachedParticipant } from './normalise'
import { stageSearchChanges } from './search-live'

/**
 * Puts back a participant the cache no longer holds, from the copy the screen still shows: a
 * client removed from their only group leaves the cache once Plannr confirms the removal, and
 * "Undo" adds them back to the group, which shows only for participants the cache has. A row
 * the cache already has is left as it is (it may be newer than the screen's copy).
 *
 * Call inside the transaction that queues the add (a read-write one over participants and
 * meta): a row put back without its add would leave the client in no group, in quick search and
 * Reviews for good. Resolves with what to run once that transaction committed.
 */
export async function stageRestoredParticipant(db: PlannrDb, participant: Participant): Promise<() => void> {
  if (await db.participants.get(participant.uuid)) return () => {}
  const row = toCachedParticipant(participant)
  await db.participants.put(compactParticipant(row))
  return stageSearchChanges(db, [row], [])
}
