import { describe, expect, it } from 'vitest'
import { compareFields, type FieldCheck } from '../../src/renderer/src/outbox/operations/conflicts'

const BASE_AT = '2026-03-01T10:00:00.000Z'
const LATER = '2026-03-01T10:05:00.000Z'

const name = (mine: string | null | undefined, base: string | null, theirs: string | null): FieldCheck => ({
  field: 'name',
  mine,
  base,
  theirs,
})

// Before an edit is sent, each field it changes is compared with Plannr's copy.
describe('edit conflicts', () => {
  it('sends a field Plannr has not touched since the edit was made', () => {
    expect(compareFields([name('Mine', 'Base', 'Base')], BASE_AT, LATER)).toEqual({ conflicts: [], toSend: ['name'] })
  })

  it('reports a conflict when Plannr set a third value after the edit’s base, with both values', () => {
    expect(compareFields([name('Mine', 'Base', 'Theirs')], BASE_AT, LATER)).toEqual({
      conflicts: [{ field: 'name', theirs: 'Theirs', mine: 'Mine' }],
      toSend: [],
    })
  })

  it('sends nothing for a field Plannr already has (our own earlier send, or the same change made there)', () => {
    expect(compareFields([name('Same', 'Base', 'Same')], BASE_AT, LATER)).toEqual({ conflicts: [], toSend: [] })
  })

  it('ignores fields the edit does not change', () => {
    expect(compareFields([name(undefined, 'Base', 'Theirs')], BASE_AT, LATER)).toEqual({ conflicts: [], toSend: [] })
  })

  it('does not count a different value as a conflict when Plannr’s copy is not newer than the base', () => {
    // Same updated_at: the difference is the edit's own base being stale in the cache, not a new change.
    expect(compareFields([name('Mine', 'Base', 'Other')], BASE_AT, BASE_AT)).toEqual({
      conflicts: [],
      toSend: ['name'],
    })
    expect(compareFields([name('Mine', 'Base', 'Other')], LATER, BASE_AT)).toEqual({ conflicts: [], toSend: ['name'] })
  })

  it('treats an edit with no base time (made while its create was queued) as older than any server copy', () => {
    expect(compareFields([name('Mine', 'Base', 'Other')], null, BASE_AT).conflicts).toEqual([
      { field: 'name', theirs: 'Other', mine: 'Mine' },
    ])
  })

  it('compares times as instants, not as text', () => {
    // 11:00+02:00 is 09:00Z: before the base, so not a newer server change.
    expect(compareFields([name('Mine', 'Base', 'Other')], BASE_AT, '2026-03-01T11:00:00+02:00').conflicts).toEqual([])
    expect(compareFields([name('Mine', 'Base', 'Other')], BASE_AT, '2026-03-01T13:00:00+02:00').conflicts).toHaveLength(
      1,
    )
  })

  it('handles null (a cleared business unit) as a value of its own', () => {
    const unit = (mine: string | null, base: string | null, theirs: string | null): FieldCheck => ({
      field: 'business_unit',
      mine,
      base,
      theirs,
    })
    expect(compareFields([unit(null, 'bu-1', 'bu-1')], BASE_AT, LATER).toSend).toEqual(['business_unit'])
    expect(compareFields([unit(null, 'bu-1', null)], BASE_AT, LATER)).toEqual({ conflicts: [], toSend: [] })
    expect(compareFields([unit('bu-2', null, 'bu-3')], BASE_AT, LATER).conflicts).toEqual([
      { field: 'business_unit', theirs: 'bu-3', mine: 'bu-2' },
    ])
  })

  it('decides field by field: one conflict does not hold back the others', () => {
    const colour: FieldCheck = { field: 'bg_colour', mine: '#111111', base: '#000000', theirs: '#000000' }
    expect(compareFields([name('Mine', 'Base', 'Theirs'), colour], BASE_AT, LATER)).toEqual({
      conflicts: [{ field: 'name', theirs: 'Theirs', mine: 'Mine' }],
      toSend: ['bg_colour'],
    })
  })
})
