import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { startApp, enterDemo, fullName, goTo, cutNetwork, type AppHarness } from '../support/app-harness'
import { checkScreen } from '../support/axe'

// What someone else changes on Plannr reaches what is open on screen after a sync: a group
// deleted there closes, a form open on it says it cannot be saved, and open details show the
// client as Plannr has them now.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 53, accounts: 300, groups: 6 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

/**
 * A client in `groupUuid` whose name no one else shares (so a search finds only them); a client,
 * not one of the firm's staff, whose deletion would take the signed-in login's rights with it.
 * `inOtherGroup`: one who is also in another group, so leaving this one keeps them on this computer.
 */
function uniqueMember(groupUuid: string, options: { inOtherGroup?: boolean } = {}): { uuid: string; name: string } {
  const store = app.sandbox.store
  const names = new Map<string, number>()
  for (const account of store.accounts()) names.set(fullName(account), (names.get(fullName(account)) ?? 0) + 1)
  const inAnother = (uuid: string): boolean =>
    store.groups().some((group) => group.uuid !== groupUuid && group.members.has(uuid))
  const member = store
    .groupMembers(groupUuid)
    .find(
      (candidate) =>
        candidate.type === 'client' &&
        names.get(fullName(candidate)) === 1 &&
        (!options.inOtherGroup || inAnother(candidate.uuid)),
    )
  if (!member) throw new Error('no member with a unique name')
  return { uuid: member.uuid, name: fullName(member) }
}

async function openGroup(page: Page, name: string): Promise<void> {
  await goTo(page, /^Groups/)
  await page.getByRole('button', { name, exact: true }).click()
  await page.getByRole('heading', { level: 1, name }).waitFor()
}

/** Opens the details of the client called `name` from the open group's table. */
async function openDetails(page: Page, name: string): Promise<void> {
  await page.getByLabel('Search participants').fill(name)
  const grid = page.getByRole('grid')
  await grid.getByRole('row', { name: new RegExp(name) }).waitFor()
  await grid.getByRole('row', { name: new RegExp(name) }).click()
  await page.getByRole('dialog', { name: 'Participant details' }).getByRole('heading', { name }).waitFor()
}

