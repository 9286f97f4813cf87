import type { ListSortField } from '../data'

/**
 * Which columns the participants table shows at a given width. Name (with avatar) is always
 * there; as the table narrows, columns merge (type and role in one cell; email under the name)
 * or go, rather than pushing the table wider than its pane.
 */
export type ColumnId = 'name' | 'kind' | 'type' | 'role' | 'email' | 'review' | 'updated'

export interface Column {
  id: ColumnId
  title: string
  /** A CSS grid track. */
  width: string
  /** The sort field behind the header's button, if it sorts. */
  sort: ListSortField | null
}

export interface ColumnLayout {
  columns: Column[]
  /** The narrowest the tracks can be; wider tables share the rest by their `fr`s. */
  minWidth: number
}

const NAME: Column = { id: 'name', title: 'Name', width: 'minmax(190px, 2fr)', sort: null }
const TYPE: Column = { id: 'type', title: 'Type', width: '104px', sort: 'type' }
const ROLE: Column = { id: 'role', title: 'Role', width: '112px', sort: null }
const EMAIL: Column = { id: 'email', title: 'Email', width: 'minmax(150px, 1.6fr)', sort: null }
const REVIEW: Column = { id: 'review', title: 'Next review', width: '118px', sort: 'next_review' }
const UPDATED: Column = { id: 'updated', title: 'Updated', width: '116px', sort: 'updated_at' }
const KIND: Column = { id: 'kind', title: 'Type · role', width: 'minmax(120px, 1fr)', sort: 'type' }
const NARROW_NAME: Column = { ...NAME, width: 'minmax(150px, 2fr)' }

const LAYOUTS: ColumnLayout[] = [
  { columns: [NAME, TYPE, ROLE, EMAIL, REVIEW, UPDATED], minWidth: 190 + 104 + 112 + 150 + 118 + 116 },
  { columns: [NAME, TYPE, ROLE, EMAIL, UPDATED], minWidth: 190 + 104 + 112 + 150 + 116 },
  { columns: [NAME, KIND, EMAIL, UPDATED], minWidth: 190 + 120 + 150 + 116 },
  { columns: [NAME, KIND, UPDATED], minWidth: 190 + 120 + 116 },
  { columns: [NARROW_NAME, KIND], minWidth: 150 + 120 },
]

/** The richest layout that fits `width` pixels (the last one when nothing does). */
export function columnsFor(width: number): ColumnLayout {
  return LAYOUTS.find((layout) => layout.minWidth <= width) ?? (LAYOUTS[LAYOUTS.length - 1] as ColumnLayout)
}
