import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startApp,
  enterDemo,
  fullName,
  goTo,
  cutNetwork,
  restoreNetwork,
  type AppHarness,
} from '../support/app-harness'

// Edits through the real UI: a rename and a participant removal made offline are shown at
// once as pending, survive a reload, and reach Plannr when it is back; then server and UI agree.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 17, accounts: 300, groups: 5 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

describe('editing offline', () => {
  it('renames a group and removes a participant offline, keeps both over a reload, sends them once online', async () => {
    const { page, sandbox } = app
    const group = sandbox.store
      .groups()
      .find((candidate) => candidate.members.size >= 3 && candidate.members.size <= 200)
    if (!group) throw new Error('no suitable group')
    const originalName = group.name
    const membersBefore = sandbox.store.groupMembers(group.uuid)

    await cutNetwork(app)

    await page.getByRole('button', { name: originalName, exact: true }).click()
    const grid = page.getByRole('grid', { name: `Participants of ${originalName}` })
    await grid.waitFor()

    // Rename.
    await page.getByRole('button', { name: 'Edit details' }).click()
    const rename = page.getByRole('dialog', { name: 'Edit group details' })
    await rename.getByLabel('Name').fill('Renamed on the train')
    await rename.getByRole('button', { name: 'Save' }).click()
    await rename.waitFor({ state: 'detached' })
    await page
      .getByRole('heading', { name: /Renamed on the train/ })
      .getByText('Pending sync')
      .waitFor()

    // Remove the first participant, opened from the keyboard.
    const renamedGrid = page.getByRole('grid', { name: 'Participants of Renamed on the train' })
    await renamedGrid.getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
    await renamedGrid.focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    const details = page.getByRole('dialog', { name: 'Participant details' })
    await details.waitFor()
    const shownName = ((await details.getByRole('heading', { level: 2 }).textContent()) ?? '').trim()
    const leaving = membersBefore.find((member) => fullName(member) === shownName)
    if (!leaving) throw new Error(`participant ${shownName} not found in the group`)
    await page.getByRole('button', { name: `Remove ${shownName} from Renamed on the train` }).click()
    await page.getByText(`${(membersBefore.length - 1).toLocaleString('en-GB')} participants`).waitFor()
    await app.screenshot('20-edited-offline')

    await goTo(page, /^Waiting to sync/)
    const list = page.getByRole('list', { name: 'Changes waiting to sync' })
    await list.getByRole('listitem', { name: `group “${originalName}” renamed to “Renamed on the train”` }).waitFor()
    await list.getByRole('listitem', { name: /1 person removed from group/ }).waitFor()
    expect(sandbox.store.group(group.uuid)?.name).toBe(originalName)

    // Close and reopen the window: the edits are on disk.
    await page.reload()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    await goTo(page, /^Waiting to sync/)
    await page.getByRole('listitem', { name: /renamed to “Renamed on the train”/ }).waitFor()
    await page.getByRole('listitem', { name: /1 person removed from group/ }).waitFor()

    // Back online.
    sandbox.faults.clear()
    await page
      .getByRole('button', { name: 'Sync now' })
      .click()
      .catch(() => {})
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 180_000 })
    expect(sandbox.store.group(group.uuid)?.name).toBe('Renamed on the train')
    const membersAfter = sandbox.store.groupMembers(group.uuid).map((member) => member.uuid)
    expect(membersAfter).not.toContain(leaving.uuid)
    expect(membersAfter).toHaveLength(membersBefore.length - 1)

    // The UI agrees, with no pending marker left (after a pull sync too).
    await page
      .getByRole('button', { name: 'Sync now' })
      .click()
      .catch(() => {})
    await goTo(page, /^Groups/)
    const row = page.locator('table[aria-label="Groups"] tbody tr', { hasText: 'Renamed on the train' })
    await row.waitFor()
    await expect(row.getByText('Pending sync').count()).resolves.toBe(0)
    await page.getByRole('button', { name: 'Renamed on the train', exact: true }).click()
    await page.getByText(`${membersAfter.length.toLocaleString('en-GB')} participants`).waitFor({ timeout: 90_000 })
    await expect(
      page
        .getByRole('heading', { name: /Renamed on the train/ })
        .getByText('Pending sync')
        .count(),
    ).resolves.toBe(0)
    await app.screenshot('21-edits-synced')
  })
})

