import type { PlannrDb } from './db'
import { participantsRevisionOf } from './revision'

/**
 * Reviews due, from the `nextReviewDate` index on participants (schema version 3). A participant
 * without a next review has no key in the index (null fields are not stored, see compact.ts), so
 * every read here is an index range: counts are index counts, orders are key-only reads.
 *
 * Windows, all in the computer's local calendar and each starting today (so they nest, except
 * that a week may run into next month):
 * - overdue: before today;
 * - week: today up to and including Sunday (UK weeks run Monday to Sunday);
 * - month: today up to the last day of this month;
 * - quarter: today up to the same day three months ahead (clamped to the month's last day).
 *
 * Review dates are `YYYY-MM-DD` or an ISO instant; both sort by their date part, so a range ends
 * just past its last day's key (`<date>\uffff`) to take timestamps on that day too.
 */

export const REVIEW_WINDOWS = ['overdue', 'week', 'month', 'quarter'] as const
export type ReviewWindow = (typeof REVIEW_WINDOWS)[number]

export const REVIEW_WINDOW_LABELS: Record<ReviewWindow, string> = {
  overdue: 'Overdue',
  week: 'This week',
  month: 'This month',
  quarter: 'Next 3 months',
}

export type ReviewCounts = Record<ReviewWindow, number>

/** The local calendar date of `now`, `YYYY-MM-DD`. */
export function localDate(now: Date = new Date()): string {
  const pad = (value: number): string => String(value).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

function parseDay(day: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) throw new Error(`Not a calendar date: ${day}`)
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
}

function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** The last day (inclusive) of a window that starts today; null for overdue. */
export function windowEnd(window: ReviewWindow, today: string): string | null {
  const date = parseDay(today)
  switch (window) {
    case 'overdue':
      return null
    case 'week': {
      const untilSunday = (7 - date.getUTCDay()) % 7
      return formatDay(new Date(date.getTime() + untilSunday * 86_400_000))
    }
    case 'month':
      return formatDay(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)))
    case 'quarter': {
      const year = date.getUTCFullYear()
      const month = date.getUTCMonth() + 3
      const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
      return formatDay(new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay))))
    }
  }
}

/** Whether a review date (`YYYY-MM-DD` or ISO instant) falls in a window. */
export function inReviewWindow(value: string | null, window: ReviewWindow, today: string): boolean {
  if (!value) return false
  if (window === 'overdue') return value < today
  const end = windowEnd(window, today)
  return value >= today && end !== null && value <= `${end}\uffff`
}

/** A review date before today: shown highlighted in the details panel. */
export function isOverdue(value: string | null, today: string): boolean {
  return inReviewWindow(value, 'overdue', today)
}

function windowRange(db: PlannrDb, window: ReviewWindow, today: string) {
  const index = db.participants.where('nextReviewDate')
  if (window === 'overdue') return index.below(today)
  return index.between(today, `${windowEnd(window, today)}\uffff`, true, true)
}

/** How many cached participants fall in each window: four index counts. */
export async function countReviews(db: PlannrDb, today: string): Promise<ReviewCounts> {
  const [overdue, week, month, quarter] = await Promise.all(
    REVIEW_WINDOWS.map((window) => windowRange(db, window, today).count()),
  )
  return { overdue: overdue ?? 0, week: week ?? 0, month: month ?? 0, quarter: quarter ?? 0 }
}

/** The participant uuids of a window, earliest review first (ties by uuid): keys only. */
export async function orderedReviews(db: PlannrDb, window: ReviewWindow, today: string): Promise<string[]> {
  return windowRange(db, window, today).primaryKeys()
}

/**
 * Every participant with a next review, earliest first (ties by uuid): keys only, kept in memory
 * until the participants change (a sort by next review then costs no IndexedDB read).
 */
export async function orderedByNextReview(db: PlannrDb): Promise<readonly string[]> {
  const revision = participantsRevisionOf(db)
  const known = byNextReview.get(db.name)
  if (known?.revision === revision) return known.order
  const order: Promise<readonly string[]> = db.participants.orderBy('nextReviewDate').primaryKeys()
  byNextReview.set(db.name, { revision, order })
  order.catch(() => {
    if (byNextReview.get(db.name)?.order === order) byNextReview.delete(db.name)
  })
  return order
}

const byNextReview = new Map<string, { revision: number; order: Promise<readonly string[]> }>()

/** The start of a list and how long it is, read without reading the rest. */
export interface ListHead {
  uuids: string[]
  total: number
}

/**
 * The first `limit` uuids of a window in next review order (ties by uuid, desc the exact reverse)
 * and the window's size: a short key read and an index count. The view paints its first screen
 * from this while the whole order (every key of the window) is still being read, so opening a
 * window costs the same with 100 reviews due as with 100,000.
 */
export async function reviewsHead(
  db: PlannrDb,
  window: ReviewWindow,
  today: string,
  direction: 'asc' | 'desc',
  limit: number,
): Promise<ListHead> {
  const keys = windowRange(db, window, today)
  const [uuids, total] = await Promise.all([
    (direction === 'desc' ? keys.reverse() : keys).limit(limit).primaryKeys(),
    windowRange(db, window, today).count(),
  ])
  return { uuids, total }
}
