import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, enterDemo, goTo, type AppHarness } from '../support/app-harness'

// A change Plannr refused is fixed in its form and sent again ("Edit and send"): only what the
// adviser changes is sent, so a colleague's change to a field they left alone stays, with no
// conflict about a value they never chose.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 29, accounts: 200, groups: 4 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

describe('edit and send a refused group edit', () => {
  it('sends the corrected name and keeps the business unit a colleague set meanwhile, with no conflict', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.groups()[0]
    const theirs = sandbox.store.businessUnits().find((unit) => unit.uuid !== group?.businessUnit)
    if (!group || !theirs) throw new Error('the sandbox lacks a group or another business unit')
    const originalName = group.name
    // Someone else took this name on Plannr since our last sync: only Plannr knows, and refuses.
    sandbox.store.createGroup({ name: 'Taken on Plannr' })

    await page.getByRole('button', { name: originalName, exact: true }).click()
    await page.getByRole('grid', { name: `Participants of ${originalName}` }).waitFor()
    await page.getByRole('button', { name: 'Edit details' }).click()
    const details = page.getByRole('dialog', { name: 'Edit group details' })
    await details.getByLabel('Name').fill('Taken on Plannr')
    await details.getByRole('button', { name: 'Save' }).click()
    await details.waitFor({ state: 'detached' })

    await goTo(page, /^Waiting to sync/)
    const item = page.getByRole('listitem', { name: /renamed to “Taken on Plannr”/ })
    await item.getByText('Needs attention').waitFor({ timeout: 90_000 })

    // Meanwhile a colleague moves the group to another business unit on Plannr.
    sandbox.store.updateGroup(group.uuid, { businessUnit: theirs.uuid })

    await item.getByRole('button', { name: 'Edit and send' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit group details' })
    await edit.getByText(/already been taken/).waitFor()
    await edit.getByLabel('Name').fill('Renamed after the refusal')
    await edit.getByRole('button', { name: 'Save and send' }).click()
    await edit.waitFor({ state: 'detached' })

    const conflicts = page.getByRole('list', { name: 'Conflicts' })
    await page.getByText('Everything is on Plannr').or(conflicts).first().waitFor({ timeout: 90_000 })
    await expect(conflicts.count()).resolves.toBe(0)
    const after = sandbox.store.groups().find((candidate) => candidate.uuid === group.uuid)
    expect(after?.name).toBe('Renamed after the refusal')
    expect(after?.businessUnit).toBe(theirs.uuid)
  })
})
