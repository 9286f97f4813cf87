import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import {
  startApp,
  enterDemo,
  goTo,
  cutNetwork,
  restoreNetwork,
  createGroupInForm,
  type AppHarness,
} from '../support/app-harness'

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

  it('the business unit made offline stays chosen in the form when it reaches Plannr while the form is open', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.groups()[1]
    if (!group) throw new Error('the sandbox lacks a second group')
    const unitName = 'Unit made on the train'

    await cutNetwork(app)
    await createBusinessUnitInForm(unitName)

    await goTo(page, /^Groups/)
    await page.getByRole('button', { name: group.name, exact: true }).click()
    await page.getByRole('grid', { name: `Participants of ${group.name}` }).waitFor()
    await page.getByRole('button', { name: 'Edit details' }).click()
    const first = page.getByRole('dialog', { name: 'Edit group details' })
    await first.getByLabel('Business unit').selectOption({ label: unitName })
    await first.getByRole('button', { name: 'Save' }).click()
    await first.waitFor({ state: 'detached' })

    // Opened while the unit is still only on this computer, left open while it is sent.
    await page.getByRole('button', { name: 'Edit details' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit group details' })
    const chosen = () =>
      dialog.getByLabel('Business unit').evaluate((select) => {
        const options = (select as unknown as { selectedOptions: ArrayLike<{ textContent: string | null }> })
          .selectedOptions
        return options[0]?.textContent?.trim() ?? null
      })
    await expect.poll(chosen).toBe(unitName)
    await restoreNetwork(app)
    const unitOnPlannr = () => sandbox.store.businessUnits().find((unit) => unit.name === unitName)?.uuid
    await expect
      .poll(() => !!unitOnPlannr() && sandbox.store.group(group.uuid)?.businessUnit === unitOnPlannr(), {
        timeout: 180_000,
      })
      .toBe(true)
    // The form's list now offers the unit under Plannr's uuid: it must still show it chosen.
    await expect.poll(chosen, { timeout: 30_000 }).toBe(unitName)

    await dialog.getByLabel('Name').fill('Renamed after the unit landed')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    await goTo(page, /^Waiting to sync/)
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 180_000 })
    expect(sandbox.store.group(group.uuid)).toMatchObject({
      name: 'Renamed after the unit landed',
      businessUnit: unitOnPlannr(),
    })
  })

  it('a group made offline and ticked in New circle stays ticked when it reaches Plannr, and the circle holds it once', async () => {
    const { page, sandbox } = app
    const groupName = 'Smiths'
    const person = sandbox.store.accounts().find((account) => account.type === 'client')
    if (!person) throw new Error('the sandbox lacks a client')

    const dialog = await makeOfflineThenOpenForm({ group: groupName }, { section: /^Circles/, form: 'New circle' })
    await dialog.getByLabel('Name', { exact: true }).fill('Smith family')
    await dialog.getByRole('combobox', { name: 'Accounts' }).fill(person.lastName)
    await dialog
      .getByRole('option', { name: new RegExp(`${person.firstName} ${person.lastName}`) })
      .first()
      .click()
    const box = dialog.getByRole('checkbox', { name: groupName })
    await box.check()
    await markAsOffline(box)

    // The dialog covers the status bar's Sync now: the app finds Plannr back by itself.
    sandbox.faults.clear()
    await expect.poll(() => sandbox.store.groupByName(groupName)?.uuid, { timeout: 180_000 }).toBeTruthy()
    await listedAgainUnderPlannrsUuid(box)
    await expect.poll(() => box.isChecked(), { timeout: 30_000 }).toBe(true)

    await dialog.getByRole('button', { name: 'Create circle' }).click()
    await dialog.waitFor({ state: 'detached' })
    await goTo(page, /^Waiting to sync/)
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 180_000 })
    const circle = sandbox.store.circles().find((candidate) => candidate.name === 'Smith family')
    expect(circle?.groups).toEqual([sandbox.store.groupByName(groupName)?.uuid])
  })

  it('a group made offline and ticked in Edit circle stays ticked when it reaches Plannr; unticked, it is not sent', async () => {
    const { page, sandbox } = app
    const groupName = 'Joneses'
    const circle = sandbox.store.circles()[0]
    if (!circle) throw new Error('the sandbox lacks a circle')
    // The store's record changes with the save: what it held before is copied now.
    const circleName = circle.name
    const groupsBefore = [...circle.groups]

    const dialog = await makeOfflineThenOpenForm(
      { group: groupName },
      { section: /^Circles/, button: `Edit ${circleName}`, form: 'Edit circle' },
    )
    const box = dialog.getByRole('checkbox', { name: groupName })
    await box.check()
    await markAsOffline(box)

    // The dialog covers the status bar's Sync now: the app finds Plannr back by itself.
    sandbox.faults.clear()
    await expect.poll(() => sandbox.store.groupByName(groupName)?.uuid, { timeout: 180_000 }).toBeTruthy()
    await listedAgainUnderPlannrsUuid(box)
    await expect.poll(() => box.isChecked(), { timeout: 30_000 }).toBe(true)

    // The adviser changes their mind: out of the circle means not sent.
    await box.uncheck()
    await dialog.getByLabel('Name', { exact: true }).fill(`${circleName} (edited)`)
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    await dialog.waitFor({ state: 'detached' })
    await goTo(page, /^Waiting to sync/)
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 180_000 })
    expect(sandbox.store.circle(circle.uuid)).toMatchObject({ name: `${circleName} (edited)`, groups: groupsBefore })
  })

  it('a business unit made offline and chosen in New group stays chosen when it reaches Plannr', async () => {
    const { page, sandbox } = app
    const unitName = 'Unit for a new group'

    const dialog = await makeOfflineThenOpenForm({ businessUnit: unitName }, { section: /^Groups/, form: 'New group' })
    await dialog.getByLabel('Name', { exact: true }).fill('Group of the new unit')
    const chosen = () =>
      dialog.getByLabel('Business unit').evaluate((select) => {
        const options = (select as unknown as { selectedOptions: ArrayLike<{ textContent: string | null }> })
          .selectedOptions
        return options[0]?.textContent?.trim() ?? null
      })
    await dialog.getByLabel('Business unit').selectOption({ label: unitName })
    await expect.poll(chosen).toBe(unitName)
    const option = dialog.getByRole('option', { name: unitName })
    await markAsOffline(option)

    // The dialog covers the status bar's Sync now: the app finds Plannr back by itself.
    sandbox.faults.clear()
    const unitOnPlannr = () => sandbox.store.businessUnitByName(unitName)?.uuid
    await expect.poll(unitOnPlannr, { timeout: 180_000 }).toBeTruthy()
    // Once the list offers the unit under Plannr's uuid, it is still the one chosen.
    await listedAgainUnderPlannrsUuid(option)
    await expect.poll(chosen, { timeout: 30_000 }).toBe(unitName)

    await dialog.getByRole('button', { name: 'Create group' }).click()
    await dialog.waitFor({ state: 'detached' })
    await goTo(page, /^Waiting to sync/)
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 180_000 })
    expect(sandbox.store.groupByName('Group of the new unit')?.businessUnit).toBe(unitOnPlannr())
  })
})

