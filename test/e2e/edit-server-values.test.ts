import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enterDemo, goTo, startApp, type AppHarness } from '../support/app-harness'
import type { CircleRecord } from '../../src/sandbox/data/model'

// Plannr may hold values the app's own request rules would not write: more accounts in a circle
// than the documented 100, a colour in another format, a name longer than 255 characters. Editing
// something else of such a record must not fail on the field the user left alone.
let app: AppHarness
let circle: CircleRecord

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
})
