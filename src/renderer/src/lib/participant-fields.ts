import type { Participant, Ref } from '../../../shared/plannr/models'

/**
 * The labelled parts of a participant that the details panel and the printed client sheet both
 * show, so the two always agree on what is listed and in which order.
 */
export function emailOf(participant: Participant): string | null {
  return participant.primaryEmail?.value ?? participant.email ?? null
}

export function phoneOf(participant: Participant): string | null {
  return participant.primaryPhone?.formatted ?? participant.primaryPhone?.value ?? null
}

export function teamOf(participant: Participant): Array<[string, Ref | null]> {
  return [
    ['Adviser', participant.assignedAdviser],
    ['Paraplanner', participant.assignedParaplanner],
    ['Administrator', participant.assignedAdministrator],
    ['Introduced by', participant.introducedBy],
  ]
}

export function reviewsOf(participant: Participant): Array<[string, string | null]> {
  return [
    ['Next review', participant.nextReviewDate],
    ['Previous review', participant.previousReviewDate],
    ['Anniversary review', participant.anniversaryReviewDate],
    ['First contact', participant.firstContactDate],
  ]
}
