import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, enterDemo, cutNetwork, restoreNetwork, type AppHarness } from '../support/app-harness'

// A client's details list the circles they are in as the Circles list does: a client added to a
// circle offline shows it at once, marked pending, and still (unmarked) after the change reached
// Plannr and a sync ran.
let app: AppHarness
/** Polls wait as long as a busy machine needs (the UI answers in milliseconds when idle). */
const SLOW = { timeout: 60_000 }

beforeAll(async () => {
  app = await startApp({ seed: 61, accounts: 400, groups: 5 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

const grid = (page: Page) => page.getByRole('grid')
const row = (page: Page, index: number) => page.locator(`[id="row-${index}"]`)
const details = (page: Page) => page.getByRole('dialog', { name: 'Participant details' })

/** The chips of the details' "Groups and circles" section. */
async function groupsAndCircles(page: Page): Promise<string[]> {
  const section = details(page).getByRole('region', { name: 'Groups and circles' })
  return (await section.getByRole('listitem').allTextContents()).map((text) => text.trim())
}

/** The participant of a rendered row, found by its name among the largest group's members. */
async function accountOfRow(page: Page, index: number): Promise<string> {
  const first = (await row(page, index).locator('.first').textContent()) ?? ''
  const last = (await row(page, index).locator('.last').textContent()) ?? ''
  const found = app.sandbox.store
    .groupMembers(app.sandbox.store.largestGroup().uuid)
    .filter((member) => member.firstName === first && member.lastName === last)
  if (found.length !== 1 || !found[0]) throw new Error(`cannot tell ${first} ${last} apart`)
  return found[0].uuid
}

describe("circles in a client's details", () => {
  it('Add to circle offline shows in the details at once, pending, and stays once Plannr has it', async () => {
    const { page, sandbox } = app
    const largest = sandbox.store.largestGroup()
    await page.keyboard.press('Control+1')
    await page.getByRole('button', { name: largest.name, exact: true }).click()
    await grid(page).getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
    const account = await accountOfRow(page, 0)
    const circle = sandbox.store.circles().find((candidate) => !candidate.accounts.includes(account))
    if (!circle) throw new Error('every circle already has the client')

    await cutNetwork(app)
    await row(page, 0).click({ modifiers: ['Control'] })
    await page.getByRole('button', { name: 'Add to circle' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add 1 participant to a circle' })
    await dialog.getByLabel('Circle').selectOption({ label: circle.name })
    await dialog.getByRole('button', { name: 'Add' }).click()
    await page.getByText(/Saved on this computer/).waitFor()
    await page.keyboard.press('Escape')

    await row(page, 0).click()
    await details(page).waitFor()
    // Marked as waiting to sync, as the Circles list marks the circle.
    await expect.poll(() => groupsAndCircles(page), SLOW).toContain(`◯ ${circle.name} · Pending sync`)

    await restoreNetwork(app)
    await expect.poll(() => sandbox.store.circle(circle.uuid)?.accounts.includes(account), SLOW).toBe(true)
    await page.keyboard.press('F5')
    await expect.poll(() => groupsAndCircles(page), SLOW).toContain(`◯ ${circle.name}`)
    expect(await groupsAndCircles(page)).not.toContain(`◯ ${circle.name} · Pending sync`)
  })
})
