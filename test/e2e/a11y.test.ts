import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, goTo, cutNetwork, restoreNetwork, type AppHarness } from '../support/app-harness'
import { checkScreen } from '../support/axe'

// Every screen and state, at 1280x800 and 1024x640, light and dark, checked with axe-core:
// no serious or critical finding and no landmark problem anywhere. A user with two logins, so the
// account picker and "Switch account" are on the way; screenshots go to test-results/screens/.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 23, accounts: 500, groups: 6 })
})
afterAll(async () => {
  await app?.close()
})

async function expectClean(name: string): Promise<void> {
  expect(await checkScreen(app, name)).toEqual([])
}

describe('every screen passes axe, light and dark, at both window sizes', () => {
  it('sign-in and its errors', async () => {
    const { page, sandbox } = app
    await page.getByLabel('Personal access token').waitFor()
    await expectClean('sign-in')
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByText('Paste your personal access token first.').waitFor()
    await expectClean('sign-in-empty-token')
    await page.getByRole('button', { name: 'Advanced' }).click()
    await page.getByLabel('API address').fill(sandbox.url)
    await page.getByLabel('Personal access token').fill('not-a-real-token')
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByRole('alert').waitFor()
    await expectClean('sign-in-refused')
  })

  it('the account picker, the groups, a group and its details', async () => {
    const { page, sandbox } = app
    await page.getByLabel('Personal access token').fill(sandbox.multiLoginToken)
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    const accounts = page.getByRole('list', { name: 'Accounts' })
    await accounts.waitFor()
    await expectClean('choose-account')
    await accounts.getByRole('button').first().click()
    await page.getByRole('heading', { name: 'Groups' }).waitFor()
    await page.locator('table[aria-label="Groups"] tbody tr').first().waitFor()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 60_000 })
    await expectClean('groups')

    const largest = sandbox.store.largestGroup()
    await page.getByRole('button', { name: largest.name, exact: true }).click()
    const grid = page.getByRole('grid', { name: `Participants of ${largest.name}` })
    await grid.getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
    await expectClean('group')

    await grid.getByRole('row').nth(2).click()
    await page.getByRole('dialog', { name: 'Participant details' }).waitFor()
    await expectClean('group-details')
    await page.keyboard.press('Escape')

    // Bulk selection: the bar with its count and actions, and its "Add to group" dialog.
    await grid
      .getByRole('row')
      .nth(2)
      .click({ modifiers: ['Control'] })
    await grid
      .getByRole('row')
      .nth(4)
      .click({ modifiers: ['Shift'] })
    const bar = page.getByRole('toolbar', { name: 'Selected participants' })
    await bar.getByText('3 selected').waitFor()
    await expectClean('group-selection')
    await bar.getByRole('button', { name: 'Add to group' }).click()
    await page.getByRole('dialog', { name: 'Add 3 participants to a group' }).waitFor()
    await expectClean('bulk-add-to-group')
    await page.keyboard.press('Escape')
    await bar.getByRole('button', { name: 'Clear selection' }).click()

    // The keyboard shortcuts help.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
    await expectClean('keyboard-shortcuts')
    await page.keyboard.press('Escape')

    // A filtered group: chips for what is applied, "n of m", a vulnerable marker where tagged.
    await page.getByLabel('Filter by type').selectOption('client')
    const tag = page.getByLabel('Filter by tag')
    await tag.locator('option', { hasText: 'Vulnerable client' }).waitFor({ state: 'attached' })
    await tag.selectOption('Vulnerable client')
    await page.getByRole('list', { name: 'Filters applied' }).getByRole('button').nth(1).waitFor()
    await grid.getByText('Vulnerable', { exact: true }).first().waitFor()
    await expectClean('group-filtered')
    await page.getByRole('button', { name: 'Clear all filters' }).click()
  })

  it("reviews due, and a client's details with an overdue review", async () => {
    const { page } = app
    await goTo(page, /^Reviews/)
    const grid = page.getByRole('grid', { name: /^Reviews due/ })
    await grid.getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
    await expectClean('reviews')
    await grid.getByRole('row').nth(1).click()
    await page.getByRole('dialog', { name: 'Participant details' }).getByText('Overdue', { exact: true }).waitFor()
    await expectClean('reviews-details')
    await page.keyboard.press('Escape')
  })

  it('quick search, circles, business units, about and switch account', async () => {
    const { page, sandbox } = app
    const someone = sandbox.store.groupMembers(sandbox.store.largestGroup().uuid)[0]
    if (!someone) throw new Error('empty group')
    await page.keyboard.press('Control+k')
    const search = page.getByRole('dialog', { name: 'Quick search' })
    await search.getByRole('combobox', { name: 'Search all participants' }).fill(someone.lastName)
    await search.getByRole('option').first().waitFor()
    await expectClean('quick-search')
    await page.keyboard.press('Escape')

    await goTo(page, /^Circles/)
    await page.getByRole('table', { name: 'Circles' }).waitFor()
    await expectClean('circles')
    await goTo(page, /^Business units/)
    await page.getByRole('table', { name: 'Business units' }).waitFor()
    await expectClean('business-units')

    await page.getByRole('button', { name: 'About' }).click()
    await page.getByRole('dialog', { name: 'About Plannr Desktop' }).getByLabel('Data folder').waitFor()
    await expectClean('about')
    await page.keyboard.press('Escape')

    await page.getByRole('button', { name: 'Switch account' }).click()
    await page.getByRole('dialog', { name: 'Switch account' }).waitFor()
    await expectClean('switch-account')
    await page.keyboard.press('Escape')
    await page.getByRole('dialog', { name: 'Switch account' }).waitFor({ state: 'detached' })
  })

  it('every form with its errors', async () => {
    const { page, sandbox } = app
    await goTo(page, /^Groups/)
    await page.getByRole('button', { name: 'New group' }).click()
    const group = page.getByRole('dialog', { name: 'New group' })
    await group.getByRole('button', { name: 'Create group' }).click()
    await group.getByLabel('Name').and(page.locator('[aria-invalid="true"]')).waitFor()
    await expectClean('form-new-group-errors')
    await page.keyboard.press('Escape')

    await goTo(page, /^Circles/)
    await page.getByRole('button', { name: 'New circle' }).click()
    const circle = page.getByRole('dialog', { name: 'New circle' })
    await circle.getByRole('button', { name: 'Create circle' }).click()
    await circle.getByLabel('Name').and(page.locator('[aria-invalid="true"]')).waitFor()
    await expectClean('form-new-circle-errors')
    await page.keyboard.press('Escape')

    await goTo(page, /^Business units/)
    await page.getByRole('button', { name: 'New business unit' }).click()
    const unit = page.getByRole('dialog', { name: 'New business unit' })
    await unit.getByRole('button', { name: 'Create business unit' }).click()
    await unit.getByLabel('Name').and(page.locator('[aria-invalid="true"]')).waitFor()
    await expectClean('form-new-business-unit-errors')
    await page.keyboard.press('Escape')

    await goTo(page, /^Groups/)
    const largest = sandbox.store.largestGroup()
    await page.getByRole('button', { name: largest.name, exact: true }).click()
    await page.getByRole('button', { name: 'Edit details' }).click()
    const details = page.getByRole('dialog', { name: 'Edit group details' })
    await details.getByLabel('Name').fill('')
    await details.getByRole('button', { name: 'Save' }).click()
    await details.getByLabel('Name').and(page.locator('[aria-invalid="true"]')).waitFor()
    await expectClean('form-group-details-errors')
    // The name was changed (emptied): Esc asks before throwing that away.
    await page.keyboard.press('Escape')
    const ask = details.getByRole('alertdialog', { name: 'Discard what you typed?' })
    await ask.waitFor()
    await expectClean('form-discard-ask')
    await ask.getByRole('button', { name: 'Discard' }).click()
    await details.waitFor({ state: 'detached' })

    await page.getByRole('button', { name: 'Add participants' }).click()
    const add = page.getByRole('dialog', { name: 'Add participants' })
    await add.getByRole('button', { name: 'Add', exact: true }).click()
    await add.locator('[aria-invalid="true"]').waitFor()
    await expectClean('form-add-participants-errors')
    await page.keyboard.press('Escape')
  })

  it('waiting to sync, with changes retrying, refused and waiting on another', async () => {
    const { page, sandbox } = app
    sandbox.store.createGroup({ name: 'Taken Elsewhere' })
    sandbox.faults.set('POST /api/v1/group', { errorRate: 1 })
    await goTo(page, /^Groups/)
    for (const name of ['Taken Elsewhere', 'Flaky Server Group']) {
      await page.getByRole('button', { name: 'New group' }).click()
      const dialog = page.getByRole('dialog', { name: 'New group' })
      await dialog.getByLabel('Name').fill(name)
      if (name === 'Taken Elsewhere') sandbox.faults.clear('POST /api/v1/group')
      else sandbox.faults.set('POST /api/v1/group', { errorRate: 1 })
      await dialog.getByRole('button', { name: 'Create group' }).click()
      await dialog.waitFor({ state: 'detached' })
      if (name === 'Taken Elsewhere') {
        await goTo(page, /^Waiting to sync/)
        await page
          .getByRole('listitem', { name: /Taken Elsewhere/ })
          .getByText('Needs attention')
          .first()
          .waitFor({ timeout: 30_000 })
        await goTo(page, /^Groups/)
      }
    }
    await goTo(page, /^Circles/)
    await page.getByRole('button', { name: 'New circle' }).click()
    const circle = page.getByRole('dialog', { name: 'New circle' })
    await circle.getByLabel('Name').fill('Circle Waiting On A Group')
    const someone = sandbox.store.groupMembers(sandbox.store.largestGroup().uuid)[0]
    if (!someone) throw new Error('empty group')
    await circle.getByRole('combobox', { name: 'Accounts' }).fill(someone.lastName)
    await circle.getByRole('option').first().waitFor()
    await page.keyboard.press('Enter')
    await circle.getByRole('checkbox', { name: 'Flaky Server Group' }).check()
    await circle.getByRole('button', { name: 'Create circle' }).click()
    await circle.waitFor({ state: 'detached' })

    await goTo(page, /^Waiting to sync/)
    const list = page.getByRole('list', { name: 'Changes waiting to sync' })
    await list
      .getByRole('listitem', { name: /Flaky Server Group/ })
      .getByText(/Retrying|Will retry/)
      .waitFor({ timeout: 30_000 })
    await list.getByRole('listitem', { name: /Circle Waiting On A Group/ }).waitFor()
    await expectClean('waiting-to-sync')
    sandbox.faults.clear()
  })

  it('offline', async () => {
    const { page } = app
    await goTo(page, /^Groups/)
    await cutNetwork(app)
    await expectClean('offline')
    await restoreNetwork(app)
  })

  it('re-sign-in after Plannr refuses the token', async () => {
    const { page, sandbox } = app
    // The user revoked the token in Plannr (the sandbox's token table is mutable for tests).
    const tokens = sandbox.store.personalAccessTokens as Map<string, string>
    const owner = tokens.get(sandbox.multiLoginToken)
    if (!owner) throw new Error('no token owner')
    tokens.delete(sandbox.multiLoginToken)
    await page
      .getByRole('button', { name: 'Sync now' })
      .click()
      .catch(() => {})
    await page.getByRole('button', { name: 'Sign in again' }).waitFor({ timeout: 30_000 })
    await expectClean('reauth-banner')
    await page.getByRole('button', { name: 'Sign in again' }).click()
    const dialog = page.getByRole('dialog', { name: 'Sign in again' })
    await dialog.waitFor()
    await expectClean('reauth')
    await dialog.getByRole('button', { name: /Not now/ }).click()
    await dialog.waitFor({ state: 'detached' })
    tokens.set(sandbox.multiLoginToken, owner)
  })
})
