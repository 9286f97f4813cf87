import type { Participant } from '../../../shared/plannr/models'
import { toCsv } from '../../../shared/csv'
import { reviewDay } from '../data'

/** The export's columns: what the table shows, plus the phone number, with dates as YYYY-MM-DD. */
export const CSV_HEADER = ['First name', 'Last name', 'Type', 'Role', 'Email', 'Phone', 'Next review', 'Updated']

/** A group's participants as CSV, in the order given (the table's filtered, sorted order). */
export function participantsCsv(rows: readonly Participant[]): string {
  return toCsv(
    CSV_HEADER,
    rows.map((row) => {
      // A participant with neither name part is shown (and exported) by its full name.
      const unnamed = !row.firstName && !row.lastName
      return [
        unnamed ? row.name : row.firstName,
        unnamed ? '' : row.lastName,
        row.type,
        row.role,
        row.primaryEmail?.value ?? row.email,
        row.primaryPhone?.formatted ?? row.primaryPhone?.value ?? null,
        // Local days, as the table and the details show them (an instant's UTC date can be the day before).
        row.nextReviewDate === null ? null : reviewDay(row.nextReviewDate),
        reviewDay(row.updatedAt),
      ]
    }),
  )
}

/** A file name main's save dialog accepts: no folder separators or characters the OS refuses. */
export function safeFileName(base: string, extension: string): string {
  const cleaned = base
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, '-')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 100)
  return `${cleaned || 'Plannr export'}.${extension}`
}
