import type { Page } from 'playwright-core'

/**
 * This computer's storage failing under the app, for e2e tests: IndexedDB writes that match a
 * rule throw `QuotaExceededError`, as a full disk makes them fail. Installed into the running
 * page by the test (nothing of it ships in the app): the app's own Dexie code meets the failure
 * exactly where a real one would reach it, at the object store's put/add and a cursor's update.
 */
export interface StorageFault {
  /** The object store whose writes fail (`outbox`, `groups`, ...). */
  store: string
  /** Only rows with this `name`; every row of the store when absent. */
  name?: string
  /** Only rows with no queued operation (`pendingOpId` empty): e.g. Plannr's answer, not the pending copy. */
  settledOnly?: boolean
}

/**
 * Plain JavaScript, run in the page as it is (a string, so no compiler helper of the test's
 * own build can leak into it). Patches the prototypes once; the rule in force is a page global.
 */
const INSTALL = `(() => {
  if (globalThis.__storageFaultsInstalled) return
  globalThis.__storageFaultsInstalled = true
  globalThis.__storageFault = null
  const refuses = (storeName, value) => {
    const rule = globalThis.__storageFault
    if (!rule || rule.store !== storeName) return false
    const row = value !== null && typeof value === 'object' ? value : {}
    if (rule.name !== undefined && row.name !== rule.name) return false
    if (rule.settledOnly && row.pendingOpId) return false
    return true
  }
  const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')
  for (const method of ['put', 'add']) {
    const original = IDBObjectStore.prototype[method]
    IDBObjectStore.prototype[method] = function (value) {
      if (refuses(this.name, value)) throw quota()
      return original.apply(this, arguments)
    }
  }
  const update = IDBCursor.prototype.update
  IDBCursor.prototype.update = function (value) {
    const source = this.source
    const storeName = source instanceof IDBIndex ? source.objectStore.name : source.name
    if (refuses(storeName, value)) throw quota()
    return update.apply(this, arguments)
  }
})()`

/** From now on, writes matching `fault` fail in the page as on a full disk. */
export async function failStorageWrites(page: Page, fault: StorageFault): Promise<void> {
  await page.evaluate(INSTALL)
  await page.evaluate(`globalThis.__storageFault = ${JSON.stringify(fault)}`)
}

/** The disk has room again. */
export async function restoreStorage(page: Page): Promise<void> {
  await page.evaluate('globalThis.__storageFault = null')
}
