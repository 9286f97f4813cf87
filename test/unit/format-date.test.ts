import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// A date-only value (a next review, a birthday) names a calendar day, the same day wherever the
// adviser is; an instant (created, updated) is shown in the computer's own time zone.
const zone = process.env.TZ

beforeAll(() => {
  // UTC+14, the furthest east: noon UTC there is already 2 am the next day.
  process.env.TZ = 'Pacific/Kiritimati'
})
afterAll(() => {
  if (zone === undefined) delete process.env.TZ
  else process.env.TZ = zone
})

describe('formatDate far east of UTC', () => {
  it('shows a date-only value on its own day, and an instant on the local day', async () => {
    // Imported once the zone is in force: its formatters are made when the module loads.
    const { formatDate } = await import('../../src/renderer/src/lib/format')
    expect(new Date('2026-03-05T12:00:00Z').getDate()).toBe(6) // the zone is in force
    expect(formatDate('2026-03-05')).toBe('5 Mar 2026')
    expect(formatDate('2026-12-31')).toBe('31 Dec 2026')
    expect(formatDate('2026-03-05T20:00:00Z')).toBe('6 Mar 2026')
    // A day that does not exist is shown as missing, not thrown at the screen drawing it.
    expect(formatDate('2026-13-01')).toBe('—')
  })
})
