/** What the list screens show per row: derived from the cache by Session, drawn by the list components. */

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