describe('changes made on Plannr reach what is open', () => {
  it('open details show the client as the last sync left them, and say when the client is gone', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.largestGroup()
    const client = uniqueMember(group.uuid)
    await openGroup(page, group.name)
    await openDetails(page, client.name)
    const details = page.getByRole('dialog', { name: 'Participant details' })

    const renamed = fullName(sandbox.store.updateAccount(client.uuid, { firstName: 'Renamed' }))
    await page.keyboard.press('F5')
    await details.getByRole('heading', { level: 2, name: renamed }).waitFor()

    // Deleted on Plannr: the panel says so, and no longer offers to remove them from the group.
    const remove = details.getByRole('button', { name: `Remove ${renamed} from ${group.name}` })
    expect(await remove.count()).toBe(1)
    sandbox.store.deleteAccount(client.uuid)
    await page.keyboard.press('F5')
    await details.getByText(/no longer on this computer/).waitFor()
    expect(await remove.count()).toBe(0)
    await details.getByRole('button', { name: 'Close details' }).click()
    await details.waitFor({ state: 'detached' })
  })

  it('details opened from quick search follow a sync too', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.largestGroup()
    const client = uniqueMember(group.uuid)
    await page.keyboard.press('Control+k')
    const search = page.getByRole('dialog', { name: 'Quick search' })
    await search.waitFor()
    await page.keyboard.type(client.name)
    const results = search.getByRole('listbox', { name: 'Search results' })
    await expect.poll(() => results.getAttribute('aria-busy')).toBe('false')
    await results.getByRole('option').first().waitFor()
    await page.keyboard.press('Enter')
    const details = page.getByRole('dialog', { name: 'Participant details' })
    await details.getByRole('heading', { level: 2, name: client.name }).waitFor()

    const renamed = fullName(sandbox.store.updateAccount(client.uuid, { lastName: 'Renamedson' }))
    await page.keyboard.press('F5')
    await details.getByRole('heading', { level: 2, name: renamed }).waitFor()
    await page.keyboard.press('Escape')
    await details.waitFor({ state: 'detached' })
  })

  it('open details say when a sync took the client out of the open group, and offer nothing scoped to it', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.largestGroup()
    const client = uniqueMember(group.uuid, { inOtherGroup: true })
    await openGroup(page, group.name)
    await openDetails(page, client.name)
    const details = page.getByRole('dialog', { name: 'Participant details' })
    const remove = details.getByRole('button', { name: `Remove ${client.name} from ${group.name}` })
    expect(await remove.count()).toBe(1)
    const groupChip = details.getByRole('listitem').getByText(group.name, { exact: true })
    expect(await groupChip.count()).toBe(1)

    // Someone takes the client out of this group on Plannr; they stay in another of the user's
    // groups, so they stay on this computer.
    sandbox.store.removeParticipants(group.uuid, [client.uuid])
    await page.keyboard.press('F5')
    await groupChip.waitFor({ state: 'detached' })
    await details.getByText(`${client.name} is no longer in ${group.name}`).waitFor()
    expect(await details.getByText(/no longer on this computer/).count()).toBe(0)
    expect(await remove.count()).toBe(0)
    await details.getByRole('button', { name: 'Close details' }).click()
    await details.waitFor({ state: 'detached' })
  })

  it('a group deleted on Plannr closes: back to the Groups list, which says so, and Back skips it', async () => {
    const { page, sandbox } = app
    const [kept, deleted] = sandbox.store.groups()
    if (!kept || !deleted) throw new Error('fewer than two groups')
    // Back would lead: Circles ← the deleted group ← the kept group.
    await openGroup(page, kept.name)
    await goTo(page, /^Groups/)
    await openGroup(page, deleted.name)
    await goTo(page, /^Circles/)
    await goTo(page, /^Groups/)
    await openGroup(page, deleted.name)
    await page.getByRole('grid').focus()

    sandbox.store.deleteGroup(deleted.uuid)
    await page.keyboard.press('F5')
    await page.getByRole('status').getByText(`“${deleted.name}” was deleted on Plannr.`).waitFor()
    await page.locator('table[aria-label="Groups"]').waitFor()
    expect(await page.getByRole('heading', { level: 1, name: deleted.name }).count()).toBe(0)
    expect(await page.getByRole('button', { name: deleted.name, exact: true }).count()).toBe(0)
    // Focus was in the group: it is now on the list's heading, not lost on the page's body.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Groups')

    // Back goes through the places before it (Circles, the list it was opened from, the other
    // group), never to an empty copy of the deleted group.
    const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true })
    await page.keyboard.press('Alt+ArrowLeft')
    await heading('Circles').waitFor()
    await page.keyboard.press('Alt+ArrowLeft')
    await heading('Groups').waitFor()
    expect(await heading('Group').count()).toBe(0)
    await page.keyboard.press('Alt+ArrowLeft')
    await heading(kept.name).waitFor()
  })
})

/** Deletes `group` on Plannr and lets the app's Sync now bring that in, behind whatever dialog is open. */
async function deleteOnPlannr(group: { uuid: string }): Promise<void> {
  app.sandbox.store.deleteGroup(group.uuid)
  app.shell.emit('menu', { command: 'sync-now' })
  // The group's own view behind the dialog closes once the sync has removed it from the cache.
  await app.page.locator('table[aria-label="Groups"]').waitFor()
}

const DELETED = 'This group was deleted on Plannr. Your changes cannot be saved.'

/** The element with keyboard focus, by its text or its label. */
function focused(): Promise<string> {
  return app.page.evaluate(() => {
    const active = document.activeElement
    return active?.getAttribute('aria-label') ?? active?.textContent?.trim() ?? ''
  })
}

/**
 * With focus on the form's Cancel: Enter closes it, focus goes to the Groups list's heading, and
 * nothing was queued.
 */
async function cancelWithEnterQueuingNothing(dialog: Locator): Promise<void> {
  const { page } = app
  expect(await focused()).toBe('Cancel')
  await page.keyboard.press('Enter')
  await dialog.waitFor({ state: 'detached' })
  expect(await focused()).toBe('Groups')
  await goTo(page, /^Waiting to sync/)
  await page.getByText('Everything is on Plannr').waitFor()
}

