import {
  filterChoices,
  listHead,
  loadParticipants,
  localDate,
  orderedListParticipants,
  toParticipant,
  type PlannrDb,
} from '../data'
import type { ParticipantSource } from './group-participants.svelte'

/**
 * The participants table's source over one cache: orders and filters from data/participant-read
 * (a group's in-memory key table), rows by uuid. The app, the table tests and the bench all read
 * through this one function.
 */
export function cacheParticipantSource(db: PlannrDb): ParticipantSource {
  return {
    orderedUuids: (scope, filters, sort) => orderedListParticipants(db, scope, filters, sort, localDate()),
    head: (scope, filters, sort, limit) => listHead(db, scope, filters, sort, localDate(), limit),
    load: async (uuids) => (await loadParticipants(db, uuids)).map(toParticipant),
    choices: (uuids) => filterChoices(db, uuids),
  }
}
