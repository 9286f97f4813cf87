import { describe, expect, it } from 'vitest'
import { heldSignInWarning } from '../../src/renderer/src/state/held-sign-in-warning'
import type { AccountCache } from '../../src/renderer/src/state/sign-out-warning'

const cache = (label: string, unsent: number | null): AccountCache => ({
  databaseName: `plannr-cache-${label}`,
  label,
  unsent,
})

describe('what the app says before going on with another Plannr user’s sign-in', () => {
  it('counts the changes this sign-in cannot send, naming where they wait', () => {
    expect(heldSignInWarning(['Northgate (Ann Lee)'], [cache('Northgate (Ann Lee)', 1)])).toBe(
      'This sign-in is for another Plannr user, with no login for Northgate (Ann Lee). 1 change made on this computer in Northgate (Ann Lee) is waiting to reach Plannr, and cannot be sent by this sign-in. Going on keeps what this computer holds for it (cached clients and waiting changes) until you sign in as a user with a login there, or sign out, which discards it. Cancel to sign in again as the user you were.',
    )
    expect(heldSignInWarning(['Northgate', 'Harbour'], [cache('Northgate', 2), cache('Harbour', 1)])).toContain(
      '3 changes made on this computer are waiting to reach Plannr, and cannot be sent by this sign-in: 2 in Northgate and 1 in Harbour.',
    )
  })

  it('says so when nothing waits, and when a cache could not be read', () => {
    expect(heldSignInWarning(['Northgate'], [])).toContain('No change made on this computer is waiting there.')
    expect(heldSignInWarning(['Northgate'], [cache('Northgate', null)])).toContain(
      'The offline cache of Northgate could not be read',
    )
    expect(heldSignInWarning(['Northgate'], null)).toContain('could not be read')
  })

  it('names both addresses for a sign-in at another Plannr address, and how to send what waits', () => {
    const said = heldSignInWarning(['Northgate'], [cache('Northgate', 1)], {
      from: 'https://api.plannrcrm.com',
      to: 'https://staging.example.test',
    })
    expect(said).toMatch(
      /^This sign-in is to Plannr at https:\/\/staging\.example\.test, not at https:\/\/api\.plannrcrm\.com, and has no login there for Northgate/,
    )
    expect(said).toContain('1 change made on this computer in Northgate is waiting')
    expect(said).toContain('never sending any of it to https://staging.example.test')
    expect(said).toContain('until you sign in at https://api.plannrcrm.com again')
  })
})
