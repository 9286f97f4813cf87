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

/** Adds these cached people to the group through its Add participants form (offline: queued). */
async function addInForm(page: AppHarness['page'], groupName: string, people: Person[]): Promise<void> {
  await goTo(page, /^Groups/)
  await page.getByRole('button', { name: groupName, exact: true }).click()
  await page.getByRole('grid', { name: `Participants of ${groupName}` }).waitFor()
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
}

type Person = ReturnType<AppHarness['sandbox']['store']['groupMembers']>[number]

/** Cached clients (members of other groups) not in `group`, the first `count` of them after `skip`. */
function cachedClientsOutside(
  groupIndex: number,
  skip: number,
  count: number,
): { group: string; uuid: string; people: Person[] } {
  const groups = app.sandbox.store.groups()
  const group = groups[groupIndex]
  if (!group) throw new Error('the sandbox lacks that group')
  const members = new Set(app.sandbox.store.groupMembers(group.uuid).map((member) => member.uuid))
  const cached = new Map(
    groups
      .filter((other) => other.uuid !== group.uuid)
      .flatMap((other) => app.sandbox.store.groupMembers(other.uuid))
      .map((person) => [person.uuid, person]),
  )
  const people = [...cached.values()]
    .filter((person) => person.type === 'client' && !members.has(person.uuid))
    .slice(skip, skip + count)
  if (people.length < count) throw new Error('the sandbox lacks cached clients outside the group')
  return { group: group.name, uuid: group.uuid, people }
}

describe('participants added offline, one deleted on Plannr meanwhile', () => {
  it('names the refused client and sends the others without them', async () => {
    const { page, sandbox } = app
    const group = cachedClientsOutside(0, 0, 3)
    const [first, refused, third] = group.people
    if (!first || !refused || !third) throw new Error('the sandbox lacks three cached clients outside the group')

    await cutNetwork(app)
    await addInForm(page, group.group, group.people)

    sandbox.store.deleteAccount(refused.uuid)
    await restoreNetwork(app)
    await goTo(page, /^Waiting to sync/)
    const item = page.getByRole('listitem', { name: /3 people added to/ })
    await item.getByText('Needs attention').waitFor()

    // The card names the client once their cached name is read (a moment after it shows).
    const saidList = item.getByRole('list', { name: 'What Plannr said' })
    await saidList.getByText(fullName(refused)).waitFor()
    const said = await saidList.innerText()
    expect(said).not.toMatch(/participants\.\d/)
    // Sent again as it stands, Plannr would refuse it the same way.
    await expect(item.getByRole('button', { name: /^Send again/ }).count()).resolves.toBe(0)

    await item.getByRole('button', { name: `Send without ${fullName(refused)}` }).click()
    await page.getByText('Everything is on Plannr').waitFor()
    const after = new Set(sandbox.store.groupMembers(group.uuid).map((member) => member.uuid))
    expect([first, third].every((person) => after.has(person.uuid))).toBe(true)
  })

  it('offers only Discard when every person the change adds was refused', async () => {
    const { page, sandbox } = app
    const group = cachedClientsOutside(1, 3, 1)
    const [refused] = group.people
    if (!refused) throw new Error('no client')
    await cutNetwork(app)
    await addInForm(page, group.group, [refused])
    sandbox.store.deleteAccount(refused.uuid)
    await restoreNetwork(app)
    await goTo(page, /^Waiting to sync/)
    const item = page.getByRole('listitem', { name: /1 person added to/ })
    await item.getByText('Needs attention').waitFor()
    await item.getByRole('list', { name: 'What Plannr said' }).getByText(fullName(refused), { exact: false }).waitFor()
    const buttons = await item.getByRole('button').allTextContents()
    expect(buttons.map((text) => text.trim())).toEqual(['Discard'])
  })
})
