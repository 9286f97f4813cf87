import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, enterDemo, goTo, type AppHarness } from '../support/app-harness'

// An edit form left open while a sync brings in a colleague's change: saving it sends only what
// the user changed there, so the colleague's change to another field stays on Plannr.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 17, accounts: 200, groups: 4 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

describe('a form open across a sync', () => {
  it('renaming a group keeps the business unit a colleague gave it while the form was open', async () => {
    const { page, sandbox, shell } = app
    const group = sandbox.store.groups()[0]
    const unit = sandbox.store.businessUnits().find((candidate) => candidate.uuid !== group?.businessUnit)
    if (!group || !unit) throw new Error('the sandbox lacks a group or another business unit')

    await page.getByRole('button', { name: group.name, exact: true }).click()
    await page.getByRole('grid', { name: `Participants of ${group.name}` }).waitFor()
    await page.getByRole('button', { name: 'Edit details' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit group details' })
    await dialog.getByLabel('Name').waitFor()

    // A colleague moves the group; the app menu's Sync now brings it in behind the open form.
    sandbox.store.updateGroup(group.uuid, { businessUnit: unit.uuid })
    shell.emit('menu', { command: 'sync-now' })
    await page.locator('p', { hasText: `· ${unit.name}` }).waitFor({ timeout: 180_000 })

    await dialog.getByLabel('Name').fill('Renamed with the form open')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    await goTo(page, /^Waiting to sync/)
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 180_000 })

    expect(sandbox.store.group(group.uuid)).toMatchObject({
      name: 'Renamed with the form open',
      businessUnit: unit.uuid,
    })
  })
})
