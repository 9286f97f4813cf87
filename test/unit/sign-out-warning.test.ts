import { describe, expect, it } from 'vitest'
import { signOutWarning, type AccountCache } from '../../src/renderer/src/state/sign-out-warning'

const cache = (label: string, unsent: number | null): AccountCache => ({
  databaseName: `plannr-cache-${label}`,
  label,
  unsent,
})

describe('what Sign out says before discarding anything', () => {
  it('says nothing when no account of the sign-in has a change waiting', () => {
    expect(signOutWarning([])).toBeNull()
    expect(signOutWarning([cache('Northgate', 0), cache('Harbour', 0)])).toBeNull()
  })

  it('names the firm where changes wait, and every firm whose clients it removes', () => {
    expect(signOutWarning([cache('Northgate', 1), cache('Harbour', 0)])).toBe(
      '1 change made on this computer in Northgate has not reached Plannr yet. Signing out discards it and removes the cached clients of Northgate and Harbour from this computer.',
    )
    expect(signOutWarning([cache('Northgate', 2)])).toBe(
      '2 changes made on this computer in Northgate have not reached Plannr yet. Signing out discards them and removes the cached clients of Northgate from this computer.',
    )
  })

  it('counts changes across firms, each by name', () => {
    expect(signOutWarning([cache('Northgate', 2), cache('Harbour', 1), cache('Quay', 0)])).toBe(
      '3 changes made on this computer have not reached Plannr yet: 2 in Northgate and 1 in Harbour. Signing out discards them and removes the cached clients of Northgate, Harbour and Quay from this computer.',
    )
  })

  it('warns about a cache it could not read: changes may be waiting there', () => {
    expect(signOutWarning([cache('Northgate', null), cache('Harbour', 0)])).toBe(
      'The offline cache of Northgate could not be read, so changes may be waiting there. Signing out discards them and removes the cached clients of Northgate and Harbour from this computer.',
    )
    expect(signOutWarning([cache('Northgate', 1), cache('Harbour', null)])).toContain(
      'The offline cache of Harbour could not be read, so changes may be waiting there too.',
    )
    expect(signOutWarning(null)).toMatch(/could not be read/)
  })
})
