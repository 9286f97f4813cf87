import { describe, expect, it } from 'vitest'
import {
  applyDelta,
  composeDelta,
  deltaBetween,
  minus,
  union,
  type Delta,
} from '../../src/renderer/src/outbox/operations/set-delta'

const A = 'aaaaaaaa-0000-4000-8000-000000000001'
const B = 'bbbbbbbb-0000-4000-8000-000000000002'
const C = 'cccccccc-0000-4000-8000-000000000003'
const D = 'dddddddd-0000-4000-8000-000000000004'

/** What a delta does to a set, compared as sets. */
const applied = (server: string[], delta: Delta): Set<string> => new Set(applyDelta(server, delta.add, delta.remove))

// Membership and circle edits are kept as deltas (added, removed) so they compose with each
// other and with whatever changed on Plannr meanwhile.
describe('uuid set deltas', () => {
  it('compares uuids case-insensitively and keeps the first spelling and order', () => {
    expect(minus([A, B, C], [B.toUpperCase()])).toEqual([A, C])
    expect(union([A, B], [B.toUpperCase(), C])).toEqual([A, B, C])
  })

  it('finds the delta between two sets, ignoring case', () => {
    expect(deltaBetween([A, B], [B.toUpperCase(), C])).toEqual({ add: [C], remove: [A] })
    expect(deltaBetween([A], [A])).toEqual({ add: [], remove: [] })
  })

  it('applies a delta to the server’s set without losing a newer server change', () => {
    // Plannr gained D since the edit was made; the edit adds C and removes A.
    expect(applyDelta([A, B, D], [C], [A])).toEqual([B, D, C])
    // Adding what is there and removing what is not change nothing (idempotent, like Plannr).
    expect(applyDelta([A, B], [A], [C])).toEqual([A, B])
    expect(applyDelta([A, B], [A.toUpperCase()], [B.toUpperCase()])).toEqual([A.toUpperCase()])
  })

  it('composes add X then remove X into nothing for X', () => {
    expect(composeDelta({ add: [A], remove: [] }, { add: [], remove: [A] })).toEqual({ add: [], remove: [] })
    expect(composeDelta({ add: [], remove: [A] }, { add: [A], remove: [] })).toEqual({ add: [], remove: [] })
  })

  it('merges changes in the same direction', () => {
    expect(composeDelta({ add: [A], remove: [C] }, { add: [B], remove: [D] })).toEqual({ add: [A, B], remove: [C, D] })
    expect(composeDelta({ add: [A], remove: [] }, { add: [A.toUpperCase()], remove: [] })).toEqual({
      add: [A],
      remove: [],
    })
  })

  it('composed, equals the one delta from the first set to the last, whatever the sets', () => {
    const all = [A, B, C, D]
    const subsets = (items: string[]): string[][] =>
      items.reduce<string[][]>((sets, item) => [...sets, ...sets.map((set) => [...set, item])], [[]])
    const sorted = (delta: Delta): Delta => ({ add: [...delta.add].sort(), remove: [...delta.remove].sort() })
    // The user edits full sets: the cache shows `first`, then `second`, then `third`.
    for (const first of subsets(all))
      for (const second of subsets(all))
        for (const third of subsets(all)) {
          const composed = composeDelta(deltaBetween(first, second), deltaBetween(second, third))
          expect(sorted(composed)).toEqual(sorted(deltaBetween(first, third)))
          expect(applied(first, composed)).toEqual(new Set(third))
        }
  })

  it('never adds and removes the same uuid in one composed delta', () => {
    const composed = composeDelta({ add: [A, B], remove: [C] }, { add: [C], remove: [A, D] })
    expect(composed).toEqual({ add: [B], remove: [D] })
    expect(minus(composed.add, composed.remove)).toEqual(composed.add)
  })
})
