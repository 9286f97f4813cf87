import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cutNetwork, enterDemo, goTo, restoreNetwork, startApp, type AppHarness } from '../support/app-harness'

// A change to a group somebody deleted on Plannr meanwhile can never be sent: the card says why in
// its own words and offers only Discard, since sending it again (or editing it) meets the same 404.
let app: AppHarness
/** The name, before the edit, of the group deleted on Plannr. */
let deletedName = ''

beforeAll(async () => {
  app = await startApp({ seed: 31, accounts: 200, groups: 4 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

describe('an edit of a group deleted on Plannr', () => {
  it('says the group was deleted and offers only Discard', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.groups()[0]
    if (!group) throw new Error('the sandbox has no group')
    deletedName = group.name
    await cutNetwork(app)
    await page.getByRole('button', { name: group.name, exact: true }).click()
    await page.getByRole('grid', { name: `Participants of ${group.name}` }).waitFor()
    await page.getByRole('button', { name: 'Edit details' }).click()
    const details = page.getByRole('dialog', { name: 'Edit group details' })
    await details.getByLabel('Name').fill(`${group.name} mine`)
    await details.getByRole('button', { name: 'Save' }).click()
    await details.waitFor({ state: 'detached' })

    sandbox.store.deleteGroup(group.uuid)
    await restoreNetwork(app)
    await goTo(page, /^Waiting to sync/)
    const item = page.getByRole('listitem', { name: /renamed to/ })
    await item.getByText('Needs attention').waitFor()

    await item.getByText('This group was deleted on Plannr, so your change cannot be sent. Discard it.').waitFor()
    const buttons = await item.getByRole('button').allTextContents()
    expect(buttons.map((text) => text.trim())).toEqual(['Discard'])
  })

  it('lists the group as deleted on Plannr, with no edits, until the change is discarded, then not at all', async () => {
    const { page } = app
    const name = `${deletedName} mine`
    await page.getByRole('contentinfo', { name: 'Status' }).getByRole('button', { name: 'Sync now' }).click()
    await page.getByRole('contentinfo', { name: 'Status' }).getByText('Online · last synced').waitFor()
    await goTo(page, /^Groups/)
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name, exact: true }) })
    await row.getByText('Deleted on Plannr').first().waitFor()
    await expect(row.getByText('Pending sync').count()).resolves.toBe(0)

    await row.getByRole('button', { name, exact: true }).click()
    await page.getByRole('heading', { name: new RegExp(name) }).waitFor()
    await expect(page.getByRole('button', { name: 'Edit details' }).count()).resolves.toBe(0)
    await expect(page.getByRole('button', { name: 'Add participants' }).count()).resolves.toBe(0)

    await goTo(page, /^Waiting to sync/)
    await page.getByRole('button', { name: /^Discard: / }).click()
    await page.getByRole('dialog', { name: 'Discard this change?' }).getByRole('button', { name: 'Discard' }).click()
    await page.getByText('Everything is on Plannr').waitFor()
    // Gone from Plannr, it leaves the list now, under either name, not at some later sync.
    await goTo(page, /^Groups/)
    const groups = page.getByRole('table', { name: 'Groups' })
    await groups.getByRole('row').nth(1).waitFor()
    await groups.getByRole('button', { name: deletedName, exact: true }).waitFor({ state: 'detached' })
    await expect(groups.getByRole('button', { name, exact: true }).count()).resolves.toBe(0)
  })
})
