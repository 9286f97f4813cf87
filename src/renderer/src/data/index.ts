/**
 * The offline cache's public face: everything outside `data/` (state, sync, the outbox) imports
 * from here, never from a file inside, so the cache can be reorganised behind these names.
 * ESLint holds this (the entry-point rule in eslint.config.js). See docs/ARCHITECTURE.md,
 * "Offline cache".
 */
export { openPlannrDatabases, PlannrDb, type Durability, type PlannrDatabases } from './db'
export { readTableAsStored } from './schemaless-read'
export type {
  CachedBusinessUnit,
  CachedCircle,
  CachedFirm,
  CachedGroup,
  CachedParticipant,
  FullPassProgress,
  GroupSyncState,
  Membership,
  MetaRow,
  OutboxRecord,
  OutboxStatus,
  Pending,
  PendingMembers,
  SentClock,
  StoredParticipant,
} from './records'
export { countGroupMembers, groupCountKey, groupRange } from './counts'
export { memberCountAgrees } from './member-count-agrees'
export { ingestAccounts, ingestBusinessUnits, ingestCircles, ingestGroups, ingestParticipants } from './ingest'
export type { IngestParticipantsOptions } from './ingest'
export {
  dropParticipantsInNoGroup,
  dropParticipantsTakenOutOfEveryGroup,
  membersNotSeen,
  removeGroups,
  removeMemberships,
  removeMissing,
} from './prune'
export { forgetPassSeen, loadPassSeen, notePageSeen, UnsavedSeen } from './pass-seen'
export { PassMemberships } from './pass-memberships'
export { PassDigests } from './pass-digests'
export { nextLocalRevision, readLocalRevision, syncMayWrite } from './local-revision'
export { markChanged, revisionOf } from './revision'
export { toCachedParticipant, toMembership } from './normalise'
export { compactParticipant, expandParticipant } from './compact'
export { getParticipantDetails, type ParticipantDetails } from './details'
export { searchTokens, searchWords } from './search-words'
export {
  filtersKey,
  hasFilters,
  membershipMatcher,
  normaliseFilters,
  type NormalisedFilters,
  type ParticipantFilters,
} from './participant-filter'
export {
  countGroupParticipants,
  filterChoices,
  listHead,
  loadParticipants,
  orderedGroupParticipants,
  orderedListParticipants,
  queryGroupParticipants,
  toParticipant,
  type ListFilters,
  type ListSort,
  type ListSortField,
  type ParticipantScope,
} from './participant-read'
export { reviewDay } from './review-day'
export {
  countReviews,
  isOverdue,
  localDate,
  REVIEW_WINDOW_LABELS,
  REVIEW_WINDOWS,
  type ListHead,
  type ReviewCounts,
  type ReviewWindow,
} from './reviews'
export { onReviewOrderChange } from './review-order'
export { forgetMemberCommits, noteMemberCommit } from './member-commits'
export { stampCommitted } from './commit-stamp'
export { createdUuids, forgetCreatedUuidsBefore, noteCreatedUuid } from './created-uuids'
export {
  addGroupMembers,
  deleteGroup,
  moveGroupMembers,
  putNewGroup,
  removeGroupMembers,
  renameGroupUnitRef,
  replaceGroup,
  updateGroupRow,
} from './group-writes'
export { deleteCircle, putCircle, renameCircleGroupRef, replaceCircle, updateCircleRow } from './circle-writes'
export { deleteBusinessUnit, putBusinessUnit, replaceBusinessUnit } from './business-unit-writes'
export { deletePendingRecord } from './pending-record'
export { LiveSearchIndex, type LiveSearchOptions } from './search-live'
export { noteRecentParticipant, recentParticipants } from './recent'
export { stageRestoredParticipant } from './restore-participant'
