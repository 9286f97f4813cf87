import type { Participant } from '../../../shared/plannr/models'
import { participantSortKey } from '../../../shared/plannr/participant-query'
import type { CachedParticipant, Membership } from './records'
import { searchWords } from './search-words'

/** The participant as cached: no `groups` (memberships hold them), plus its search words. */
export function toCachedParticipant(participant: Participant): CachedParticipant {
  const { groups: _groups, ...rest } = participant
  return { ...rest, words: searchWords(participant) }
}

type MembershipKeys = Omit<Membership, 'groupUuid' | 'participantUuid' | 'pass'>

/** The folded keys a membership copies from its participant (participantSortKey: the shared semantics). */
export function membershipKeys(participant: Omit<Participant, 'groups'>): MembershipKeys {
  return {
    kName: participantSortKey(participant, 'name'),
    kFirst: participantSortKey(participant, 'first_name'),
    kLast: participantSortKey(participant, 'last_name'),
    kType: participantSortKey(participant, 'type'),
    kCreated: participantSortKey(participant, 'created_at'),
    kUpdated: participantSortKey(participant, 'updated_at'),
    type: participant.type,
    role: participant.role,
  }
}

export function toMembership(groupUuid: string, participant: Omit<Participant, 'groups'>, pass: string): Membership {
  return { groupUuid, participantUuid: participant.uuid, pass, ...membershipKeys(participant) }
}

export function sameKeys(a: MembershipKeys, b: MembershipKeys): boolean {
  return (
    a.kName === b.kName &&
    a.kFirst === b.kFirst &&
    a.kLast === b.kLast &&
    a.kType === b.kType &&
    a.kCreated === b.kCreated &&
    a.kUpdated === b.kUpdated &&
    a.type === b.type &&
    a.role === b.role
  )
}
