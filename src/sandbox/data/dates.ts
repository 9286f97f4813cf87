import { londonOffsetMinutes } from '../../shared/plannr/lenient'

/**
 * Plannr renders timestamps in Europe/London local time with the offset ("+01:00" in summer,
 * "+00:00" in winter), some date-only fields as "YYYY-MM-DD" and `last_interaction_at` as
 * "YYYY-MM-DD HH:MM:SS" (documented examples in test/fixtures/plannr-seeds/). The sandbox stores
 * epoch seconds and formats on the way out, reusing the shared BST rule so the client's parser
 * and this formatter cannot disagree.
 */

function londonWallClock(epochSeconds: number): { iso: string; offset: number } {
  const offset = londonOffsetMinutes(epochSeconds * 1000)
  return { iso: new Date((epochSeconds + offset * 60) * 1000).toISOString(), offset }
}

/** "2025-09-17T15:46:52+01:00" */
export function formatTimestamp(epochSeconds: number): string {
  const { iso, offset } = londonWallClock(epochSeconds)
  return `${iso.slice(0, 19)}${offset === 60 ? '+01:00' : '+00:00'}`
}

/** "2026-06-27 09:33:40" (London wall-clock time, no offset, as the docs show it). */
function formatSqlDateTime(epochSeconds: number): string {
  const { iso } = londonWallClock(epochSeconds)
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`
}

/** "2025-09-17" (the London calendar date). */
function formatDateOnly(epochSeconds: number): string {
  return londonWallClock(epochSeconds).iso.slice(0, 10)
}

export const nullableTimestamp = (value: number | null): string | null =>
  value === null ? null : formatTimestamp(value)
export const nullableDateOnly = (value: number | null): string | null => (value === null ? null : formatDateOnly(value))
export const nullableSqlDateTime = (value: number | null): string | null =>
  value === null ? null : formatSqlDateTime(value)
