import { describe, expect, it } from 'vitest'
import type { OutboxRecord, OutboxStatus } from '../../src/renderer/src/data'
import { blockedBy } from '../../src/renderer/src/outbox/schedule'

let seq = 0
function op(id: string, status: OutboxStatus, dependsOn: string[] = []): OutboxRecord {
  seq += 1
  return {
    id,
    seq,
    kind: 'create-group',
    status,
    payload: { name: id },
    dependsOn,
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    subjectUuid: `subject-${id}`,
    reconcileFirst: false,
  }
}
const index = (...ops: OutboxRecord[]): Map<string, OutboxRecord> => new Map(ops.map((one) => [one.id, one]))

// Whether an operation is held up by something only the user can fix, at any depth.
describe('outbox: blocked by', () => {
  it('is not blocked with no dependencies, or with dependencies still on their way', () => {
    const unit = op('unit', 'retry-wait')
    const group = op('group', 'queued', ['unit'])
    expect(blockedBy(op('alone', 'queued'), index())).toEqual([])
    expect(blockedBy(group, index(unit, group))).toEqual([])
    expect(blockedBy(group, index(op('unit', 'sending'), group))).toEqual([])
    expect(blockedBy(group, index(op('unit', 'outcome-unknown'), group))).toEqual([])
  })

  it('names a dependency that needs attention or is blocked', () => {
    const group = op('group', 'queued', ['unit', 'other'])
    expect(blockedBy(group, index(op('unit', 'needs-attention'), op('other', 'queued'), group))).toEqual(['unit'])
    expect(blockedBy(group, index(op('unit', 'blocked'), op('other', 'needs-attention'), group))).toEqual([
      'unit',
      'other',
    ])
  })

  it('names a dependency that is gone without releasing its dependents (discarded)', () => {
    expect(blockedBy(op('circle', 'queued', ['discarded-group']), index())).toEqual(['discarded-group'])
  })

  it('looks through the chain: a circle waiting for a group waiting for a refused unit is blocked by the unit', () => {
    const unit = op('unit', 'needs-attention')
    const group = op('group', 'queued', ['unit'])
    const circle = op('circle', 'queued', ['group'])
    expect(blockedBy(circle, index(unit, group, circle))).toEqual(['unit'])
  })

  it('stops at the first culprit on a path instead of also naming what is behind it', () => {
    const unit = op('unit', 'needs-attention')
    const group = op('group', 'blocked', ['unit'])
    const circle = op('circle', 'queued', ['group'])
    expect(blockedBy(circle, index(unit, group, circle))).toEqual(['group'])
  })

  it('ends on a dependency cycle instead of looping, and reports nothing for it', () => {
    const a = op('a', 'queued', ['b'])
    const b = op('b', 'queued', ['a'])
    expect(blockedBy(a, index(a, b))).toEqual([])
  })

  it('reads a shared dependency once: a diamond reports its refused root once', () => {
    const root = op('root', 'needs-attention')
    const left = op('left', 'queued', ['root'])
    const right = op('right', 'queued', ['root'])
    const top = op('top', 'queued', ['left', 'right'])
    expect(blockedBy(top, index(root, left, right, top))).toEqual(['root'])
  })
})
