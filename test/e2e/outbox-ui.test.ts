import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startApp,
  enterDemo,
  fullName,
  createGroupInForm,
  goTo,
  cutNetwork,
  type AppHarness,
} from '../support/app-harness'

// Offline creates through the real UI: queued durably, shown as pending, surviving a reload,
// sent exactly once when Plannr is back; server validation errors land next to the field.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 11, accounts: 600, groups: 8 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

describe('creating offline', () => {
  it('queues a group and a circle that uses it while offline, keeps them over a reload, sends both once online', async () => {
    const { page, sandbox } = app
    const people = sandbox.store
      .accounts()
      .filter((account) => account.type === 'client')
      .slice(0, 2)
    const [first, second] = people
    if (!first || !second) throw new Error('not enough clients')

    await cutNetwork(app)

    await page.getByRole('button', { name: 'New group' }).click()
    const groupDialog = page.getByRole('dialog', { name: 'New group' })
    await groupDialog.getByLabel('Name').fill('Train Clients')
    await groupDialog.getByRole('combobox', { name: 'Participants' }).fill(first.lastName)
    await groupDialog
      .getByRole('option', { name: new RegExp(fullName(first)) })
      .first()
      .click()
    await groupDialog.getByRole('button', { name: 'Create group' }).click()
    await groupDialog.waitFor({ state: 'detached' })
    const row = page.locator('table[aria-label="Groups"] tbody tr', { hasText: 'Train Clients' })
    await row.getByText('Pending sync').first().waitFor()

    await goTo(page, /^Circles/)
    await page.getByRole('button', { name: 'New circle' }).click()
    const circleDialog = page.getByRole('dialog', { name: 'New circle' })
    await circleDialog.getByLabel('Name').fill('Train Family')
    for (const person of [first, second]) {
      await circleDialog.getByRole('combobox', { name: 'Accounts' }).fill(person.lastName)
      await circleDialog
        .getByRole('option', { name: new RegExp(fullName(person)) })
        .first()
        .click()
    }
    await circleDialog.getByRole('checkbox', { name: 'Train Clients' }).check()
    await circleDialog.getByRole('button', { name: 'Create circle' }).click()
    await circleDialog.waitFor({ state: 'detached' })
    await page
      .locator('table[aria-label="Circles"] tbody tr', { hasText: 'Train Family' })
      .getByText('Pending sync')
      .waitFor()
    await app.screenshot('10-pending-circle')

    await goTo(page, /^Waiting to sync/)
    await page.getByRole('list', { name: 'Changes waiting to sync' }).getByRole('listitem').nth(1).waitFor()
    await app.screenshot('11-waiting-to-sync')
    expect(sandbox.store.groupByName('Train Clients')).toBeUndefined()

    // Close and reopen the window: the queue is on disk, not in memory.
    await page.reload()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    await goTo(page, /^Waiting to sync/)
    await page.getByRole('listitem', { name: /Train Clients/ }).waitFor()

    // Back online.
    sandbox.faults.clear()
    await page
      .getByRole('button', { name: 'Sync now' })
      .click()
      .catch(() => {})
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 180_000 })
    const group = sandbox.store.groupByName('Train Clients')
    expect(group).toBeDefined()
    expect(sandbox.store.groups().filter((g) => g.name === 'Train Clients')).toHaveLength(1)
    const circles = sandbox.store.circles().filter((circle) => circle.name === 'Train Family')
    expect(circles).toHaveLength(1)
    expect(circles[0]?.groups).toEqual([group?.uuid])
    expect([...(circles[0]?.accounts ?? [])].sort()).toEqual([first.uuid, second.uuid].sort())

    await goTo(page, /^Groups/)
    const synced = page.locator('table[aria-label="Groups"] tbody tr', { hasText: 'Train Clients' })
    await synced.waitFor()
    await expect(synced.getByText('Pending sync').count()).resolves.toBe(0)
  })

  it("shows the server's validation error next to the field, and sends the edited item", async () => {
    const { page, sandbox } = app
    // Someone else created this group on Plannr since our last sync: only the server knows.
    sandbox.store.createGroup({ name: 'Pension Review 2027' })
    await createGroupInForm(page, 'Pension Review 2027')

    await goTo(page, /^Waiting to sync/)
    const item = page.getByRole('listitem', { name: /Pension Review 2027/ })
    await item.getByText('Needs attention').waitFor({ timeout: 90_000 })
    await item.getByRole('button', { name: 'Edit and send' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit group' })
    await edit.getByText(/already been taken/).waitFor()
    await expect(edit.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe('true')
    await app.screenshot('12-needs-attention-edit')
    await edit.getByLabel('Name').fill('Pension Review 2027 (North)')
    await edit.getByRole('button', { name: 'Save and send' }).click()
    await edit.waitFor({ state: 'detached' })
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 90_000 })
    expect(sandbox.store.groupByName('Pension Review 2027 (North)')).toBeDefined()
    expect(sandbox.store.groups().filter((g) => g.name.startsWith('Pension Review 2027'))).toHaveLength(2)
  })

  it('a blocked item says why and can be edited: a new group that waited for a discarded rename', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.groups().find((candidate) => !/Train|Pension/.test(candidate.name))
    if (!group) throw new Error('no group to rename')
    const oldName = group.name
    await cutNetwork(app)

    // Offline: the group is renamed, and a new group takes its old name.
    await goTo(page, /^Groups/)
    await page.getByRole('button', { name: oldName, exact: true }).click()
    await page.getByRole('button', { name: 'Edit details' }).click()
    const rename = page.getByRole('dialog', { name: 'Edit group details' })
    await rename.getByLabel('Name').fill('Moved aside on the train')
    await rename.getByRole('button', { name: 'Save' }).click()
    await rename.waitFor({ state: 'detached' })
    await createGroupInForm(page, oldName)

    // The adviser thinks better of the rename and discards it.
    await goTo(page, /^Waiting to sync/)
    const renameLabel = `group “${oldName}” renamed to “Moved aside on the train”`
    await page.getByRole('button', { name: `Discard: ${renameLabel}` }).click()
    await page.getByRole('dialog', { name: 'Discard this change?' }).getByRole('button', { name: 'Discard' }).click()

    // The new group cannot take the name now: the item says so and offers the fix.
    const item = page.getByRole('listitem', { name: `group “${oldName}”` })
    await item
      .getByText(/stays the name of the group whose rename was discarded/)
      .first()
      .waitFor()
    await item.getByRole('button', { name: 'Edit and send' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit group' })
    await edit.getByText(/Choose another name/).waitFor()
    await edit.getByLabel('Name').fill(`${oldName} (new)`)
    await edit.getByRole('button', { name: 'Save and send' }).click()
    await edit.waitFor({ state: 'detached' })

    sandbox.faults.clear()
    await page
      .getByRole('button', { name: 'Sync now' })
      .click()
      .catch(() => {})
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 90_000 })
    expect(sandbox.store.groups().filter((g) => g.name === oldName)).toHaveLength(1)
    expect(sandbox.store.groupByName(`${oldName} (new)`)).toBeDefined()
    expect(sandbox.store.groupByName('Moved aside on the train')).toBeUndefined()
  })

  it('after a restart the queue is read before the workspace shows: never "nothing waiting" while something is', async () => {
    const { page, sandbox } = app
    await cutNetwork(app)
    await createGroupInForm(page, 'Queued before the restart')
    const outboxEntry = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Waiting to sync/ })
    await expect.poll(async () => (await outboxEntry.textContent()) ?? '', { timeout: 10_000 }).toMatch(/[1-9]/)
    const queued = (await outboxEntry.textContent()) ?? ''

    // What the sidebar's entry says the first moment it exists, after the page starts again: a
    // Sign out clicked then would skip "Discard and sign out?" if it said nothing was waiting.
    await page.addInitScript(() => {
      const seen = window as unknown as { firstOutboxEntry?: string }
      new MutationObserver((_, observer) => {
        const entry = [...document.querySelectorAll('nav[aria-label="Main"] button')].find((button) =>
          button.textContent?.startsWith('Waiting to sync'),
        )
        if (!entry) return
        seen.firstOutboxEntry = entry.textContent ?? ''
        observer.disconnect()
      }).observe(document, { childList: true, subtree: true })
    })
    await page.reload()
    await outboxEntry.waitFor()
    const first = await page.evaluate(() => (window as unknown as { firstOutboxEntry?: string }).firstOutboxEntry)
    expect(first).toBe(queued)

    sandbox.faults.clear()
    await page
      .getByRole('button', { name: 'Sync now' })
      .click()
      .catch(() => {})
    await goTo(page, /^Waiting to sync/)
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 90_000 })
  })
  it('a create whose send got no clear answer is not said to be off Plannr when discarded', async () => {
    const { page, sandbox } = app
    // Plannr answers 500: the write may or may not have been saved, so the app looks before resending.
    sandbox.faults.set('POST /api/v1/group', { errorRate: 1 })
    try {
      await createGroupInForm(page, 'Answered With An Error')
      await goTo(page, /^Waiting to sync/)
      const item = page.getByRole('list', { name: 'Changes waiting to sync' }).getByRole('listitem').filter({
        hasText: 'Answered With An Error',
      })
      await item.getByRole('button', { name: /^Try now/ }).waitFor({ timeout: 60_000 })
      await item.getByRole('button', { name: /^Discard/ }).click()
      const confirm = page.getByRole('dialog', { name: 'Discard this change?' })
      const said = (await confirm.textContent()) ?? ''
      // Before the fix it said the group "has not reached Plannr", which nobody knows.
      expect(said).not.toMatch(/has not reached Plannr/)
      expect(said).toMatch(/may already be on Plannr/)
      await confirm.getByRole('button', { name: 'Discard' }).click()
      await confirm.waitFor({ state: 'detached' })
      await item.waitFor({ state: 'detached' })
    } finally {
      sandbox.faults.clear()
    }
  })
})
