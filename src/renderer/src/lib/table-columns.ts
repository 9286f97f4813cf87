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
  /** A second order the header offers beside its own, shown as a small button (e.g. created beside updated). */
  alsoSort?: { field: ListSortField; label: string }
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
// Wide enough for its header with the sort arrow ("NEXT REVIEW ▲"): it may be the last column.
const REVIEW: Column = { id: 'review', title: 'Next review', width: '130px', sort: 'next_review' }
// Created has no column of its own (the table has no room for two dates): its order sits beside
// Updated's. Wide enough for both buttons ("UPDATED ▲ CREATED"): narrower, they pushed the table
// sideways.
const UPDATED: Column = {
  id: 'updated',
  title: 'Updated',
  width: '172px',
  sort: 'updated_at',
  alsoSort: { field: 'created_at', label: 'created' },
}
const KIND: Column = { id: 'kind', title: 'Type · role', width: 'minmax(120px, 1fr)', sort: 'type' }
const NARROW_NAME: Column = { ...NAME, width: 'minmax(150px, 2fr)' }

/**
 * Narrowing, the email column goes first: the table then shows the address under the name, so
 * nothing is lost. Then type and role merge, then updated and type·role go, and the next review
 * is kept longest after the name: a list about reviews (the Reviews view, a group sorted or
 * filtered by next review) is useless without its dates and Overdue marks, and its header is
 * where a group is sorted by next review.
 */
const LAYOUTS: ColumnLayout[] = [
  { columns: [NAME, TYPE, ROLE, EMAIL, REVIEW, UPDATED], minWidth: 190 + 104 + 112 + 150 + 130 + 172 },
  { columns: [NAME, TYPE, ROLE, REVIEW, UPDATED], minWidth: 190 + 104 + 112 + 130 + 172 },
  { columns: [NAME, KIND, REVIEW, UPDATED], minWidth: 190 + 120 + 130 + 172 },
  { columns: [NAME, KIND, REVIEW], minWidth: 190 + 120 + 130 },
  { columns: [NARROW_NAME, REVIEW], minWidth: 150 + 130 },
]

/** The richest layout that fits `width` pixels (the last one when nothing does). */
export function columnsFor(width: number): ColumnLayout {
  return LAYOUTS.find((layout) => layout.minWidth <= width) ?? (LAYOUTS[LAYOUTS.length - 1] as ColumnLayout)
}
