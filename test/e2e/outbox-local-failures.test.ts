import type { Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, enterDemo, fullName, goTo, type AppHarness } from '../support/app-harness'
import { failStorageWrites, restoreStorage } from '../support/storage-faults'

// This computer's disk fails under the app, not Plannr: what the user sees in the form when a
// change cannot be queued, and in "Waiting to sync" when Plannr's answer cannot be written down.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 21, accounts: 200, groups: 4 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

/** A client of the seeded firm to pick in a form. */
function someClient(skip = 0): { uuid: string; firstName: string; lastName: string } {
  const client = app.sandbox.store.accounts().filter((account) => account.type === 'client')[skip]
  if (!client) throw new Error('the sandbox has no client')
  return client
}

/** Opens "New group" and fills it in (not submitted): returns the dialog. */
async function fillNewGroup(name: string, person: { firstName: string; lastName: string }): Promise<Locator> {
  const { page } = app
  await goTo(page, /^Groups/)
  await page.getByRole('button', { name: 'New group' }).click()
  const dialog = page.getByRole('dialog', { name: 'New group' })
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByRole('combobox', { name: 'Participants' }).fill(person.lastName)
  await dialog
    .getByRole('option', { name: new RegExp(fullName(person)) })
    .first()
    .click()
  return dialog
}

describe('when this computer cannot store a change', () => {
  it('the form says so in a banner and keeps what the user typed; sending again works once there is room', async () => {
    const { page, sandbox } = app
    const person = someClient()
    const dialog = await fillNewGroup('Kept Through A Full Disk', person)

    await failStorageWrites(page, { store: 'outbox' })
    await dialog.getByRole('button', { name: 'Create group' }).click()
    const banner = dialog.getByRole('alert').filter({ hasText: "Couldn't save this change on this computer" })
    await banner.waitFor()
    await expect(banner.textContent()).resolves.toContain('out of space')
    await app.screenshot('40-not-saved-banner')
    // Still open, with what was typed and picked.
    await expect(dialog.getByLabel('Name').inputValue()).resolves.toBe('Kept Through A Full Disk')
    await dialog.getByRole('list', { name: 'Chosen participants' }).getByText(fullName(person)).waitFor()
    expect(sandbox.store.groupByName('Kept Through A Full Disk')).toBeUndefined()

    await restoreStorage(page)
    await dialog.getByRole('button', { name: 'Create group' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect
      .poll(() => [...(sandbox.store.groupByName('Kept Through A Full Disk')?.members ?? [])], { timeout: 90_000 })
      .toEqual([person.uuid])
  })

  it('shows "Couldn\'t save Plannr\'s answer" with Try now, and the change lands once when there is room', async () => {
    const { page, sandbox } = app
    const person = someClient(1)
    // Only Plannr's answer fails to be written: the pending copy is stored, the create is sent.
    await failStorageWrites(page, { store: 'groups', name: 'Answer Not Saved', settledOnly: true })
    const dialog = await fillNewGroup('Answer Not Saved', person)
    await dialog.getByRole('button', { name: 'Create group' }).click()
    await dialog.waitFor({ state: 'detached' })

    await goTo(page, /^Waiting to sync/)
    const item = page.getByRole('listitem', { name: /Answer Not Saved/ })
    await item.getByText("Couldn't save Plannr's answer").waitFor({ timeout: 90_000 })
    await item.getByRole('button', { name: /^Try now/ }).waitFor()
    await app.screenshot('41-answer-not-saved')
    // Plannr has it; the app has not sent it again while it could not note that.
    expect(sandbox.store.groups().filter((group) => group.name === 'Answer Not Saved')).toHaveLength(1)

    await restoreStorage(page)
    // The automatic lookup may get there first; either way the button must not fail the change.
    await item
      .getByRole('button', { name: /^Try now/ })
      .click({ timeout: 5_000 })
      .catch(() => {})
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 90_000 })
    const made = sandbox.store.groups().filter((group) => group.name === 'Answer Not Saved')
    expect(made).toHaveLength(1)
    expect([...(made[0]?.members ?? [])]).toEqual([person.uuid])
    await goTo(page, /^Groups/)
    const row = page.locator('table[aria-label="Groups"] tbody tr', { hasText: 'Answer Not Saved' })
    await row.waitFor()
    await expect(row.getByText('Pending sync').count()).resolves.toBe(0)
  })

  it('Send again says when this computer could not store it, and works once there is room', async () => {
    const { page, sandbox } = app
    const person = someClient(2)
    sandbox.faults.set('POST /api/v1/group', { status: 409 })
    const dialog = await fillNewGroup('Sent Again Through A Full Disk', person)
    await dialog.getByRole('button', { name: 'Create group' }).click()
    await dialog.waitFor({ state: 'detached' })
    await goTo(page, /^Waiting to sync/)
    const item = page.getByRole('listitem', { name: /Sent Again Through A Full Disk/ })
    await item.getByText('Needs attention').waitFor({ timeout: 90_000 })
    sandbox.faults.clear()

    await failStorageWrites(page, { store: 'outbox' })
    await item.getByRole('button', { name: /^Send again/ }).click()
    const toast = page.locator('.toast span').first()
    await expect.poll(() => toast.textContent()).toMatch(/^Couldn't save this on this computer \(.*out of space.*\)/)
    await expect(item.getByText('Needs attention').count()).resolves.toBe(1)

    await restoreStorage(page)
    await item.getByRole('button', { name: /^Send again/ }).click()
    await item.waitFor({ state: 'detached', timeout: 90_000 })
    expect(sandbox.store.groups().filter((group) => group.name === 'Sent Again Through A Full Disk')).toHaveLength(1)
  })
})
