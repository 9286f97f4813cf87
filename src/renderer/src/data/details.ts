import type { PlannrDb } from './db'
import { groupsOfParticipant } from './participant-groups'
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
    groupsOfParticipant(db, uuid),
  ])
  const groups = await db.groups.bulkGet(groupUuids)
  return {
    participant,
    firm: firm ?? null,
    groups: groups.filter((group): group is CachedGroup => group !== undefined),
  }
}
