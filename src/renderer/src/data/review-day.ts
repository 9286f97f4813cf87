/**
 * The computer's local calendar days of review dates. Plannr sends a review date as an instant
 * at Europe/London midnight (`2026-06-10T00:00:00+01:00` in British Summer Time), which the cache
 * keeps in UTC (`2026-06-09T23:00:00.000Z`), or as a date-only `YYYY-MM-DD`. The app shows an
 * instant's local day (10 Jun in London), and today is a local day too, so the review windows
 * compare local days: comparing the UTC text with today counted such a review overdue on the day
 * it was due.
 */

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** The local calendar date of `now`, `YYYY-MM-DD`. */
export function localDate(now: Date = new Date()): string {
  const pad = (value: number): string => String(value).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/**
 * The local day a review date falls on: a date-only value is that day (it has no time zone),
 * an instant the local day of the instant. Text that is neither keeps its first ten characters.
 */
export function reviewDay(value: string): string {
  if (DATE_ONLY.test(value)) return value
  const time = Date.parse(value)
  return Number.isNaN(time) ? value.slice(0, 10) : localDate(new Date(time))
}

/**
 * reviewDay for many values: the cache holds one instant per participant, mostly midnights, so
 * the day of each distinct minute is worked out once.
 */
export function reviewDays(): (value: string) => string {
  const known = new Map<string, string>()
  return (value) => {
    const minute = value.slice(0, 16)
    const cached = value.endsWith('Z') ? known.get(minute) : undefined
    if (cached !== undefined) return cached
    const day = reviewDay(value)
    if (value.endsWith('Z')) known.set(minute, day)
    return day
  }
}
