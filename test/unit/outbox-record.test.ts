import { describe, expect, it } from 'vitest'
import type { OutboxRecord } from '../../src/renderer/src/data'
import { isUnreadable, readRecord, StoredOperation } from '../../src/renderer/src/outbox/record'

const GROUP = '0b3c6a52-5f0e-4a8e-9d0f-2f1d6c1a7e01'
const PERSON = '7d1f0e7a-1b2c-4d3e-8f4a-5b6c7d8e9f00'

function row(overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id: '01JABCDEFGHJKMNPQRSTVWXYZ0',
    seq: 3,
    kind: 'add-participants',
    status: 'retry-wait',
    payload: { uuid: GROUP, participants: [PERSON], group_name: 'Jones family' },
    dependsOn: ['01JABCDEFGHJKMNPQRSTVWXYZ9'],
    attempts: 2,
    nextAttemptAt: 1_800_000_000_000,
    lastError: { kind: 'server', message: 'Plannr had a problem.', status: 503 },
    createdAt: '2026-03-01T10:00:00.000Z',
    subjectUuid: GROUP,
    reconcileFirst: false,
    firstSentAt: 1_799_999_000_000,
    firstSentClock: { offsetMs: 600_000, errorMs: 620 },
    ...overrides,
  }
}

// Stored outbox rows are parsed once when read: into an operation whose kind says what its
// payload is, or into an unreadable one that is kept as stored and shown to the user.
describe('outbox: reading a stored record', () => {
  it('reads a good row as its kind, with its payload and problem typed', () => {
    const op = readRecord(row())
    expect(isUnreadable(op)).toBe(false)
    if (isUnreadable(op) || op.kind !== 'add-participants') throw new Error('expected an add-participants operation')
    // Narrowed by kind: the payload is the membership payload, no cast.
    expect(op.payload.participants).toEqual([PERSON])
    expect(op.lastError).toEqual({ kind: 'server', message: 'Plannr had a problem.', status: 503 })
    expect(op).toEqual(row())
  })

  it('reads every status and a create as well, and treats an unreadable stored problem as none', () => {
    const op = readRecord(
      row({ kind: 'create-group', payload: { name: 'Smith' }, status: 'blocked', lastError: { nonsense: true } }),
    )
    expect(isUnreadable(op)).toBe(false)
    expect(op).toMatchObject({ kind: 'create-group', payload: { name: 'Smith' }, status: 'blocked', lastError: null })
  })

  it("treats an unreadable first send's clock reading as none (the lookup then uses main's current one)", () => {
    // As IndexedDB can hand back a row written by anything: not what this version writes.
    const stored = Object.assign(row(), { firstSentClock: { offsetMs: 'ten minutes', errorMs: -1 } })
    const op = readRecord(stored)
    expect(isUnreadable(op)).toBe(false)
    expect(op).toMatchObject({ firstSentAt: 1_799_999_000_000, firstSentClock: null })
  })

  it("reads the latest send's time and treats an unreadable reading of it as none", () => {
    const latest = { lastSentAt: 1_799_999_500_000, lastSentClock: { offsetMs: 600_000, errorMs: 410 } }
    expect(readRecord(row(latest))).toMatchObject(latest)
    const stored = Object.assign(row(latest), { lastSentClock: { offsetMs: null } })
    const op = readRecord(stored)
    expect(isUnreadable(op)).toBe(false)
    expect(op).toMatchObject({ lastSentAt: 1_799_999_500_000, lastSentClock: null })
    // A row stored before the latest send was kept reads as it was: the lookup falls back to the first send.
    const older = readRecord(row())
    expect(isUnreadable(older)).toBe(false)
    expect(older).not.toHaveProperty('lastSentAt')
  })

  it('keeps a row of an unknown kind as unreadable: never sent, shown for the user to discard', () => {
    const stored = row({ kind: 'delete-everything', payload: { anything: 1 } })
    const op = readRecord(stored)
    if (!isUnreadable(op)) throw new Error('expected an unreadable row')
    expect(op.unreadable).toContain('delete-everything')
    expect(op.status).toBe('needs-attention')
    expect(op.raw).toEqual(stored)
    expect(op.id).toBe(stored.id)
    expect(op.seq).toBe(stored.seq)
    expect(op.subjectUuid).toBe(GROUP)
    const parsed = StoredOperation.safeParse(stored)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.path).toEqual(['kind'])
  })

  it('keeps a row whose payload its kind does not accept as unreadable, payload as stored', () => {
    const stored = row({ payload: { uuid: 'not-a-uuid', participants: [] } })
    const op = readRecord(stored)
    if (!isUnreadable(op)) throw new Error('expected an unreadable row')
    expect(op.unreadable).toBe('This item is not valid any more. Edit it or discard it.')
    expect(op.kind).toBe('add-participants')
    expect(op.payload).toEqual({ uuid: 'not-a-uuid', participants: [] })
    expect(op.raw).toEqual(stored)
    const parsed = StoredOperation.safeParse(stored)
    expect(parsed.error?.issues[0]?.path).toEqual(['payload'])
  })

  it('says a create Plannr may have as it was sent, stored unreadable, can only be discarded', () => {
    const damaged = { kind: 'create-group', payload: { name: 42 }, subjectUuid: GROUP }
    const inDoubt = readRecord(row({ ...damaged, reconcileFirst: true }))
    if (!isUnreadable(inDoubt)) throw new Error('expected an unreadable row')
    expect(inDoubt.unreadable).toMatch(/Plannr may already have it as it was sent.*Discard it/)
    expect(inDoubt.unreadable).not.toMatch(/Edit it/)
    // Never sent, or certainly not made: it can still be fixed in its form.
    const notSent = readRecord(row({ ...damaged, reconcileFirst: false }))
    if (!isUnreadable(notSent)) throw new Error('expected an unreadable row')
    expect(notSent.unreadable).toBe('This item is not valid any more. Edit it or discard it.')
  })

  it('keeps a row with damaged bookkeeping fields as unreadable, with stand-ins only for showing it', () => {
    // As IndexedDB can give it back: whatever was stored, whatever the declared type says.
    const stored = Object.assign(row(), { dependsOn: 'x', seq: 'seven', status: 'exploded' })
    const op = readRecord(stored)
    if (!isUnreadable(op)) throw new Error('expected an unreadable row')
    expect(op.unreadable).toContain('could not be read')
    expect(op.dependsOn).toEqual([])
    expect(op.status).toBe('needs-attention')
    expect(op.raw).toBe(stored)
  })
})
