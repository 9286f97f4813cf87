import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enterDemo, goTo, startApp, type AppHarness } from '../support/app-harness'
import type { CircleRecord, GroupRecord } from '../../src/sandbox/data/model'

// Plannr may hold values the app's own request rules would not write: more accounts in a circle
// than the documented 100, a colour in another format, a name longer than 255 characters. Editing
// something else of such a record must not fail on the field the user left alone; and where the
// change has to send that value back, the user is told which field and why, with the change kept.
let app: AppHarness
let circle: CircleRecord
let group: GroupRecord
const LONG_NAME = `Clients met at the 2026 retirement roadshow ${'and their families '.repeat(14)}`.trim()

beforeAll(async () => {
  app = await startApp({ accounts: 300, groups: 4 })
  const { store } = app.sandbox
  // "On the server" before the first sync.
  const circles = store.circles()
  const found = circles.find((candidate) => circles.filter((other) => other.name === candidate.name).length === 1)
  if (!found) throw new Error('the sandbox has no circle with a name of its own')
  circle = found
  const more = store
    .accounts()
    .filter((account) => !found.accounts.includes(account.uuid))
    .slice(0, 101 - found.accounts.length)
  found.accounts.push(...more.map((account) => account.uuid))
  found.bgColour = 'rebeccapurple'
  const [first] = store.groups()
  if (!first) throw new Error('the sandbox has no group')
  group = store.updateGroup(first.uuid, { name: LONG_NAME })
  await enterDemo(app.page)
}, 240_000)
afterAll(async () => {
  await app?.close()
})

describe("editing a record whose values on Plannr break the app's request rules", () => {
  it('a circle with 101 accounts and a named colour can be renamed; its accounts and colour stay', async () => {
    const { page, sandbox } = app
    expect(circle.accounts.length).toBe(101)
    await goTo(page, /^Circles/)
    await page.getByRole('button', { name: `Edit ${circle.name}` }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit circle' })
    await dialog.getByLabel('Name', { exact: true }).fill('The Renamed Family')
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    await dialog.waitFor({ state: 'detached' })

    await goTo(page, /^Waiting to sync/)
    await page.getByText('Everything is on Plannr').waitFor()
    const saved = sandbox.store.circle(circle.uuid)
    expect(saved?.name).toBe('The Renamed Family')
    expect(saved?.accounts.length).toBe(101)
    expect(saved?.bgColour).toBe('rebeccapurple')
  })

  it('a group with a name over 255 characters: a new business unit asks for a shorter name, and is kept', async () => {
    const { page, sandbox } = app
    const [unit] = sandbox.store.businessUnits()
    if (!unit) throw new Error('the sandbox has no business unit')
    expect(LONG_NAME.length).toBeGreaterThan(255)
    await goTo(page, /^Groups/)
    await page.getByRole('button', { name: LONG_NAME, exact: true }).click()
    await page.getByRole('button', { name: 'Edit details' }).click()
    const details = page.getByRole('dialog', { name: 'Edit group details' })
    await details.getByLabel('Business unit').selectOption({ label: unit.name })
    await details.getByRole('button', { name: 'Save' }).click()
    await details.waitFor({ state: 'detached' })

    // PUT needs the name: Plannr's own is sent back, and the app cannot send that one.
    await goTo(page, /^Waiting to sync/)
    const item = page.getByRole('listitem').filter({ hasText: 'Needs attention' })
    await item.waitFor()
    await item.getByText(/^Name: The name this group has on Plannr cannot be sent back/).waitFor()
    // Said once, in words: not main's refusal of the request's `body.name`.
    expect(await item.textContent()).not.toMatch(/invalid input|body\./i)
    await item.getByRole('button', { name: 'Edit and send' }).click()
    const fix = page.getByRole('dialog', { name: /group/i })
    await expect.poll(() => fix.getByLabel('Name').getAttribute('aria-invalid')).toBe('true')
    // The change is kept: the form still has the business unit chosen.
    expect(await fix.getByLabel('Business unit').inputValue()).toBe(unit.uuid)
    await fix.getByLabel('Name').fill('Retirement roadshow clients')
    await fix.getByRole('button', { name: 'Save and send' }).click()
    await fix.waitFor({ state: 'detached' })
    await page.getByText('Everything is on Plannr').waitFor()
    expect(sandbox.store.group(group.uuid)).toMatchObject({
      name: 'Retirement roadshow clients',
      businessUnit: unit.uuid,
    })
  })
})
