import type { CircleRef } from '../../../shared/plannr/models'
import { ACCOUNT_UUIDS_FIELD } from './circle-account-index'
import type { PlannrDb } from './db'
import type { CachedParticipant } from './records'

/** A circle a participant is in, as their details show it. */
export interface ParticipantCircle extends CircleRef {
  /** The circle has a create or an edit queued (its accounts as shown may not be on Plannr yet). */
  pending: boolean
}

/**
 * The circles a participant is in, read from the circles table rather than from the
 * participant's own `circles`. The table is what the outbox keeps current (an added or removed
 * account shows at once, a refused or discarded edit is put back, a created circle takes
 * Plannr's uuid) and what every sync reads whole, whereas the participant's copy changes only
 * when Plannr's copy of the participant is read again, which a circle edit does not cause.
 * Circles the table does not hold at all (its list not read yet, on a first sync) still come
 * from the participant's copy. The circles are found through the table's index by account
 * (circle-account-index.ts): one lookup, whatever the number of circles cached.
 */
export async function circlesOfParticipant(db: PlannrDb, participant: CachedParticipant): Promise<ParticipantCircle[]> {
  const [listing, embedded] = await Promise.all([
    db.circles.where(ACCOUNT_UUIDS_FIELD).equals(participant.uuid).toArray(),
    db.circles.bulkGet(participant.circles.map((circle) => circle.uuid)),
  ])
  const fromTable = listing.sort(byNameThenUuid).map((circle): ParticipantCircle => ({
    uuid: circle.uuid,
    name: circle.name,
    bgColour: circle.bgColour,
    pending: !!circle.pendingOpId,
  }))
  const unknownToTable = participant.circles
    .filter((_, index) => embedded[index] === undefined)
    .map((circle): ParticipantCircle => ({ ...circle, pending: false }))
  return [...fromTable, ...unknownToTable]
}

/** The order of the table's `name` index: by name, then uuid (string order, as IndexedDB's). */
function byNameThenUuid(a: CircleRef, b: CircleRef): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1
  return a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0
}
