import { readTableAsStored, type PlannrDb } from '../data'
import { plural } from '../lib/format'

/**
 * The meta row naming the Plannr address (API base URL) an account's cache was made for: its
 * clients came from there and its queued changes were made for there.
 */
const ADDRESS_KEY = 'apiBaseUrl'

/**
 * An account's cache was opened for a session at another Plannr address than the one it was made
 * for (a firm's staging copy of Plannr has production's account uuids). It is not used: its queue
 * would be sent to the wrong Plannr, and the other Plannr's clients mixed into it.
 */
export class CacheOfAnotherAddress extends Error {
  constructor(
    readonly madeFor: string,
    readonly signedInAt: string,
    readonly unsent: number,
  ) {
    super(
      `This computer's offline copy of this account was made for Plannr at ${madeFor}, and you are signed in at ` +
        `${signedInAt}: it is not used here, and nothing in it is sent to ${signedInAt}. ` +
        (unsent > 0
          ? `${plural(unsent, 'change')} made for ${madeFor} ${unsent === 1 ? 'is' : 'are'} waiting in it: sign in at ${madeFor} to send ${unsent === 1 ? 'it' : 'them'}. `
          : `To use it, sign in at ${madeFor}. `) +
        'Nothing has been deleted; signing out discards it.',
    )
    this.name = 'CacheOfAnotherAddress'
  }
}

/**
 * Marks a cache opened for a session at `address` with that address, or refuses it when it is
 * marked with another (CacheOfAnotherAddress, before anything of it is used). A cache with no mark,
 * new or made before caches recorded their address, takes this one: it was made for the address
 * its sessions used, and the one in use now is the best guess there is. Read and written in one
 * transaction of the connection the outbox uses, so the mark is there before its first send.
 */
export async function claimCacheAddress(db: PlannrDb, address: string): Promise<void> {
  const madeFor = await db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get(ADDRESS_KEY)
    if (typeof row?.value === 'string') return row.value
    await db.meta.put({ key: ADDRESS_KEY, value: address, updatedAt: new Date().toISOString() })
    return address
  })
  if (madeFor !== address) throw new CacheOfAnotherAddress(madeFor, address, await db.outbox.count())
}

/** The address a cache is marked with, read with no schema of its own (nothing is created or upgraded). */
export async function stampedAddress(databaseName: string): Promise<string | null> {
  try {
    return await readTableAsStored(databaseName, 'meta', async (meta) => {
      const row: unknown = meta ? await meta.get(ADDRESS_KEY) : undefined
      return typeof row === 'object' && row !== null && 'value' in row && typeof row.value === 'string'
        ? row.value
        : null
    })
  } catch (error) {
    // Unreadable here is no answer: the cache is found as unmarked, and opening it says what is wrong.
    console.error(error)
    return null
  }
}
