/** Display helpers: dates in en-GB, relative times, initials. Pure functions, easy to test. */

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })
/**
 * A date-only value names a calendar day, not a moment: it is read as that day in UTC and shown
 * in UTC, so no time zone (UTC+12 and beyond, or west of UTC-12) moves it to the day next to it.
 */
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** `YYYY-MM-DD` (date-only) or an ISO instant, shown as "5 Mar 2026" (with time when it has one). */
export function formatDate(value: string | null | undefined, withTime = false): string {
  if (!value) return '—'
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00Z`)
    return Number.isNaN(day.getTime()) ? '—' : dayFormat.format(day)
  }
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return withTime ? dateTimeFormat.format(date) : dateFormat.format(date)
}

const clockFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' })

/** A moment today as a clock reads it, "14:05": when something is tried again. */
export function formatClock(epochMs: number): string {
  return clockFormat.format(epochMs)
}

/** How long until something happens, said roughly: "a few seconds", "40 s", "1 minute", "3 minutes". */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 10) return 'a few seconds'
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.round(seconds / 60)
  return minutes === 1 ? '1 minute' : `${minutes} minutes`
}

/** "just now", "12 min ago", "3 h ago", "2 days ago"; "never" for null. */
export function formatAgo(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never'
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return 'never'
  const minutes = Math.max(0, Math.round((now - then) / 60_000))
  if (minutes < 1) return 'just now'
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  const days = Math.round(hours / 24)
  return days === 1 ? '1 day ago' : `${days} days ago`
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return '?'
  const first = words[0]?.[0] ?? ''
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : ''
  return (first + last).toLocaleUpperCase('en-GB')
}

/**
 * A stable background colour for a name, so the same person always looks the same. Dark enough
 * that white initials reach 4.5:1 on every hue (yellows and cyans are the brightest).
 */
export function colourFor(seed: string): string {
  let hash = 0
  for (const char of seed) hash = (hash * 31 + char.codePointAt(0)!) >>> 0
  return `hsl(${hash % 360} 45% 30%)`
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`
}

export function capitalise(text: string | null | undefined): string {
  if (!text) return '—'
  return text.charAt(0).toLocaleUpperCase('en-GB') + text.slice(1)
}

/** How much of a group is cached: "500 of 2,811" (or "500" while Plannr's count is not known). */
export function partOfTotal(done: number, total: number | null): string {
  return done.toLocaleString('en-GB') + (total === null ? '' : ` of ${total.toLocaleString('en-GB')}`)
}

/**
 * A list's size line: "1,204 participants", or "12 of 1,204 participants" when filters narrow a
 * list of `all` (null: not filtered, or the whole is not known).
 */
export function countText(shown: number, all: number | null, one: string, many = `${one}s`): string {
  if (all === null) return plural(shown, one, many)
  return `${shown.toLocaleString('en-GB')} of ${plural(all, one, many)}`
}

/**
 * A reviews window's count, as the sidebar and the reviews view show it: `unread` until the counts
 * are read, "Syncing…" for none while the first sync has not read the clients yet (none cached is
 * not none due).
 */
export function reviewCountText(count: number | undefined, syncing: boolean, unread: string): string {
  if (count === undefined) return unread
  return count === 0 && syncing ? 'Syncing…' : count.toLocaleString('en-GB')
}
