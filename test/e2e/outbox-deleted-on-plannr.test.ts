import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cutNetwork, enterDemo, goTo, restoreNetwork, startApp, type AppHarness } from '../support/app-harness'

// A change to a group somebody deleted on Plannr meanwhile can never be sent: the card says why in
// its own words and offers only Discard, since sending it again (or editing it) meets the same 404.
let app: AppHarness

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
})
