import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  cutNetwork,
  enterDemo,
  fullName,
  goTo,
  restoreNetwork,
  startApp,
  type AppHarness,
} from '../support/app-harness'

// Participants added offline, one of whom is deleted on Plannr before the change is sent: Plannr
// refuses the whole request with an indexed field error. The card names that client, and the way
// on sends the others without them, losing nothing Plannr would have accepted.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 37, accounts: 200, groups: 4 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

describe('participants added offline, one deleted on Plannr meanwhile', () => {
  it('names the refused client and sends the others without them', async () => {
    const { page, sandbox } = app
    const [group, ...others] = sandbox.store.groups()
    if (!group) throw new Error('the sandbox has no group')
    const members = new Set(sandbox.store.groupMembers(group.uuid).map((member) => member.uuid))
    // Cached clients (members of other groups) with names the picker finds unambiguously.
    const cached = new Map(
      others.flatMap((other) => sandbox.store.groupMembers(other.uuid)).map((person) => [person.uuid, person]),
    )
    const people = [...cached.values()]
      .filter((person) => person.type === 'client' && !members.has(person.uuid))
      .slice(0, 3)
    const [first, refused, third] = people
    if (!first || !refused || !third) throw new Error('the sandbox lacks three cached clients outside the group')

    await cutNetwork(app)
    await page.getByRole('button', { name: group.name, exact: true }).click()
    await page.getByRole('grid', { name: `Participants of ${group.name}` }).waitFor()
    await page.getByRole('button', { name: 'Add participants' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add participants' })
    for (const person of people) {
      await dialog.getByRole('combobox', { name: 'People to add' }).fill(person.lastName)
      await dialog
        .getByRole('option', { name: new RegExp(fullName(person)) })
        .first()
        .click()
    }
    await dialog.getByRole('button', { name: 'Add', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })

    sandbox.store.deleteAccount(refused.uuid)
    await restoreNetwork(app)
    await goTo(page, /^Waiting to sync/)
    const item = page.getByRole('listitem', { name: /3 people added to/ })
    await item.getByText('Needs attention').waitFor()

    const said = await item.getByRole('list', { name: 'What Plannr said' }).innerText()
    expect(said).toContain(fullName(refused))
    expect(said).not.toMatch(/participants\.\d/)
    // Sent again as it stands, Plannr would refuse it the same way.
    await expect(item.getByRole('button', { name: /^Send again/ }).count()).resolves.toBe(0)

    await item.getByRole('button', { name: `Send without ${fullName(refused)}` }).click()
    await page.getByText('Everything is on Plannr').waitFor()
    const after = new Set(sandbox.store.groupMembers(group.uuid).map((member) => member.uuid))
    expect([first, third].every((person) => after.has(person.uuid))).toBe(true)
  })
})
