import { describe, expect, it } from 'vitest'
import { backoffCeiling, equalJitter, fullJitter } from '../../src/shared/backoff'

describe('backoff', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffCeiling(attempt, 100, 1_000))).toEqual([100, 200, 400, 800, 1_000])
    expect(backoffCeiling(0, 100, 1_000)).toBe(100)
  })

  it('full jitter spans [0, ceiling)', () => {
    expect(fullJitter(3, 100, 1_000, () => 0)).toBe(0)
    expect(fullJitter(3, 100, 1_000, () => 0.999999)).toBe(399)
  })

  it('equal jitter always waits at least half the ceiling', () => {
    expect(equalJitter(3, 100, 1_000, () => 0)).toBe(200)
    expect(equalJitter(3, 100, 1_000, () => 1)).toBe(400)
  })
})
