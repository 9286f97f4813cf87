import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGroupInForm, enterDemo, fullName, goTo, startApp, type AppHarness } from '../support/app-harness'
import type { AccountRecord, CircleRecord } from '../../src/sandbox/data/model'

// Plannr answering a list with the same record twice (a tag, a custom field, a circle's account)
// must not break the screen that shows the list: the built app's keyed lists throw on a repeated
// key, so the record is shown once. So is a message a refusal repeats.
let app: AppHarness
let client: AccountRecord
let circle: CircleRecord

/** A cached client (a group member) with a name no one else has, and at least a tag and a custom field. */
function clientWithTagsAndFields(): AccountRecord {
  const { store } = app.sandbox
  const names = new Map<string, number>()
  for (const account of store.accounts()) names.set(fullName(account), (names.get(fullName(account)) ?? 0) + 1)
  const found = store
    .groups()
    .flatMap((group) => store.groupMembers(group.uuid))
    .find((account) => account.tags.length > 0 && account.customFields.length > 0 && names.get(fullName(account)) === 1)
  if (!found) throw new Error('the sandbox has no client with a tag and a custom field')
  return found
}

beforeAll(async () => {
  app = await startApp({ accounts: 300, groups: 4 })
  // "On the server" before the first sync: every answer that carries them repeats them.
  client = clientWithTagsAndFields()
  const [tag] = client.tags
  const [field] = client.customFields
  if (tag === undefined || field === undefined) throw new Error('unreachable')
  client.tags.push(tag)
  client.customFields.push({ ...field })
  const circles = app.sandbox.store.circles()
  const withAccounts = circles.find(
    (candidate) =>
      candidate.accounts.length > 0 && circles.filter((other) => other.name === candidate.name).length === 1,
  )
  if (!withAccounts?.accounts[0]) throw new Error('the sandbox has no circle with an account')
  circle = withAccounts
  circle.accounts.push(withAccounts.accounts[0])
  await enterDemo(app.page)
}, 240_000)
afterAll(async () => {
  await app?.close()
})

describe('a list Plannr sends with a record twice', () => {
  it("a client's details show a repeated tag and custom field once", async () => {
    const { page, sandbox } = app
    await page.keyboard.press('Control+k')
    const search = page.getByRole('dialog', { name: 'Quick search' })
    await search.getByRole('combobox', { name: 'Search all participants' }).fill(fullName(client))
    await search
      .getByRole('listbox', { name: 'Search results' })
      .getByRole('option', { name: new RegExp(fullName(client)) })
      .waitFor()
    await page.keyboard.press('Enter')

    const details = page.getByRole('dialog', { name: 'Participant details' })
    await details.getByRole('heading', { name: fullName(client), level: 2 }).waitFor()
    const tags = details.getByRole('region', { name: 'Tags' }).getByRole('listitem')
    await tags.first().waitFor()
    const tagNames = new Set(client.tags.map((index) => sandbox.store.tags[index]?.name))
    expect(await tags.allTextContents()).toHaveLength(tagNames.size)
    const fields = details.getByRole('region', { name: 'Custom fields' }).locator('dt')
    const fieldNames = new Set(client.customFields.map((value) => sandbox.store.customFields[value.field]?.name))
    expect(await fields.allTextContents()).toHaveLength(fieldNames.size)
    await page.getByRole('button', { name: 'Close details' }).click()
  })

  it("a circle's repeated account is one person in its edit form", async () => {
    const { page, sandbox } = app
    await goTo(page, /^Circles/)
    await page.getByRole('button', { name: `Edit ${circle.name}` }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit circle' })
    await dialog.getByLabel('Name', { exact: true }).waitFor()
    const first = sandbox.store.account(circle.accounts[0] ?? '')
    if (!first) throw new Error('the circle has lost its account')
    await expect.poll(() => dialog.getByRole('button', { name: `Remove ${fullName(first)}` }).count()).toBe(1)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
  })

  it('a refusal that gives the same message twice shows it once above the form that fixes it', async () => {
    const { page, sandbox } = app
    // Plannr's 422 names two fields the form does not show, with one message.
    const message = 'The selected team is invalid.'
    sandbox.faults.set('POST /api/v1/group', { validationErrors: { team: [message], firm_team: [message, message] } })
    await createGroupInForm(page, 'Roadshow leads')
    await goTo(page, /^Waiting to sync/)
    const item = page.getByRole('listitem').filter({ hasText: 'Roadshow leads' })
    await item.getByText('Needs attention').waitFor()
    sandbox.faults.clear()
    await item.getByRole('button', { name: 'Edit and send' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit group' })
    await edit.getByLabel('Name').waitFor()
    await expect.poll(() => edit.getByRole('alert').filter({ hasText: message }).count()).toBe(1)
    await edit.getByRole('button', { name: 'Save and send' }).click()
    await edit.waitFor({ state: 'detached' })
    await page.getByText('Everything is on Plannr').waitFor()
    expect(sandbox.store.groupByName('Roadshow leads')).toBeDefined()
  })
})
