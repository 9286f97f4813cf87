import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { startApp, type AppHarness } from '../support/app-harness'

// Plannr refused the token of the account in use, and "Sign in again" is done with the token of
// a Plannr user who has no login for that account. The changes queued in it can no longer be sent
// by this sign-in: the app says so before going on, and Sign out later still counts and removes
// that account's cache.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 41, accounts: 300, groups: 5 })
})
afterAll(async () => {
  await app?.close()
})

async function signInWithToken(scope: Locator, token: string): Promise<void> {
  const advanced = scope.getByRole('button', { name: 'Advanced' })
  if ((await advanced.getAttribute('aria-expanded')) !== 'true') await advanced.click()
  await scope.getByLabel('API address').fill(app.sandbox.url)
  await scope.getByLabel('Personal access token').fill(token)
  await scope.getByRole('button', { name: 'Sign in with token' }).click()
}

const firmShown = async (page: Page): Promise<string> =>
  ((await page.getByRole('navigation', { name: 'Main' }).locator('.who span').textContent()) ?? '').trim()

async function accountCaches(page: Page): Promise<string[]> {
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? ''))
  return names.filter((name) => name.startsWith('plannr-cache-'))
}

/** Signs in again, in the dialog, as the user with no login for the account in use. */
async function signInAgainAsOtherUser(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Sign in again' }).click()
  await signInWithToken(page.getByRole('dialog', { name: 'Sign in again' }), app.sandbox.multiLoginToken)
  const question = page.getByRole('dialog', { name: 'Another Plannr user' })
  // Before the fix the account picker came up instead, and nothing was said.
  await question
    .or(page.getByRole('list', { name: 'Accounts' }))
    .first()
    .waitFor()
  expect(await question.isVisible()).toBe(true)
  return question
}

describe('signing in again as a Plannr user with no login for the account in use', () => {
  let firstFirm = ''
  let firstCache = ''

  it("says the account's waiting change cannot be sent by that sign-in, and cancel keeps the account", async () => {
    const { page, sandbox } = app
    await signInWithToken(page.locator('body'), sandbox.demo.token)
    await page.locator('table[aria-label="Groups"] tbody tr').first().waitFor()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 120_000 })
    firstFirm = await firmShown(page)
    ;[firstCache = ''] = await accountCaches(page)
    expect(firstCache).toBe(`plannr-cache-${sandbox.demo.accountUuid}`)

    // Plannr stops taking the token while a new group is being typed: it waits for the sign-in.
    await page.getByRole('button', { name: 'New group' }).click()
    const form = page.getByRole('dialog', { name: 'New group' })
    await form.getByLabel('Name').fill('Queued Before The Other Sign-in')
    ;(sandbox.store.personalAccessTokens as Map<string, string>).delete(sandbox.demo.token)
    await page.keyboard.press('F5')
    await page.getByText(/Syncing is paused/).waitFor()
    await form.getByRole('button', { name: 'Create group' }).click()
    await form.waitFor({ state: 'detached' })
    await page
      .getByRole('status')
      .getByText(/^Saved/)
      .waitFor()

    const question = await signInAgainAsOtherUser(page)
    const said = (await question.textContent()) ?? ''
    expect(said).toContain('1 change')
    expect(said).toContain(firstFirm)
    expect(said).toMatch(/cannot be sent/)
    // Keyboard focus is in the question, and goes back into signing in again after Cancel.
    const focusIn = async (dialog: Locator): Promise<boolean> => (await dialog.locator(':focus').count()) === 1
    expect(await focusIn(question)).toBe(true)

    await question.getByRole('button', { name: 'Cancel' }).click()
    await question.waitFor({ state: 'detached' })
    // Back to signing in again, for the same account: nothing switched.
    const signInAgain = page.getByRole('dialog', { name: 'Sign in again' })
    await signInAgain.waitFor()
    expect(await focusIn(signInAgain)).toBe(true)
    expect(await page.getByRole('list', { name: 'Accounts' }).count()).toBe(0)
    await page
      .getByRole('dialog', { name: 'Sign in again' })
      .getByRole('button', { name: /^Not now/ })
      .click()
    expect(await firmShown(page)).toBe(firstFirm)
  })

  it("going on keeps that account's cache, and Sign out counts its change and removes it", async () => {
    const { page } = app
    const question = await signInAgainAsOtherUser(page)
    await question.getByRole('button', { name: 'Go on with this sign-in' }).click()
    const accounts = page.getByRole('list', { name: 'Accounts' })
    await accounts.getByRole('button').first().click()
    await page.locator('table[aria-label="Groups"] tbody tr').first().waitFor()
    expect(await accountCaches(page)).toContain(firstCache)

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click()
    const warning = page.getByRole('dialog', { name: 'Sign out?' })
    await warning.waitFor()
    const said = (await warning.textContent()) ?? ''
    expect(said).toContain('1 change')
    expect(said).toContain(firstFirm)
    await warning.getByRole('button', { name: 'Discard and sign out' }).click()
    await page.getByRole('button', { name: 'Explore the demo' }).waitFor()
    expect(await accountCaches(page)).toEqual([])
  })
})
