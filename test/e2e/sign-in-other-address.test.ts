import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { startApp, type AppHarness } from '../support/app-harness'

// A firm's staging copy of Plannr has the same account uuids as production. A change queued at
// one address must never be sent to the other when the user signs in there with the same
// account: the app says so before going on, keeps the first address's cache and queue apart, and
// sends the change once the user signs in at the first address again. Two sandboxes of the same
// seed play the two addresses: same accounts, same uuids, two ports.
const SEED = { seed: 43, accounts: 300, groups: 5 }
const QUEUED = 'Queued At The First Address'
let app: AppHarness
let second: Sandbox
/** Every request the second address answered, as the sandbox logs it ("METHOD /path → outcome"). */
const secondRequests: string[] = []

beforeAll(async () => {
  app = await startApp(SEED)
  second = await startSandbox({ port: 0, ...SEED, log: (line) => secondRequests.push(line) })
})
afterAll(async () => {
  await app?.close()
  await second?.stop()
})

const writesTo = (requests: readonly string[]): string[] =>
  requests.filter((line) => /^(POST|PUT|PATCH|DELETE) \/api\//.test(line))

async function signInWithToken(scope: Locator, url: string, token: string): Promise<void> {
  const advanced = scope.getByRole('button', { name: 'Advanced' })
  if ((await advanced.getAttribute('aria-expanded')) !== 'true') await advanced.click()
  await scope.getByLabel('API address').fill(url)
  await scope.getByLabel('Personal access token').fill(token)
  await scope.getByRole('button', { name: 'Sign in with token' }).click()
}

async function synced(page: Page): Promise<void> {
  await page.locator('table[aria-label="Groups"] tbody tr').first().waitFor()
  await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 120_000 })
}

/** Plannr at `sandbox` stops taking its token, and the app waits for a sign-in. */
async function refuseToken(page: Page, sandbox: Sandbox): Promise<() => void> {
  const tokens = sandbox.store.personalAccessTokens as Map<string, string>
  const owner = tokens.get(sandbox.demo.token)
  if (!owner) throw new Error('unknown token')
  tokens.delete(sandbox.demo.token)
  await page.keyboard.press('F5')
  await page.getByText(/Syncing is paused/).waitFor()
  return () => tokens.set(sandbox.demo.token, owner)
}

/** Signs in again, in the dialog, at `sandbox`'s address; the question asked before going on. */
async function signInAgainAt(page: Page, sandbox: Sandbox): Promise<Locator> {
  await page.getByRole('button', { name: 'Sign in again' }).click()
  const dialog = page.getByRole('dialog', { name: 'Sign in again' })
  await signInWithToken(dialog, sandbox.url, sandbox.demo.token)
  const question = page.getByRole('dialog', { name: 'Another Plannr address' })
  // Before the fix the sign-in at the other address simply went through, as the same account:
  // the dialog closed and the queued change went to the other address.
  await Promise.race([question.waitFor(), dialog.waitFor({ state: 'detached' })])
  expect(await question.isVisible()).toBe(true)
  return question
}

/** The names of the account caches on this computer. */
async function accountCaches(page: Page): Promise<string[]> {
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? ''))
  return names.filter((name) => name.startsWith('plannr-cache-')).sort()
}

/** How many changes wait in the outbox of one cache database, read without the app. */
async function queuedIn(page: Page, databaseName: string): Promise<number> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name)
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    try {
      return await new Promise<number>((resolve, reject) => {
        const request = db.transaction('outbox').objectStore('outbox').count()
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
    } finally {
      db.close()
    }
  }, databaseName)
}

describe('signing in at another Plannr address with the same account', () => {
  it('the two addresses share the account uuid', () => {
    expect(second.demo.accountUuid).toBe(app.sandbox.demo.accountUuid)
  })

  it('a change queued at the first address is never sent to the second, and the user is told', async () => {
    const { page, sandbox: first } = app
    await signInWithToken(page.locator('body'), first.url, first.demo.token)
    await synced(page)
    const [firstCache = ''] = await accountCaches(page)
    expect(firstCache).toBe(`plannr-cache-${first.demo.accountUuid}`)

    // The first address stops taking the token while a new group is being typed: it waits there.
    await page.getByRole('button', { name: 'New group' }).click()
    const form = page.getByRole('dialog', { name: 'New group' })
    await form.getByLabel('Name').fill(QUEUED)
    const restoreFirst = await refuseToken(page, first)
    await form.getByRole('button', { name: 'Create group' }).click()
    await form.waitFor({ state: 'detached' })
    await page
      .getByRole('status')
      .getByText(/^Saved/)
      .waitFor()

    const question = await signInAgainAt(page, second)
    const said = (await question.textContent()) ?? ''
    expect(said).toContain(first.url)
    expect(said).toContain(second.url)
    expect(said).toContain('1 change')

    await question.getByRole('button', { name: 'Go on with this sign-in' }).click()
    await question.waitFor({ state: 'detached' })
    // The second address gets a cache of its own; the first's keeps its queued change.
    await synced(page)
    expect(await accountCaches(page)).toEqual([firstCache, `${firstCache}@${second.url}`].sort())
    expect(await queuedIn(page, firstCache)).toBe(1)
    expect(writesTo(secondRequests)).toEqual([])
    expect(second.store.groupByName(QUEUED)).toBeUndefined()

    // Back at the first address: its change goes there, and still never to the second.
    restoreFirst()
    await refuseToken(page, second)
    const back = await signInAgainAt(page, first)
    expect((await back.textContent()) ?? '').toContain(second.url)
    await back.getByRole('button', { name: 'Go on with this sign-in' }).click()
    await expect.poll(() => first.store.groupByName(QUEUED) !== undefined, { timeout: 60_000 }).toBe(true)
    expect(writesTo(secondRequests)).toEqual([])
    expect(second.store.groupByName(QUEUED)).toBeUndefined()
  })
})
