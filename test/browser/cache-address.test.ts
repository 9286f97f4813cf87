import { Dexie } from 'dexie'
import { afterEach, describe, expect, it } from 'vitest'
import { openPlannrDatabases } from '../../src/renderer/src/data/db'
import { findAccountCache } from '../../src/renderer/src/state/account-caches'
import { CacheOfAnotherAddress, claimCacheAddress } from '../../src/renderer/src/state/cache-address'

// An account's cache records the Plannr address it was made for, on real IndexedDB: a firm's
// staging copy of Plannr has production's account uuids, so the uuid alone does not say whose
// clients and queued changes a cache holds. (The whole story, two sandboxes and the UI, is
// test/e2e/sign-in-other-address.test.ts.)
const ACCOUNT = crypto.randomUUID()
const PRODUCTION = 'https://api.plannrcrm.com'
const STAGING = 'https://staging.example.test'
const at = (baseUrl: string) => ({ accountUuid: ACCOUNT, baseUrl, demo: false })

afterEach(async () => {
  for (const info of await indexedDB.databases()) if (info.name?.includes(ACCOUNT)) await Dexie.delete(info.name)
})

/** A cache as releases before this one left it: the plain name, no address, a group in it. */
async function legacyCache(): Promise<string> {
  const name = `plannr-cache-${ACCOUNT}`
  const dbs = await openPlannrDatabases(name)
  await dbs.cache.meta.put({
    key: 'lastSyncAt',
    value: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  })
  dbs.close()
  return name
}

describe("an account cache's address", () => {
  it('a cache made before addresses were recorded is taken by the address that opens it first, and kept by it', async () => {
    const legacy = await legacyCache()
    expect(await findAccountCache(at(STAGING))).toBe(legacy)
    const dbs = await openPlannrDatabases(legacy)
    try {
      await claimCacheAddress(dbs.durable, STAGING)
      // What it held is still there for the address it is now marked with.
      expect((await dbs.cache.meta.get('lastSyncAt'))?.value).toBe('2026-01-01T00:00:00.000Z')
      await claimCacheAddress(dbs.durable, STAGING)
    } finally {
      dbs.close()
    }
    expect(await findAccountCache(at(STAGING))).toBe(legacy)
    // The same account uuid at another address gets a cache of its own; the first is left as it is.
    const other = await findAccountCache(at(PRODUCTION))
    expect(other).toBe(`plannr-cache-${ACCOUNT}@${PRODUCTION}`)
    const production = await openPlannrDatabases(other)
    await claimCacheAddress(production.durable, PRODUCTION)
    production.close()
    expect(await findAccountCache(at(PRODUCTION))).toBe(other)
    expect(await findAccountCache(at(STAGING))).toBe(legacy)
  })

  it('a cache marked with another address is refused, naming both addresses, and left as it is', async () => {
    const legacy = await legacyCache()
    const dbs = await openPlannrDatabases(legacy)
    try {
      await claimCacheAddress(dbs.durable, STAGING)
      const refused = await claimCacheAddress(dbs.durable, PRODUCTION).catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(CacheOfAnotherAddress)
      const message = (refused as Error).message
      expect(message).toContain(STAGING)
      expect(message).toContain(PRODUCTION)
      expect(message).toMatch(/sign in at https:\/\/staging\.example\.test/)
      expect((await dbs.cache.meta.get('lastSyncAt'))?.value).toBe('2026-01-01T00:00:00.000Z')
      expect((await dbs.cache.meta.get('apiBaseUrl'))?.value).toBe(STAGING)
    } finally {
      dbs.close()
    }
  })

  it("the demo's cache keeps the plain name whatever port its sandbox has (its run tells runs apart)", async () => {
    expect(await findAccountCache({ accountUuid: ACCOUNT, baseUrl: 'http://127.0.0.1:1234', demo: true })).toBe(
      `plannr-cache-${ACCOUNT}`,
    )
  })
})
