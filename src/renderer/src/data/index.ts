export { DEFAULT_DB_NAME, PlannrDb, SCHEMA_V1, openPlannrDatabases, type Durability, type PlannrDatabases } from './db'
export type * from './records'
export {
  ingestBusinessUnits,
  ingestCircles,
  ingestGroups,
  ingestParticipants,
  type IngestParticipantsOptions,
} from './ingest'
export {
  countGroupParticipants,
  pageGroupParticipants,
  queryGroupParticipants,
  type GroupPage,
  type GroupPageRequest,
  type PageCursor,
} from './group-query'
export { countGroupMembers } from './counts'
export { searchParticipants } from './search'
export { compactParticipant, expandParticipant } from './compact'
export { searchTokens, searchWords } from './search-words'
export { getParticipantDetails, type ParticipantDetails } from './details'
export { membersNotSeenBy, removeGroups, removeMemberships, removeMissing } from './prune'
export type { ParticipantFilters } from './participant-filter'
export { markChanged, revisionOf } from './revision'
