import type { ParticipantSort, ParticipantSortField } from '../../../shared/plannr/participant-query'
import type { Participant } from '../../../shared/plannr/models'
import {
  type CachedParticipant,
  groupRange,
  hasFilters,
  type Membership,
  membershipMatcher,
  normaliseFilters,
  type PlannrDb,
} from '../data'
import type { ParticipantFiltersInput, ParticipantSource } from './group-participants.svelte'

const SORT_COLUMN: Record<ParticipantSortField, keyof Membership> = {
  name: 'kName',
  first_name: 'kFirst',
  last_name: 'kLast',
  created_at: 'kCreated',
  updated_at: 'kUpdated',
  type: 'kType',
}

/**
 * The table's rows from the cache: the ordered participant uuids come from the group's
 * `[groupUuid+<sort key>+participantUuid]` index (keys only, read in one go), and only the rows
 * on screen are fetched. Same order as queryGroupParticipants, which the parity test checks
 * against the API.
 */
export function cacheParticipantSource(db: PlannrDb): ParticipantSource {
  return {
    async orderedUuids(groupUuid: string, input: ParticipantFiltersInput, sort: ParticipantSort): Promise<string[]> {
      const filters = normaliseFilters({ name: input.name, types: input.types, roles: input.roles })
      const index = `[groupUuid+${String(SORT_COLUMN[sort.field])}+participantUuid]`
      const { lower, upper } = groupRange(groupUuid, 2)
      const range = db.memberships.where(index).between(lower, upper, true, true)
      let uuids: string[]
      if (hasFilters(filters)) {
        const matches = membershipMatcher(filters)
        uuids = (await range.toArray()).filter(matches).map((row) => row.participantUuid)
      } else {
        // Primary keys of the index range: a native getAllKeys, no records read.
        uuids = (await range.primaryKeys()).map(([, participantUuid]) => participantUuid)
      }
      return sort.direction === 'desc' ? uuids.reverse() : uuids
    },
    async load(uuids: string[]): Promise<Participant[]> {
      const rows = await db.participants.bulkGet(uuids)
      return rows.filter((row) => row !== undefined).map(toParticipant)
    },
  }
}

/** A cached row as the UI's Participant: without the cache's own columns; groups come from memberships. */
export function toParticipant(row: CachedParticipant): Participant {
  const { words: _words, pendingOpId: _pending, ...participant } = row
  return { ...participant, groups: [] }
}
