import { describe, expect, it } from 'vitest'
import type { OutboxItem } from '../../src/renderer/src/outbox'
import { after, savedSaying, savedText, type SavedFacts } from '../../src/renderer/src/state/saved-text'

const item = (extra: Partial<OutboxItem> = {}): OutboxItem => ({
  id: 'op-1',
  seq: 1,
  kind: 'update-group',
  label: 'group “Jones family” renamed to “Joneses”',
  status: 'queued',
  state: 'queued',
  subjectUuid: 'group-1',
  attempts: 0,
  nextAttemptAt: 0,
  problem: null,
  blockedBy: [],
  settleUntil: null,
  waitsOn: null,
  mayHaveLanded: false,
  inDoubt: false,
  payload: {},
  createdAt: '2026-03-01T12:00:00Z',
  ...extra,
})
const facts = (extra: Partial<SavedFacts> = {}): SavedFacts => ({
  queued: { item: item() },
  paused: null,
  waitsForSignIn: false,
  online: true,
  serverProblem: false,
  now: 1_000_000,
  ...extra,
})

// What a save says happens next: never "Sending" while something holds the change back.
describe('saved text', () => {
  it('says it is sending only when nothing holds the change back', () => {
    expect(savedText(facts())).toBe('Saved. Sending to Plannr…')
    // Sent already by the time it is asked about.
    expect(savedText(facts({ queued: { item: null } }))).toBe('Saved. Sending to Plannr…')
  })

  it('says nothing needs sending when the change cancelled out', () => {
    expect(savedText(facts({ queued: 'nothing', online: false }))).toBe('Saved. Nothing needs sending to Plannr.')
  })

  it('names what a blocked change waits on, before anything about the network', () => {
    const blocked = item({ state: 'blocked', blockedBy: ['group “Refused”'] })
    expect(savedText(facts({ queued: { item: blocked }, online: false }))).toBe(
      'Saved on this computer. It will be sent once group “Refused” is sorted out (see Waiting to sync).',
    )
    expect(savedText(facts({ queued: { item: item({ state: 'blocked' }) } }))).toMatch(/needs attention/)
    expect(savedText(facts({ queued: { item: item({ state: 'needs-attention' }) } }))).toMatch(/sorted out/)
  })

  it('says what else it waits for: sign-in, the network, Plannr working, a 429', () => {
    expect(savedText(facts({ waitsForSignIn: true }))).toBe(
      'Saved on this computer. It will be sent after you sign in again.',
    )
    expect(savedText(facts({ paused: { reason: 'signed-out', message: 'Sign in' } }))).toMatch(/sign in again/)
    expect(savedText(facts({ online: false }))).toBe('Saved on this computer. It will be sent when you are online.')
    expect(savedText(facts({ serverProblem: true }))).toBe(
      'Saved on this computer. It will be sent when Plannr works again.',
    )
    expect(savedText(facts({ paused: { reason: 'rate-limited', until: 1 } }))).toBe(
      'Saved on this computer. Plannr asked us to slow down; it will be sent shortly.',
    )
  })

  it('says when a change that waits out its own backoff goes, and not sending', () => {
    const waiting = item({
      state: 'retry-wait',
      waitsOn: { label: 'group “Jones family”', self: true, nextAttemptAt: 1_000_000 + 40_000, settling: false },
    })
    expect(savedText(facts({ queued: { item: waiting } }))).toBe(
      'Saved on this computer. It will be sent in about 40 s (see Waiting to sync).',
    )
    // Its wait is over: it goes now.
    expect(savedText(facts({ queued: { item: waiting }, now: 1_000_000 + 40_000 }))).toBe('Saved. Sending to Plannr…')
    // Offline, that is what it waits for first.
    expect(savedText(facts({ queued: { item: waiting }, online: false }))).toMatch(/when you are online/)
  })
})

// A save's note stays on screen while it is read: a wait it names counts down, nothing else moves.
describe('saved text as time goes by', () => {
  const waiting = item({
    state: 'retry-wait',
    waitsOn: { label: 'group “Jones family”', self: true, nextAttemptAt: 1_000_000 + 40_000, settling: false },
  })

  it('reads a wait as it stands at each moment, until it is over', () => {
    const said = after('Renamed.', savedSaying(facts({ queued: { item: waiting } })))
    expect(said.text).toBe('Renamed. Saved on this computer. It will be sent in about 40 s (see Waiting to sync).')
    expect(said.live?.until).toBe(1_000_000 + 40_000)
    expect(said.live?.at(1_000_000 + 25_000)).toBe(
      'Renamed. Saved on this computer. It will be sent in about 15 s (see Waiting to sync).',
    )
    expect(said.live?.at(1_000_000 + 40_000)).toBe('Renamed. Saved. Sending to Plannr…')
  })

  it('does not change words that name no time', () => {
    expect(savedSaying(facts({ queued: { item: waiting }, online: false })).live).toBeUndefined()
    expect(savedSaying(facts()).live).toBeUndefined()
    expect(savedSaying(facts({ queued: 'nothing' })).live).toBeUndefined()
  })
})