describe('a form open on a group deleted on Plannr', () => {
  it('Edit details says so at once, keeps what was typed, cannot be saved, and closes by keyboard', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.groups().at(-1)
    if (!group) throw new Error('no group')
    await openGroup(page, group.name)
    await page.getByRole('button', { name: 'Edit details' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit group details' })
    const name = dialog.getByLabel('Name')
    await name.fill('Typed before the deletion')

    await deleteOnPlannr(group)
    await dialog.getByRole('alert').filter({ hasText: DELETED }).waitFor()
    expect(await dialog.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true)
    // Nothing typed is lost, and nothing more can be typed into a form that cannot be saved.
    expect(await name.inputValue()).toBe('Typed before the deletion')
    expect(await name.isEditable()).toBe(false)
    expect(await checkScreen(app, 'form-group-deleted')).toEqual([])
    // Focus stays where the user put it; Enter there saves nothing.
    expect(await name.evaluate((input) => input === document.activeElement)).toBe(true)
    await page.keyboard.press('Enter')
    expect(await dialog.getByRole('alert').allTextContents()).toEqual([DELETED])

    // Tab reaches Cancel, which closes the form at once; focus goes to the Groups list's heading.
    await page.keyboard.press('Tab')
    await cancelWithEnterQueuingNothing(dialog)
    expect(sandbox.store.groups().some((candidate) => candidate.name === 'Typed before the deletion')).toBe(false)
  })

  it('Add participants says so at once, keeps the people chosen, cannot add them, and moves focus off Add', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.groups().at(-1)
    if (!group) throw new Error('no group')
    const members = new Set(sandbox.store.groupMembers(group.uuid).map((member) => member.uuid))
    const person = sandbox.store.accounts().find((account) => account.type === 'client' && !members.has(account.uuid))
    if (!person) throw new Error('no client outside the group')
    await openGroup(page, group.name)
    await page.getByRole('button', { name: 'Add participants' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add participants' })
    await dialog.getByRole('combobox', { name: 'People to add' }).fill(person.lastName)
    await dialog
      .getByRole('option', { name: new RegExp(fullName(person)) })
      .first()
      .click()
    const chosen = dialog.getByRole('list', { name: 'Chosen people to add' })
    await chosen.getByText(fullName(person)).waitFor()
    const add = dialog.getByRole('button', { name: 'Add', exact: true })
    await add.focus()

    await deleteOnPlannr(group)
    await dialog.getByRole('alert').filter({ hasText: DELETED }).waitFor()
    expect(await add.isDisabled()).toBe(true)
    expect(await chosen.getByText(fullName(person)).count()).toBe(1)
    // Focus was on Add, which can no longer be pressed: it goes to Cancel, not to the page's body.
    await cancelWithEnterQueuingNothing(dialog)
  })

  it('a form open on a group created offline is not taken for deleted when Plannr creates it', async () => {
    const { page, sandbox } = app
    await goTo(page, /^Groups/)
    await cutNetwork(app)
    await page.getByRole('button', { name: 'New group' }).click()
    const create = page.getByRole('dialog', { name: 'New group' })
    await create.getByLabel('Name').fill('Made on the train')
    await create.getByRole('button', { name: 'Create group' }).click()
    await create.waitFor({ state: 'detached' })
    await openGroup(page, 'Made on the train')
    await page.locator('h1', { hasText: 'Made on the train' }).getByText('Pending sync').waitFor()
    await page.getByRole('button', { name: 'Edit details' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit group details' })
    await dialog.getByLabel('Name').fill('Renamed once created')

    // The create lands: the group leaves the list under its temporary uuid and comes back under
    // Plannr's, without its pending mark, and the form follows it.
    sandbox.faults.clear()
    app.shell.emit('menu', { command: 'sync-now' })
    await page
      .locator('h1', { hasText: 'Made on the train' })
      .getByText('Pending sync')
      .waitFor({ state: 'detached', timeout: 120_000 })
    expect(await dialog.getByRole('alert').count()).toBe(0)
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    await goTo(page, /^Waiting to sync/)
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 120_000 })
    expect(sandbox.store.groups().some((group) => group.name === 'Renamed once created')).toBe(true)
  })
})
