import type { PlannrDb } from './db'
import type { CachedFirm, CachedGroup, CachedParticipant } from './records'

export interface ParticipantDetails {
  participant: CachedParticipant
  firm: CachedFirm | null
  groups: CachedGroup[]
}

/** One participant with what normalisation took out of it: its firm and its groups. */
export async function getParticipantDetails(db: PlannrDb, uuid: string): Promise<ParticipantDetails | null> {
  const participant = await db.participants.get(uuid)
  if (!participant) return null
  const [firm, groupUuids] = await Promise.all([
    participant.firmUuid ? db.firms.get(participant.firmUuid) : Promise.resolve(undefined),
    db.memberships.where('participantUuid').equals(uuid).primaryKeys(),
  ])
  const groups = await db.groups.bulkGet(groupUuids.map(([groupUuid]) => groupUuid))
  return {
    participant,
    firm: firm ?? null,
    groups: groups.filter((group): group is CachedGroup => group !== undefined),
  }
}
