import type { PlannrDb } from './db'
import { circlesOfParticipant, type ParticipantCircle } from './participant-circles'
import { groupsOfParticipant } from './participant-groups'
import type { CachedFirm, CachedGroup, CachedParticipant } from './records'

export interface ParticipantDetails {
  /** The cached participant, its `circles` those of `circles` below (what to show). */
  participant: CachedParticipant
  firm: CachedFirm | null
  groups: CachedGroup[]
  circles: ParticipantCircle[]
}

/**
 * One participant with what normalisation took out of it (its firm and its groups) and its
 * circles as the circles table has them now (participant-circles.ts).
 */
export async function getParticipantDetails(db: PlannrDb, uuid: string): Promise<ParticipantDetails | null> {
  const participant = await db.participants.get(uuid)
  if (!participant) return null
  const [firm, groupUuids, circles] = await Promise.all([
    participant.firmUuid ? db.firms.get(participant.firmUuid) : Promise.resolve(undefined),
    groupsOfParticipant(db, uuid),
    circlesOfParticipant(db, participant),
  ])
  const groups = await db.groups.bulkGet(groupUuids)
  return {
    participant: { ...participant, circles: circles.map(({ uuid, name, bgColour }) => ({ uuid, name, bgColour })) },
    firm: firm ?? null,
    groups: groups.filter((group): group is CachedGroup => group !== undefined),
    circles,
  }
}
