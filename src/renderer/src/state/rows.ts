/**
 * Shapes shared by state modules and the components that draw them: list rows (derived from the
 * cache by Session), the sidebar's sections and the status bar's view of sync.
 */

export type Section = 'groups' | 'circles' | 'businessUnits' | 'outbox'

export interface SyncView {
  running: boolean
  /** 0..1 when known. */
  fraction: number | null
  label: string | null
  error: string | null
}

export interface GroupRow {
  uuid: string
  name: string
  count: number | null
  /** The business unit's name for display, and its uuid for the edit form. */
  businessUnit: string | null
  businessUnitUuid: string | null
  lastSyncedAt: string | null
  pending: boolean
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
