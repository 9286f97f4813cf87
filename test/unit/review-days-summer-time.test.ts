import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { orderOfIndex } from '../../src/renderer/src/data/review-order'
import { participantsCsv } from '../../src/renderer/src/lib/participant-csv'
import { parseCsv } from '../../src/shared/csv'
import type { Participant } from '../../src/shared/plannr/models'
import { inReviewWindow, isOverdue, windowSpan, type ReviewWindow } from '../../src/renderer/src/data/reviews'
import { parsePlannrDate } from '../../src/shared/plannr/lenient'

/**
 * Plannr sends review dates as Europe/London midnights (`2026-06-10T00:00:00+01:00` in British
 * Summer Time), which the cache keeps as UTC instants (`2026-06-09T23:00:00.000Z`). The app shows
 * the computer's local day of the instant (10 Jun in London): the windows must count it on that
 * same day, not on the UTC date.
 */
const zone = process.env.TZ

beforeAll(() => {
  process.env.TZ = 'Europe/London'
})

afterAll(() => {
  if (zone === undefined) delete process.env.TZ
  else process.env.TZ = zone
})

const summerMidnight = (day: string): string => {
  const parsed = parsePlannrDate(`${day}T00:00:00+01:00`)
  if (parsed === null) throw new Error(`unparsed ${day}`)
  return parsed
}

describe('review dates in British Summer Time', () => {
  it('a review due today is due today, not overdue', () => {
    const due = summerMidnight('2026-06-10')
    expect(due).toBe('2026-06-09T23:00:00.000Z')
    expect(new Date(due).getDate()).toBe(10)
    expect(isOverdue(due, '2026-06-10')).toBe(false)
    expect(inReviewWindow(due, 'week', '2026-06-10')).toBe(true)
    expect(isOverdue(due, '2026-06-11')).toBe(true)
  })

  it("a window's last day takes that day's reviews and not the next day's", () => {
    // 14 Jun 2026 is a Sunday: the week from Wednesday 10 Jun ends with it.
    expect(inReviewWindow(summerMidnight('2026-06-14'), 'week', '2026-06-10')).toBe(true)
    expect(inReviewWindow(summerMidnight('2026-06-15'), 'week', '2026-06-10')).toBe(false)
    expect(inReviewWindow(summerMidnight('2026-06-30'), 'month', '2026-06-10')).toBe(true)
    expect(inReviewWindow(summerMidnight('2026-07-01'), 'month', '2026-06-10')).toBe(false)
  })

  it('date-only values and winter instants keep their day', () => {
    expect(isOverdue('2026-06-09', '2026-06-10')).toBe(true)
    expect(isOverdue('2026-06-10', '2026-06-10')).toBe(false)
    const winter = parsePlannrDate('2026-01-10T00:00:00+00:00') ?? ''
    expect(isOverdue(winter, '2026-01-10')).toBe(false)
    expect(isOverdue(winter, '2026-01-11')).toBe(true)
  })

  it("the held order's windows (sidebar counts, the Reviews list) count each review on its local day", () => {
    // As the nextReviewDate index lists them: string order, ties by uuid.
    const listed: Array<[string, string]> = [
      ['2026-06-08T23:00:00.000Z', 'due-9-jun'],
      ['2026-06-09', 'date-only-9-jun'],
      ['2026-06-09T23:00:00.000Z', 'due-10-jun'],
      ['2026-06-10', 'date-only-10-jun'],
      ['2026-06-14T23:00:00.000Z', 'due-15-jun'],
    ]
    const order = orderOfIndex(
      listed.map(([date]) => date),
      listed.map(([, uuid]) => uuid),
    )
    const inWindow = (window: ReviewWindow): string[] => order.uuids.slice(...windowSpan(order, window, '2026-06-10'))
    expect(inWindow('overdue')).toEqual(['due-9-jun', 'date-only-9-jun'])
    expect(inWindow('week')).toEqual(['due-10-jun', 'date-only-10-jun'])
    expect(inWindow('month')).toEqual(['due-10-jun', 'date-only-10-jun', 'due-15-jun'])
  })
})

/** A client with nothing but names and dates. */
function aClient(): Participant {
  return {
    uuid: 'p-1',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-02T00:00:00.000Z',
    type: 'client',
    role: 'individual',
    firstName: 'Jane',
    lastName: 'Doe',
    name: 'Jane Doe',
    email: null,
    firmUuid: null,
    primaryEmail: null,
    primaryPhone: null,
    assignedAdviser: null,
    assignedAdministrator: null,
    assignedParaplanner: null,
    introducedBy: null,
    businessUnit: null,
    groups: [],
    tags: [],
    owners: [],
    circles: [],
    customFields: [],
    externalReferences: [],
    firstContactDate: null,
    nextReviewDate: null,
    previousReviewDate: null,
    anniversaryReviewDate: null,
    inactiveAt: null,
    lastInteractionAt: null,
    hasJointAccount: null,
  }
}

describe('the CSV export in British Summer Time', () => {
  it('writes the next review on the day the table shows it', () => {
    const client = { ...aClient(), nextReviewDate: summerMidnight('2026-06-10') }
    const [header, row] = parseCsv(participantsCsv([client]))
    expect(row?.[header?.indexOf('Next review') ?? -1]).toBe('2026-06-10')
  })

  it('writes the day of the last update the table shows, not its UTC date', () => {
    // 00:30 on 10 June in London is 23:30 on 9 June in UTC.
    const client = { ...aClient(), updatedAt: '2026-06-09T23:30:00.000Z' }
    const [header, row] = parseCsv(participantsCsv([client]))
    expect(row?.[header?.indexOf('Updated') ?? -1]).toBe('2026-06-10')
  })
})

describe('review dates west of UTC', () => {
  beforeAll(() => {
    process.env.TZ = 'America/New_York'
  })

  afterAll(() => {
    process.env.TZ = 'Europe/London'
  })

  it('a date-only review among instants is put on its day in the held order', () => {
    // 01:00 UTC on 10 Jun is the evening of 9 Jun in New York: it sorts after the date-only 10 Jun
    // in the index, but is overdue on 10 Jun while the date-only one is due.
    const order = orderOfIndex(['2026-06-10', '2026-06-10T01:00:00.000Z'], ['date-only-10-jun', 'evening-9-jun'])
    expect(order.uuids).toEqual(['evening-9-jun', 'date-only-10-jun'])
    expect(order.days).toEqual(['2026-06-09', '2026-06-10'])
    expect(order.uuids.slice(...windowSpan(order, 'overdue', '2026-06-10'))).toEqual(['evening-9-jun'])
    expect(isOverdue('2026-06-10T01:00:00.000Z', '2026-06-10')).toBe(true)
  })
})
