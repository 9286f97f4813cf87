import { describe, expect, it } from 'vitest'
import { formatAgo } from '../../src/renderer/src/lib/format'
import { describeSync } from '../../src/renderer/src/state/sync-view'
import { stoppedStatus, type SyncProgress, type SyncStatus } from '../../src/renderer/src/sync'

const progress = (extra: Partial<SyncProgress> = {}): SyncProgress => ({
  phase: 'participants',
  groupsDone: 3,
  groupsTotal: 60,
  recordsDone: 1_500,
  recordsTotal: 6_000,
  estimatedRemainingMs: null,
  requests: 4,
  waiting: null,
  ...extra,
})
const syncing = (extra: Partial<SyncProgress> = {}): SyncStatus => ({
  ...stoppedStatus(),
  state: 'syncing',
  progress: progress(extra),
})

/** The status bar's text while Plannr answers, unless the test says it does not. */
const view = (status: SyncStatus, online = true) => describeSync(status, online)

// What the status bar says about the sync.
describe('sync status text', () => {
  it('shows groups and records done, the share done, and the time left when known', () => {
    expect(view(syncing())).toEqual({
      running: true,
      fraction: 0.25,
      label: 'Syncing 3/60 groups · 1,500 records',
      error: null,
      errorRetries: false,
    })
    expect(view(syncing({ estimatedRemainingMs: 41_600 })).label).toBe(
      'Syncing 3/60 groups · 1,500 records · about 42 s left',
    )
    // Under half a second left still says something a person can read.
    expect(view(syncing({ estimatedRemainingMs: 200 })).label).toMatch(/about 1 s left$/)
    expect(view(syncing({ recordsDone: 1 })).label).toBe('Syncing 3/60 groups · 1 record')
  })

  it('has no share while the total is unknown, and never more than all of it', () => {
    expect(view(syncing({ recordsTotal: null })).fraction).toBeNull()
    expect(view(syncing({ recordsTotal: 0 })).fraction).toBeNull()
    expect(view(syncing({ recordsDone: 7_000 })).fraction).toBe(1)
  })

  it('says "Syncing…" before the groups are listed', () => {
    expect(view(syncing({ groupsTotal: 0, groupsDone: 0, recordsTotal: null })).label).toBe('Syncing…')
  })

  it('counts participants of the total while the account plan reads them (no groups to count)', () => {
    const accounts = { groupsTotal: 0, groupsDone: 0, recordsDone: 1_500, recordsTotal: 6_000 }
    expect(view(syncing(accounts))).toEqual({
      running: true,
      fraction: 0.25,
      label: 'Syncing 1,500 of 6,000 participants',
      error: null,
      errorRetries: false,
    })
    expect(view(syncing({ ...accounts, estimatedRemainingMs: 9_000 })).label).toBe(
      'Syncing 1,500 of 6,000 participants · about 9 s left',
    )
    // Groups whose count disagrees get their own pass afterwards: never more than all of them.
    expect(view(syncing({ ...accounts, recordsDone: 6_400 })).label).toBe('Syncing 6,000 of 6,000 participants')
  })

  it('says what it waits for, rounded up to whole seconds', () => {
    expect(view(syncing({ waiting: { reason: 'rate-limited', ms: 27_100 } })).label).toBe(
      'Waiting 28 s (Plannr asked us to slow down)',
    )
    expect(view(syncing({ waiting: { reason: 'retry', ms: 900 } })).label).toBe('Waiting 1 s (retrying)')
  })

  it('while Plannr cannot be reached, says the run is trying to reach it and how far it got, never "Syncing"', () => {
    const offline = false
    expect(view(syncing({ groupsTotal: 0, groupsDone: 0, recordsTotal: null }), offline).label).toBe(
      'Trying to reach Plannr…',
    )
    expect(view(syncing({ estimatedRemainingMs: 41_600 }), offline)).toEqual({
      running: true,
      fraction: 0.25,
      label: 'Trying to reach Plannr · 3/60 groups so far',
      error: null,
      errorRetries: false,
    })
    const accounts = { groupsTotal: 0, groupsDone: 0, recordsDone: 1_500, recordsTotal: 6_000 }
    expect(view(syncing(accounts), offline).label).toBe('Trying to reach Plannr · 1,500 of 6,000 participants so far')
    // A wait it knows the length of is said as it is.
    expect(view(syncing({ waiting: { reason: 'retry', ms: 900 } }), offline).label).toBe('Waiting 1 s (retrying)')
  })

  it('shows nothing running when idle, stopped, offline or paused, even with the last run’s progress', () => {
    for (const state of ['idle', 'stopped', 'offline', 'paused-auth'] as const)
      expect(view({ ...syncing(), state }), state).toEqual({
        running: false,
        fraction: null,
        label: null,
        error: null,
        errorRetries: false,
      })
  })

  it('puts a failed sync in plain words', () => {
    const failed: SyncStatus = {
      ...stoppedStatus(),
      state: 'error',
      lastError: { kind: 'malformed-response', message: 'GET /api/v1/groups: data.0.uuid is missing' },
    }
    const shown = view(failed)
    expect(shown.running).toBe(false)
    expect(shown.error).toMatch(/^Sync failed: /)
    expect(shown.errorRetries).toBe(false)
    // While Plannr does not answer, the bar's "Offline" already says why the run did not finish.
    expect(view({ ...failed, state: 'offline' }, false).error).toBeNull()
  })

  it('says a run that could not finish while Plannr answers, and when it is tried again', () => {
    const at = new Date(2026, 2, 1, 14, 5).getTime()
    const unfinished: SyncStatus = {
      ...stoppedStatus(),
      state: 'offline',
      lastError: { kind: 'server', message: 'Server Error.', status: 500 },
      nextRunAt: at,
    }
    expect(view(unfinished)).toEqual({
      running: false,
      fraction: null,
      label: null,
      error: 'Sync could not finish: Plannr had a problem on its side · retrying at 14:05',
      errorRetries: true,
    })
    expect(view({ ...unfinished, lastError: { kind: 'timeout', message: 'timed out' }, nextRunAt: null }).error).toBe(
      'Sync could not finish: Plannr took too long to answer',
    )
    // A run that ended without an error says nothing.
    expect(view({ ...unfinished, lastError: null }).error).toBeNull()
  })
})

describe('last synced text', () => {
  const now = Date.parse('2026-03-01T12:00:00Z')
  it('counts minutes, hours and days, rounding to the nearest', () => {
    expect(formatAgo('2026-03-01T11:59:50Z', now)).toBe('just now')
    expect(formatAgo('2026-03-01T11:48:00Z', now)).toBe('12 min ago')
    expect(formatAgo('2026-03-01T09:10:00Z', now)).toBe('3 h ago')
    expect(formatAgo('2026-02-28T12:00:00Z', now)).toBe('1 day ago')
    expect(formatAgo('2026-02-26T10:00:00Z', now)).toBe('3 days ago')
  })

  it('says "never" when there was no sync or the time is unreadable, and "just now" for a clock ahead', () => {
    expect(formatAgo(null, now)).toBe('never')
    expect(formatAgo('not a date', now)).toBe('never')
    expect(formatAgo('2026-03-01T12:05:00Z', now)).toBe('just now')
  })
})