describe('a form never loses what was typed by accident', () => {
  it('a drag that ends outside the dialog keeps it; Esc asks first; Discard closes; an untouched form closes at once', async () => {
    const { page } = app
    await goTo(page, /^Groups/)
    await page.getByRole('button', { name: 'New group' }).click()
    const dialog = page.getByRole('dialog', { name: 'New group' })
    const name = dialog.getByLabel('Name')
    await name.fill('Hargreaves family review')

    // Selecting the name with the mouse, released a little past the dialog's edge.
    const field = await name.boundingBox()
    const box = await dialog.boundingBox()
    if (!field || !box) throw new Error('the dialog is not on screen')
    await page.mouse.move(field.x + field.width - 4, field.y + field.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width + 30, field.y + field.height / 2, { steps: 5 })
    await page.mouse.up()
    await expect(dialog.isVisible()).resolves.toBe(true)
    await expect(name.inputValue()).resolves.toBe('Hargreaves family review')

    // Esc on a form with something typed asks before anything is thrown away.
    await page.keyboard.press('Escape')
    const ask = dialog.getByRole('alertdialog', { name: 'Discard what you typed?' })
    await ask.waitFor()
    const keep = ask.getByRole('button', { name: 'Keep editing' })
    await expect(keep.evaluate((element) => element === document.activeElement)).resolves.toBe(true)
    await page.keyboard.press('Enter')
    await ask.waitFor({ state: 'detached' })
    await expect(name.inputValue()).resolves.toBe('Hargreaves family review')

    // The backdrop asks too; Discard closes.
    await page.mouse.click(box.x + box.width + 30, box.y + 10)
    await ask.getByRole('button', { name: 'Discard' }).click()
    await dialog.waitFor({ state: 'detached' })

    // Nothing typed: Esc closes at once.
    await page.getByRole('button', { name: 'New group' }).click()
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
  })

  it('a group opened while it waits to be created stays open, filled, once Plannr creates it', async () => {
    const { page, sandbox } = app
    // Clients the cache holds (members of a synced group), so the picker finds them offline.
    const cached = sandbox.store.groups().find((group) => group.members.size >= 2)
    const [first, second] = cached ? sandbox.store.groupMembers(cached.uuid) : []
    if (!first || !second) throw new Error('not enough clients')
    await cutNetwork(app)

    await goTo(page, /^Groups/)
    await page.getByRole('button', { name: 'New group' }).click()
    const dialog = page.getByRole('dialog', { name: 'New group' })
    await dialog.getByLabel('Name').fill('VIP on the train')
    for (const person of [first, second]) {
      await dialog.getByRole('combobox', { name: 'Participants' }).fill(person.lastName)
      await dialog
        .getByRole('option', { name: new RegExp(fullName(person)) })
        .first()
        .click()
    }
    await dialog.getByRole('button', { name: 'Create group' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'VIP on the train', exact: true }).click()
    const grid = page.getByRole('grid', { name: 'Participants of VIP on the train' })
    await grid.getByRole('row').nth(2).waitFor()

    // Plannr is back and creates it, under a uuid of its own; the next sync follows.
    await restoreNetwork(app)
    await expect.poll(() => sandbox.store.groupByName('VIP on the train') !== undefined, { timeout: 60_000 }).toBe(true)
    await page.getByRole('button', { name: 'Sync now' }).click()
    await page
      .getByRole('contentinfo', { name: 'Status' })
      .getByText('Online · last synced')
      .waitFor({ timeout: 60_000 })

    // Still the same group on screen, with its name, its two clients, and nothing pending.
    await expect
      .poll(() => page.getByRole('heading', { name: /VIP on the train/ }).count(), { timeout: 10_000 })
      .toBe(1)
    await expect
      .poll(() =>
        page
          .getByRole('heading', { name: /VIP on the train/ })
          .getByText('Pending sync')
          .count(),
      )
      .toBe(0)
    await grid.getByRole('row').nth(2).waitFor()
    await expect(grid.getByRole('row').count()).resolves.toBe(3)
    await page.getByRole('button', { name: 'Edit details' }).click()
    const details = page.getByRole('dialog', { name: 'Edit group details' })
    await expect(details.getByLabel('Name').inputValue()).resolves.toBe('VIP on the train')
    await details.getByRole('button', { name: 'Cancel' }).click()
  })
})
