import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from '../support/app-harness'

// A user with two logins in two firms: the app asks which account to act as, keeps one offline
// cache per account, and lets the user switch later.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 5, accounts: 400, groups: 6 })
})
afterAll(async () => {
  await app?.close()
})

describe('several logins', () => {
  it('asks which account to use after a token sign-in, showing firm and role', async () => {
    const { page, sandbox } = app
    await page.getByRole('button', { name: 'Advanced' }).click()
    await page.getByLabel('API address').fill(sandbox.url)
    await page.getByLabel('Personal access token').fill(sandbox.multiLoginToken)
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    const accounts = page.getByRole('list', { name: 'Accounts' })
    await accounts.waitFor()
    expect(await accounts.getByRole('listitem').count()).toBe(2)
    await app.screenshot('13-choose-account')
    await accounts.getByRole('button').first().click()
    await page.getByRole('heading', { name: 'Groups' }).waitFor()
  })

  it('switches to the other account, with that firm’s own data', async () => {
    const { page } = app
    const firstFirm = (await page.getByRole('navigation', { name: 'Main' }).locator('.who span').textContent()) ?? ''
    await page.getByRole('button', { name: 'Switch account' }).click()
    const accounts = page.getByRole('list', { name: 'Accounts' })
    const other = accounts.getByRole('button').filter({ hasNotText: firstFirm.trim() }).first()
    await other.click()
    await page.getByRole('heading', { name: 'Groups' }).waitFor()
    await page.waitForFunction(
      (before) => document.querySelector('nav[aria-label="Main"] .who span')?.textContent?.trim() !== before,
      firstFirm.trim(),
    )
    const secondFirm = (await page.getByRole('navigation', { name: 'Main' }).locator('.who span').textContent()) ?? ''
    expect(secondFirm.trim()).not.toBe(firstFirm.trim())
  })

  it('a switch under way is not started twice nor half-cancelled: the picker waits, then one account is open', async () => {
    const { page } = app
    const firm = () => page.getByRole('navigation', { name: 'Main' }).locator('.who span').textContent()
    const before = ((await firm()) ?? '').trim()
    // A slow main: the account choice waits until the test lets it go, so the switch is seen
    // under way (closing the old account no longer waits on anything slow).
    const handlers = app.shell.services.handlers
    const choose = handlers['auth.chooseAccount']
    let letGo = (): void => {}
    const held = new Promise<void>((resolve) => (letGo = resolve))
    handlers['auth.chooseAccount'] = async (input) => {
      await held
      return choose(input)
    }
    await page.getByRole('button', { name: 'Switch account' }).click()
    const dialog = page.getByRole('dialog', { name: 'Switch account' })
    const other = dialog
      .getByRole('list', { name: 'Accounts' })
      .getByRole('button')
      .filter({ hasNotText: before })
      .first()
    await other.click()
    // While the old account closes, the picker says it is busy: no second switch, and no
    // "Keep the current account" that would be ignored once the close is done.
    await expect(other.isDisabled()).resolves.toBe(true)
    await expect(dialog.getByRole('button', { name: 'Keep the current account' }).isDisabled()).resolves.toBe(true)
    await page.keyboard.press('Escape')
    await expect(dialog.isVisible()).resolves.toBe(true)
    letGo()
    handlers['auth.chooseAccount'] = choose
    await dialog.waitFor({ state: 'detached', timeout: 60_000 })
    await page.getByRole('heading', { name: 'Groups' }).waitFor()
    await page.waitForFunction(
      (old) => document.querySelector('nav[aria-label="Main"] .who span')?.textContent?.trim() !== old,
      before,
    )
  })
})
