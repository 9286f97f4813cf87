import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, enterDemo, goTo, createGroupInForm, type AppHarness } from '../support/app-harness'
import { setStoredPayloadField } from '../support/stored-outbox'

// An item stored with a payload this version refuses (a name longer than Plannr takes, as an
// older version could have queued) is named by what it holds and opens in its form with the
// refused field's error, for the adviser to fix and send. Only one Plannr cannot have: edited, a
// create Plannr may have made would be sent as a second one.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 23, accounts: 200, groups: 4 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

describe('edit and send an item this version cannot read', () => {
  it('opens the form with the stored name and its error; the fixed group is sent', async () => {
    const { page, sandbox } = app
    // Refused (not a 5xx, after which Plannr may have made it): it waits for the adviser.
    sandbox.faults.set('POST /api/v1/group', { status: 409 })
    await createGroupInForm(page, 'Stored by an older version')
    const tooLong = `Long${'x'.repeat(296)}`
    expect(await page.evaluate(setStoredPayloadField, { field: 'name', value: tooLong })).toBe(1)
    await page.reload()
    await goTo(page, /^Waiting to sync/)

    // The card names the group by the name it holds, not by the operation's kind.
    const item = page.getByRole('listitem', { name: /Longxxx/ })
    await item.getByText(/not valid any more/).waitFor()
    await item.getByRole('button', { name: /^Edit and send/ }).click()
    const form = page.getByRole('dialog', { name: 'Edit group' })
    await form.getByText('The name may not be greater than 255 characters.').waitFor()
    // Shown as stored, not cut to the limit behind the adviser's back.
    await expect(form.getByLabel('Name').inputValue()).resolves.toBe(tooLong)

    sandbox.faults.clear()
    await form.getByLabel('Name').fill('Fixed after the upgrade')
    await form.getByRole('button', { name: 'Save and send' }).click()
    await form.waitFor({ state: 'detached' })
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 90_000 })
    expect(sandbox.store.groups().filter((group) => group.name === 'Fixed after the upgrade')).toHaveLength(1)
  })
})