/** Creates a business unit through Business units → New business unit and waits for the form to close. */
async function createBusinessUnitInForm(name: string): Promise<void> {
  const { page } = app
  await goTo(page, /^Business units/)
  await page.getByRole('button', { name: 'New business unit' }).click()
  const create = page.getByRole('dialog', { name: 'New business unit' })
  await create.getByLabel('Name').fill(name)
  await create.getByRole('button', { name: 'Create business unit' }).click()
  await create.waitFor({ state: 'detached' })
}

/**
 * The start of a test of a record made offline and picked in a form: the network is cut, the
 * record made (it is only on this computer, under a temporary uuid), and the form opened from
 * the button in `section` (named as the form unless `button` says otherwise). Returns the form.
 */
async function makeOfflineThenOpenForm(
  made: { group: string } | { businessUnit: string },
  open: { section: RegExp; form: string; button?: string },
): Promise<Locator> {
  const { page } = app
  await cutNetwork(app)
  if ('group' in made) await createGroupInForm(page, made.group)
  else await createBusinessUnitInForm(made.businessUnit)
  await goTo(page, open.section)
  await page.getByRole('button', { name: open.button ?? open.form }).click()
  return page.getByRole('dialog', { name: open.form })
}

/** Marks the element a form lists a record made offline by (it is keyed by the temporary uuid). */
async function markAsOffline(element: Locator): Promise<void> {
  await element.evaluate((node) => node.setAttribute('data-listed-offline', ''))
}

/**
 * Waits until the form lists the record by a new element: its list is keyed by uuid, so that is
 * the moment it offers the record under Plannr's uuid (before it, the form has nothing to follow).
 */
async function listedAgainUnderPlannrsUuid(element: Locator): Promise<void> {
  await expect
    .poll(() => element.evaluate((node) => node.hasAttribute('data-listed-offline')), { timeout: 180_000 })
    .toBe(false)
}
