import {
  filterChoices,
  listHead,
  loadParticipants,
  orderedListParticipants,
  toParticipant,
  type PlannrDb,
} from '../data'
import type { ParticipantSource } from './group-participants.svelte'
import { today } from './today.svelte'

/**
 * The participants table's source over one cache: orders and filters from data/participant-read
 * (a group's in-memory key table), rows by uuid. The app, the table tests and the bench all read
 * through this one function. Windows and overdue filters are those of `today`, the day the
 * sidebar's counts are counted on.
 */
export function cacheParticipantSource(db: PlannrDb): ParticipantSource {
  return {
    orderedUuids: (scope, filters, sort) => orderedListParticipants(db, scope, filters, sort, today.current),
    head: (scope, filters, sort, limit) => listHead(db, scope, filters, sort, today.current, limit),
    load: async (uuids) => (await loadParticipants(db, uuids)).map(toParticipant),
    choices: (uuids) => filterChoices(db, uuids),
  }
}
