import type { Firm, Participant } from '../../../shared/plannr/models'

/**
 * Shapes shared by state modules and the components that draw them: list rows (derived from the
 * cache by OfflineAccount), the sidebar's sections and the status bar's view of sync.
 */

/** A participant as the details panel shows them (read by OfflineAccount.details). */
export interface ShownDetails {
  participant: Participant
  firm: Firm | null
  /** The participant's circles that wait to sync (a queued create or edit): marked as such. */
  pendingCircles?: readonly string[]
  /**
   * Read with the group the details were opened from: whether the cache still has them in it (a
   * sync may have found them removed on Plannr). Undefined when not read for a group.
   */
  inGroup?: boolean
}

/** The sidebar's views; Ctrl/Cmd+1..5 go to them by name, skipping a name not listed here. */
export const SECTIONS = ['groups', 'circles', 'businessUnits', 'reviews', 'outbox'] as const
export type Section = (typeof SECTIONS)[number]

export function isSection(name: string): name is Section {
  return (SECTIONS as readonly string[]).includes(name)
}

export interface SyncView {
  running: boolean
  /** 0..1 when known. */
  fraction: number | null
  label: string | null
  error: string | null
  /**
   * The error is a run that could not finish while Plannr answers (a 500, a timeout…): the sync
   * tries again by itself, so it is said politely rather than as an alert.
   */
  errorRetries: boolean
}

/** A group whose participants are being read for the first time. */
export interface GroupLoading {
  /** Members cached so far. */
  done: number
  /** Plannr's count, when known. */
  total: number | null
  /** A pass is under way now (false: offline or waiting for the next sync). */
  running: boolean
}

export interface GroupRow {
  uuid: string
  name: string
  /** Plannr's count until the first full pass is done, then the cache's. */
  count: number | null
  /** Members cached so far (grows page by page during a first pass). */
  cached: number
  /** The participants have been read completely once (or the group exists only here so far). */
  firstPassDone: boolean
  /** The business unit's name for display. */
  businessUnit: string | null
  lastSyncedAt: string | null
  pending: boolean
  /** A change to it met a 404: Plannr no longer has it; it stays listed until that change is discarded. */
  deletedOnPlannr: boolean
}

export interface CircleRow {
  uuid: string
  name: string
  colour: string | null
  people: string[]
  groups: string[]
  pending: boolean
}

export interface BusinessUnitRow {
  uuid: string
  name: string
  members: number | null
  groups: number | null
  pending: boolean
}
