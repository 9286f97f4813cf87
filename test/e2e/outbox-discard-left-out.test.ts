import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startApp,
  enterDemo,
  fullName,
  createGroupInForm,
  cutNetwork,
  restoreNetwork,
  goTo,
  type AppHarness,
} from '../support/app-harness'

// An adviser discards a group Plannr refused while a new circle and a circle change name it: both
// circles go on without it and are sent; nothing else they hold is lost.
let app: AppHarness
const SLOW = { timeout: 60_000 }

beforeAll(async () => {
  app = await startApp({ seed: 17, accounts: 200, groups: 4 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

describe('discarding a group that circles name', () => {
  it('leaves it out of the new circle and of the circle change, which are sent', async () => {
    const { page, sandbox } = app
    const people = sandbox.store
      .accounts()
      .filter((account) => account.type === 'client')
      .slice(0, 2)
    const existing = sandbox.store.circles()[0]
    if (!existing || people.length < 2) throw new Error('the sandbox lacks a circle or clients')
    // Offline, so that no sync brings in the group a colleague now makes on Plannr: ours, made
    // here under the same name, is refused once the app is back online.
    await cutNetwork(app)
    const theirs = sandbox.store.createGroup({ name: 'Doomed group' })
    // Made well before ours: never taken for ours after a lookup.
    theirs.createdAt -= 600
    theirs.updatedAt -= 600

    await createGroupInForm(page, 'Doomed group')
    await goTo(page, /^Circles/)
    await page.getByRole('button', { name: 'New circle' }).click()
    const create = page.getByRole('dialog', { name: 'New circle' })
    await create.getByLabel('Name', { exact: true }).fill('Circle with doomed')
    for (const person of people) {
      await create.getByRole('combobox', { name: 'Accounts' }).fill(person.lastName)
      await create
        .getByRole('option', { name: new RegExp(fullName(person)) })
        .first()
        .click()
    }
    await create.getByRole('checkbox', { name: 'Doomed group' }).check()
    await create.getByRole('button', { name: 'Create circle' }).click()
    await create.waitFor({ state: 'detached' })
    await page.getByRole('button', { name: `Edit ${existing.name}` }).click()
    const edit = page.getByRole('dialog', { name: 'Edit circle' })
    await edit.getByLabel('Name', { exact: true }).fill('Renamed with doomed')
    await edit.getByRole('checkbox', { name: 'Doomed group' }).check()
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await edit.waitFor({ state: 'detached' })

    await restoreNetwork(app)
    await goTo(page, /^Waiting to sync/)
    const group = page.getByRole('listitem', { name: /group “Doomed group”/ })
    await group.getByText('Needs attention').waitFor(SLOW)
    await page.getByRole('button', { name: /^Discard: group “Doomed group”/ }).click()
    await page.getByRole('dialog', { name: 'Discard this change?' }).getByRole('button', { name: 'Discard' }).click()

    await page.getByText('Everything is on Plannr').waitFor(SLOW)
    const circles = sandbox.store.circles()
    const made = circles.filter((circle) => circle.name === 'Circle with doomed')
    expect(made).toHaveLength(1)
    expect([...(made[0]?.accounts ?? [])].sort()).toEqual(people.map((person) => person.uuid).sort())
    expect([...(made[0]?.groups ?? [])]).toEqual([])
    const renamed = circles.find((circle) => circle.uuid === existing.uuid)
    expect(renamed?.name).toBe('Renamed with doomed')
    expect([...(renamed?.groups ?? [])].sort()).toEqual([...existing.groups].sort())
  })
})
