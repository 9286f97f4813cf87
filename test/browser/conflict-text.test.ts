import { describe, expect, it } from 'vitest'
import { conflictText } from '../../src/renderer/src/lib/conflict-text'

const NORTH = '3f2a7c1e-0000-4000-8000-000000000001'
const SOUTH = '9b1c5d2e-0000-4000-8000-000000000002'
const cached = (uuid: string): string | null => (uuid === NORTH ? 'North' : uuid === SOUTH ? 'South' : null)
const nothingCached = (): null => null

describe('conflict text', () => {
  it('names both business units: Plannr’s from its copy, ours from the cache', () => {
    expect(
      conflictText({ field: 'business_unit', theirs: SOUTH, theirsName: 'South (renamed)', mine: NORTH }, cached),
    ).toBe('Plannr has “South (renamed)”, you set the business unit to “North”.')
  })

  it('says in plain words what it cannot name, never a uuid', () => {
    const text = conflictText({ field: 'business_unit', theirs: SOUTH, mine: NORTH }, nothingCached)
    expect(text).toBe(
      'Plannr has a business unit not on this computer yet, you set the business unit to a business unit no longer on this computer.',
    )
  })

  it('a conflict stored without Plannr’s name falls back to the cache; no unit is “none”', () => {
    expect(conflictText({ field: 'business_unit', theirs: SOUTH, mine: null }, cached)).toBe(
      'Plannr has “South”, you set the business unit to “none”.',
    )
  })

  it('a name is its own text', () => {
    expect(conflictText({ field: 'name', theirs: 'Smiths', mine: 'Smith family' }, nothingCached)).toBe(
      'Plannr has “Smiths”, you renamed it to “Smith family”.',
    )
  })
})
