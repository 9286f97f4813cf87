import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, enterDemo, goTo, cutNetwork, type AppHarness } from '../support/app-harness'

// A change made offline that a colleague's change on Plannr contradicts waits for the adviser to
// choose: what each side holds is said in words they know, so they can choose.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 23, accounts: 200, groups: 4 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

describe('a conflict waiting to sync', () => {
  it('names the business units Plannr and the adviser chose, never their uuids', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.groups()[0]
    const [mine, theirs] = sandbox.store.businessUnits().filter((unit) => unit.uuid !== group?.businessUnit)
    if (!group || !mine || !theirs) throw new Error('the sandbox lacks a group or two other business units')

    await cutNetwork(app)
    await page.getByRole('button', { name: group.name, exact: true }).click()
    await page.getByRole('grid', { name: `Participants of ${group.name}` }).waitFor()
    await page.getByRole('button', { name: 'Edit details' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit group details' })
    await dialog.getByLabel('Business unit').selectOption({ label: mine.name })
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })

    // Meanwhile a colleague moves the group to another unit on Plannr.
    sandbox.store.updateGroup(group.uuid, { businessUnit: theirs.uuid })
    sandbox.faults.clear()

    await goTo(page, /^Waiting to sync/)
    const conflict = page.getByRole('list', { name: 'Conflicts' }).getByRole('listitem')
    await conflict.waitFor({ timeout: 180_000 })
    const text = (await conflict.textContent()) ?? ''
    expect(text).not.toMatch(UUID)
    expect(text).toContain(`“${theirs.name}”`)
    expect(text).toContain(`“${mine.name}”`)
  })
})
