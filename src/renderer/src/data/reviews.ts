import type { PlannrDb } from './db'
import { reviewDay } from './review-day'
import { boundOf, reviewOrder, type ReviewOrder } from './review-order'

export { localDate } from './review-day'

/**
 * Reviews due, from the `nextReviewDate` index on participants (schema version 3), held in memory
 * as one sorted order (review-order.ts). A participant without a next review has no key in the
 * index (null fields are not stored, see compact.ts) and is in no window. A window is a range of
 * that order found by binary search: its size and its first screen cost no IndexedDB read once
 * the order is held.
 *
 * Windows, all in the computer's local calendar and each starting today (so they nest, except
 * that a week may run into next month):
 * - overdue: before today;
 * - week: today up to and including Sunday (UK weeks run Monday to Sunday);
 * - month: today up to the last day of this month;
 * - quarter: today up to the same day three months ahead (clamped to the month's last day).
 *
 * Review dates are `YYYY-MM-DD` or an ISO instant, each counted on its local day (review-day.ts):
 * the day the app shows it on.
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

/** Whether a review date (`YYYY-MM-DD` or ISO instant) falls in a window, by its local day. */
export function inReviewWindow(value: string | null, window: ReviewWindow, today: string): boolean {
  if (!value) return false
  const day = reviewDay(value)
  if (window === 'overdue') return day < today
  const end = windowEnd(window, today)
  return day >= today && end !== null && day <= end
}

/** A review date before today: shown highlighted in the details panel. */
export function isOverdue(value: string | null, today: string): boolean {
  return inReviewWindow(value, 'overdue', today)
}

/** The positions `[start, end)` of a window in the review order (two binary searches over its days). */
export function windowSpan(order: ReviewOrder, window: ReviewWindow, today: string): [number, number] {
  const first = boundOf(order.days, today, true)
  if (window === 'overdue') return [0, first]
  return [first, boundOf(order.days, windowEnd(window, today) ?? today, false)]
}

/** How many cached participants fall in each window: binary searches over the held order. */
export async function countReviews(db: PlannrDb, today: string): Promise<ReviewCounts> {
  const order = await reviewOrder(db)
  const size = (window: ReviewWindow): number => {
    const [start, end] = windowSpan(order, window, today)
    return end - start
  }
  return { overdue: size('overdue'), week: size('week'), month: size('month'), quarter: size('quarter') }
}

/** The participant uuids of a window, earliest review first (ties by uuid). */
export async function orderedReviews(db: PlannrDb, window: ReviewWindow, today: string): Promise<string[]> {
  const order = await reviewOrder(db)
  return order.uuids.slice(...windowSpan(order, window, today))
}

/**
 * Every participant with a next review, earliest first (ties by uuid): the held order (a sort
 * by next review then costs no IndexedDB read).
 */
export async function orderedByNextReview(db: PlannrDb): Promise<readonly string[]> {
  return (await reviewOrder(db)).uuids
}

/** The start of a list and how long it is, read without reading the rest. */
export interface ListHead {
  uuids: string[]
  /** The list's length; with `counting`, only how many are known so far (the head's). */
  total: number
  /** The head was found without reading the whole list: its length is still being counted. */
  counting?: boolean
}

/**
 * The first `limit` uuids of a window in next review order (ties by uuid, desc the exact reverse)
 * and the window's size, from the held order: the view paints its first screen from this while
 * the whole order is copied out, so opening a window costs the same with 100 reviews due as
 * with 100,000.
 */
export async function reviewsHead(
  db: PlannrDb,
  window: ReviewWindow,
  today: string,
  direction: 'asc' | 'desc',
  limit: number,
): Promise<ListHead> {
  const order = await reviewOrder(db)
  const [start, end] = windowSpan(order, window, today)
  const uuids =
    direction === 'asc'
      ? order.uuids.slice(start, Math.min(end, start + limit))
      : order.uuids.slice(Math.max(start, end - limit), end).reverse()
  return { uuids, total: end - start }
}
