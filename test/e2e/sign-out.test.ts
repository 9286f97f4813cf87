import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, enterDemo, createGroupInForm, cutNetwork, type AppHarness } from '../support/app-harness'

// Sign out ends the sign-in on this computer: every account it covers, not only the one on screen,
// and at once, whatever Plannr is doing with a request.

/** Long enough that Plannr never answers a held request, nor main gives up on it, during a test. */
const HELD_MS = 30 * 60_000

/** The IndexedDB databases of the page's origin, by name. */
function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? ''))
}

async function accountCaches(page: Page): Promise<string[]> {
  return (await databaseNames(page)).filter((name) => name.startsWith('plannr-cache-'))
}

/** An empty database of this name in the page's origin. */
async function createDatabase(page: Page, name: string): Promise<void> {
  await page.evaluate(
    (databaseName) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(databaseName)
        request.onsuccess = () => {
          request.result.close()
          resolve()
        }
        request.onerror = () => reject(new Error(String(request.error)))
      }),
    name,
  )
}

/** The statuses of the operations in an account's outbox, read from its database as stored. */
function outboxStatuses(page: Page, databaseName: string): Promise<string[]> {
  return page.evaluate(
    (name) =>
      new Promise<string[]>((resolve, reject) => {
        const request = indexedDB.open(name)
        request.onerror = () => reject(new Error(String(request.error)))
        request.onsuccess = () => {
          const db = request.result
          const read = db.transaction('outbox').objectStore('outbox').getAll()
          read.onerror = () => reject(new Error(String(read.error)))
          read.onsuccess = () => {
            db.close()
            resolve((read.result as Array<{ status: string }>).map((op) => op.status))
          }
        }
      }),
    databaseName,
  )
}

/** Waits until the outbox has marked a create as sending: its request is on its way to Plannr. */
async function untilSending(page: Page, databaseName: string): Promise<void> {
  await expect.poll(() => outboxStatuses(page, databaseName), { timeout: 60_000 }).toContain('sending')
}

const firmShown = async (page: Page): Promise<string> =>
  ((await page.getByRole('navigation', { name: 'Main' }).locator('.who span').textContent()) ?? '').trim()

async function signInWithTwoLogins(app: AppHarness): Promise<void> {
  const { page, sandbox } = app
  await page.getByRole('button', { name: 'Advanced' }).click()
  await page.getByLabel('API address').fill(sandbox.url)
  await page.getByLabel('Personal access token').fill(sandbox.multiLoginToken)
  await page.getByRole('button', { name: 'Sign in with token' }).click()
  await page.getByRole('list', { name: 'Accounts' }).getByRole('button').first().click()
  await page.getByRole('heading', { name: 'Groups' }).waitFor()
  await page.locator('table[aria-label="Groups"] tbody tr').first().waitFor()
  await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 180_000 })
}

async function switchToOtherAccount(page: Page): Promise<void> {
  const before = await firmShown(page)
  await page.getByRole('button', { name: 'Switch account' }).click()
  const dialog = page.getByRole('dialog', { name: 'Switch account' })
  await dialog
    .getByRole('list', { name: 'Accounts' })
    .getByRole('button')
    .filter({ hasNotText: before })
    .first()
    .click()
  await dialog.waitFor({ state: 'detached' })
  await page.getByRole('heading', { name: 'Groups' }).waitFor()
  await page.waitForFunction(
    (old) => document.querySelector('nav[aria-label="Main"] .who span')?.textContent?.trim() !== old,
    before,
  )
}

async function createGroup(page: Page, name: string): Promise<void> {
  await createGroupInForm(page, name)
  await page
    .locator('table[aria-label="Groups"] tbody tr', { hasText: name })
    .getByText('Pending sync')
    .first()
    .waitFor()
}

/** Clicks Sign out; resolves with the warning dialog when one asks first, null when it signed out at once. */
async function clickSignOut(page: Page): Promise<string | null> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click()
  const dialog = page.getByRole('dialog', { name: 'Sign out?' })
  await dialog
    .or(page.getByRole('button', { name: 'Explore the demo' }))
    .first()
    .waitFor()
  return (await dialog.isVisible()) ? ((await dialog.textContent()) ?? '') : null
}

describe('signing out of a sign-in with logins in two firms', () => {
  let app: AppHarness
  // Databases that are not this sign-in's account caches: another page's on the same origin, and
  // the cache of an account this sign-in has no login for.
  const UNRELATED = ['someone-elses-database', 'plannr-cache-0b5e0b5e-0000-4000-8000-000000000000']

  beforeAll(async () => {
    app = await startApp({ seed: 5, accounts: 400, groups: 6, requestTimeoutMs: HELD_MS })
  })
  afterAll(async () => {
    await app?.close()
  })

  it("warns about a change waiting in the account switched away from, naming its firm, and removes every account's cache", async () => {
    const { page } = app
    await signInWithTwoLogins(app)
    const firstFirm = await firmShown(page)
    const [firstCache, ...others] = await accountCaches(page)
    expect(others).toEqual([])
    for (const name of UNRELATED) await createDatabase(page, name)

    await cutNetwork(app)
    await createGroup(page, 'Queued in the first firm')
    await switchToOtherAccount(page)
    const secondCache = (await accountCaches(page)).find((name) => name !== firstCache && !UNRELATED.includes(name))
    expect(secondCache).toBeDefined()

    const warning = await clickSignOut(page)
    expect(warning).not.toBeNull()
    expect(warning).toContain('1 change')
    expect(warning).toContain(firstFirm)
    await page.getByRole('dialog', { name: 'Sign out?' }).getByRole('button', { name: 'Discard and sign out' }).click()
    await page.getByRole('button', { name: 'Explore the demo' }).waitFor()

    const left = await databaseNames(page)
    expect(left).not.toContain(firstCache)
    expect(left).not.toContain(secondCache)
    for (const name of UNRELATED) expect(left).toContain(name)
    app.sandbox.faults.clear()
  })

  it('switches account without waiting for a request Plannr has not answered', async () => {
    const { page, sandbox } = app
    await signInWithTwoLogins(app)
    const [firstCache] = (await accountCaches(page)).filter((name) => !UNRELATED.includes(name))
    if (!firstCache) throw new Error('the first account has no cache')
    sandbox.faults.set('POST /api/v1/group', { latencyMs: HELD_MS })
    await createGroup(page, 'Held by Plannr in the first firm')
    await untilSending(page, firstCache)

    await switchToOtherAccount(page)
    // Plannr is still holding the create: the handler runs only after the latency.
    expect(sandbox.store.groupByName('Held by Plannr in the first firm')).toBeUndefined()
  })
})

describe('signing out while Plannr holds a request', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ seed: 6, accounts: 300, groups: 4, requestTimeoutMs: HELD_MS })
    await enterDemo(app.page)
  })
  afterAll(async () => {
    await app?.close()
  })

  it('shows the sign-in screen without waiting for the answer', async () => {
    const { page, sandbox } = app
    sandbox.faults.set('POST /api/v1/group', { latencyMs: HELD_MS })
    await createGroup(page, 'Held by Plannr')
    await untilSending(page, `plannr-cache-${sandbox.demo.accountUuid}`)

    const warning = await clickSignOut(page)
    expect(warning).toContain('1 change')
    await page.getByRole('dialog', { name: 'Sign out?' }).getByRole('button', { name: 'Discard and sign out' }).click()
    await page.getByRole('button', { name: 'Explore the demo' }).waitFor()
    expect(sandbox.store.groupByName('Held by Plannr')).toBeUndefined()
  })
})
