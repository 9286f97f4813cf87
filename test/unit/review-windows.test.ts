import { describe, expect, it } from 'vitest'
import { inReviewWindow, isOverdue, localDate, windowEnd } from '../../src/renderer/src/data/reviews'

describe('review windows', () => {
  it('a week ends on Sunday, a month on its last day, three months ahead clamps to a short month', () => {
    expect(windowEnd('week', '2026-11-26')).toBe('2026-11-29') // Thursday
    expect(windowEnd('week', '2026-11-29')).toBe('2026-11-29') // Sunday: just today
    expect(windowEnd('week', '2026-11-30')).toBe('2026-12-06') // Monday
    expect(windowEnd('month', '2026-02-10')).toBe('2026-02-28')
    expect(windowEnd('month', '2028-02-10')).toBe('2028-02-29')
    expect(windowEnd('quarter', '2026-11-30')).toBe('2027-02-28')
    expect(windowEnd('quarter', '2026-10-15')).toBe('2027-01-15')
    expect(windowEnd('overdue', '2026-10-15')).toBeNull()
  })

  it('takes date-only values and instants by their day; overdue is before today', () => {
    expect(isOverdue('2026-11-25', '2026-11-26')).toBe(true)
    expect(isOverdue('2026-11-25T23:59:59.000Z', '2026-11-26')).toBe(true)
    expect(isOverdue('2026-11-26T00:00:00.000Z', '2026-11-26')).toBe(false)
    expect(isOverdue(null, '2026-11-26')).toBe(false)
    expect(inReviewWindow('2026-11-29T22:00:00.000Z', 'week', '2026-11-26')).toBe(true)
    expect(inReviewWindow('2026-11-30', 'week', '2026-11-26')).toBe(false)
    expect(inReviewWindow('2026-11-25', 'month', '2026-11-26')).toBe(false)
  })

  it('today is the local calendar date', () => {
    expect(localDate(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05')
  })

  it('refuses a malformed today instead of guessing', () => {
    expect(() => windowEnd('week', '26/11/2026')).toThrow(/Not a calendar date/)
  })
})
