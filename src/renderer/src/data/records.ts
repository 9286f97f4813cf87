import type { BusinessUnit, Circle, Firm, Group, Participant } from '../../../shared/plannr/models'

/**
 * What the cache stores. These are the app's normalised models (src/shared/plannr/models.ts)
 * plus the few columns the cache needs to answer queries from indexes.
 */

/**
 * Records created offline carry the outbox operation that will create them on Plannr. Sync
 * never deletes a record while it has one (the server cannot know about it yet).
 */
export interface Pending {
  pendingOpId?: string | null
  /**
   * The local revision (local-revision.ts) at which the outbox last wrote Plannr's answer into
   * this row. A sync whose list read began before it leaves the row alone.
   */
  committedRev?: number | null
}

/**
 * Membership changes queued for a group (participants the user added or removed), kept on the
 * group row so sync can tell a participant the user removed (do not bring the membership back)
 * or added (do not prune it) from one the server changed. The outbox recomputes it from its
 * queued operations.
 */
export interface PendingMembers {
  added: string[]
  removed: string[]
}

/** A membership change the outbox committed, at local revision `rev` (member-commits.ts). */
export interface MemberCommit {
  rev: number
  added: string[]
  removed: string[]
}

export type CachedGroup = Group &
  Pending & {
    pendingMembers?: PendingMembers | null
    /** Membership changes committed since the last full pass over the group began (member-commits.ts). */
    memberCommits?: MemberCommit[] | null
    /** When the outbox last wrote Plannr's answer to a create or edit of this group (ISO). */
    committedAt?: string | null
  }

/**
 * A participant as cached. `groups` is dropped (memberships hold it, see Membership) and the
 * firm is a uuid into `firms`. `words` are the folded search words (see search-words.ts),
 * multiEntry-indexed for search-as-you-type.
 */
export type CachedParticipant = Omit<Participant, 'groups'> & { words: string[] } & Pending

type AlwaysStored = 'uuid' | 'createdAt' | 'updatedAt' | 'type' | 'firstName' | 'lastName' | 'name' | 'words'

/**
 * The participant row as written: CachedParticipant without its null fields and empty lists
 * (about a fifth of a typical row). compact.ts converts both ways: writers may store either
 * shape, and a Dexie reading hook (db.ts) expands every row read, so readers always get a
 * full CachedParticipant.
 */
export type StoredParticipant = Pick<CachedParticipant, AlwaysStored> & Partial<Omit<CachedParticipant, AlwaysStored>>

/**
 * Group ↔ participant. The folded sort keys of the participant are copied here so one range read
 * of a group's rows gives everything its orders need (member-keys.ts sorts them in memory); the
 * name keys double as the filter[name] haystack and type/role as the other filters, so a
 * filtered page never has to join the participants table until the page is known.
 */
export interface Membership {
  groupUuid: string
  participantUuid: string
  kName: string
  kFirst: string
  kLast: string
  kType: string
  kCreated: string
  kUpdated: string
  type: string
  role: string | null
  /**
   * Id of the full pass that last saw this membership on the server ('' when only an
   * incremental refresh or a local create has). Reconciliation deletes what a complete pass
   * did not see. Short (the pass's start time in base 36): it is repeated on every row.
   */
  pass: string
}

export type CachedCircle = Circle & Pending
export type CachedBusinessUnit = BusinessUnit & Pending
export type CachedFirm = Firm

/** A full pass over one group's participants that has not finished yet. */
export interface FullPassProgress {
  passId: string
  /** The next page to fetch; everything before it is committed with `pass = passId`. */
  nextPage: number
  lastPage: number | null
  recordsDone: number
  startedAt: string
  /**
   * The newest participant update the server had in the group before the pass read its first
   * page: the high-water mark the pass leaves. Changes made after it, to pages already read
   * included, are newer and the next refresh reads them. Absent on passes saved by earlier
   * versions, which then leave no mark (the next refresh is a full pass).
   */
  highWater?: string | null
}

/**
 * Per-group sync bookkeeping, written in the same transaction as the page it describes so an
 * app killed mid-sync resumes exactly where the database says it was.
 */
export interface GroupSyncState {
  groupUuid: string
  /** Set while a full pass is under way (or was interrupted). */
  full: FullPassProgress | null
  lastFullSyncAt: string | null
  lastIncrementalAt: string | null
  /**
   * The newest participant `updatedAt` (normalised ISO) the server had in this group when the last
   * full pass began, raised by each refresh to the newest it read: incremental stops below it.
   */
  highWater: string | null
}

/** Free-form cached figures: counts, last sync times, the saved search index (a Blob, search-live.ts). */
export interface MetaRow {
  key: string
  value: string | number | Blob | null
  updatedAt: string
}

/**
 * Stored states of an outbox operation (the state machine is in src/renderer/src/outbox/README.md).
 * There is no 'done': a finished operation is deleted in the transaction that records its result.
 */
export type OutboxStatus = 'queued' | 'sending' | 'retry-wait' | 'outcome-unknown' | 'needs-attention' | 'blocked'

/**
 * A stored outbox operation. The outbox (outbox/) owns the semantics; the cache only
 * reserves the table, its indexes and its durability (see db.ts).
 */
export interface OutboxRecord {
  /** ULID (`ulid` package): sortable, unique across restarts. */
  id: string
  /** Monotonic order of enqueueing; the drain loop takes the lowest ready seq. */
  seq: number
  kind: string
  status: OutboxStatus
  payload: unknown
  /** Ids of operations that must succeed first. */
  dependsOn: string[]
  attempts: number
  /** Epoch ms; 0 when ready now. */
  nextAttemptAt: number
  lastError: unknown
  createdAt: string
  /** The record the operation creates (its temporary uuid until Plannr answers) or changes. */
  subjectUuid: string
  /** An earlier attempt may have reached Plannr: look the record up before sending again. */
  reconcileFirst: boolean
  /**
   * Epoch ms (this computer's clock) when the first request for this operation was about to
   * leave, stored before it left. A record found after an unknown outcome is ours only if Plannr
   * created it at or after this moment. Absent on operations never sent (and on rows stored
   * before the field existed, which fall back to createdAt).
   */
  firstSentAt?: number | null
  /**
   * Plannr's clock as main had just measured it when `firstSentAt` was stamped (offset from ours
   * and that measurement's error), or null when there was no recent measurement. The adoption
   * check moves `firstSentAt` onto Plannr's clock with this rather than with a later reading, which
   * a clock put right in between (after the computer wakes) would shift.
   */
  firstSentClock?: SentClock | null
  /**
   * Epoch ms (this computer's clock) when the latest request that may have reached Plannr was
   * about to leave: stamped with every send, and put back as it was when that send surely was not
   * applied. A record found after an unknown outcome is ours only if Plannr created it before that
   * request could have stopped running there. Absent on operations never sent, and on rows stored
   * before the field existed (which fall back to `firstSentAt`).
   */
  lastSentAt?: number | null
  /** Plannr's clock as main had just measured it when `lastSentAt` was stamped, as `firstSentClock`. */
  lastSentClock?: SentClock | null
}

/** Plannr's clock minus ours at a moment, and how far the truth can be from it (ms). */
export interface SentClock {
  offsetMs: number
  errorMs: number
}
