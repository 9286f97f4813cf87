import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, enterDemo, focusedRow, type AppHarness } from '../support/app-harness'

// The table's keyboard highlight is on a participant, not on a position: a sync that adds
// someone above them moves them down a row, and Space and Enter still act on them.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 37, accounts: 300, groups: 5 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

const grid = (page: Page) => page.getByRole('grid')

/** The text of every selected row (the grid is virtual: only rendered rows are read). */
async function selectedRows(page: Page): Promise<string[]> {
  return grid(page).evaluate((element) =>
    [...element.querySelectorAll('[role="row"][aria-selected="true"]')].map((row) => row.textContent ?? ''),
  )
}

describe('the highlighted row across a sync', () => {
  it('stays on the same participant when a sync adds someone above them: Space selects them, Enter opens them', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.largestGroup()
    await page.getByRole('button', { name: group.name, exact: true }).click()
    await grid(page).getByRole('row').nth(1).getByRole('gridcell').first().waitFor()

    await grid(page).focus()
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowDown')
    const highlighted = (await focusedRow(page)).row
    expect(highlighted).not.toBe('')

    // Someone on Plannr adds a client who sorts first (by last name, the table's default order).
    sandbox.store.createAccount({ firstName: 'Ada', lastName: 'Aaaa', groups: [group.uuid] })
    await page.keyboard.press('F5')
    await expect.poll(() => page.locator('[id="row-0"]').textContent(), { timeout: 180_000 }).toContain('Aaaa')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid')

    await expect.poll(async () => (await focusedRow(page)).row).toBe(highlighted)
    await page.keyboard.press('Space')
    await expect.poll(() => selectedRows(page)).toEqual([highlighted])

    await page.keyboard.press('Enter')
    const details = page.getByRole('dialog', { name: 'Participant details' })
    await details.waitFor()
    const name = (await details.getByRole('heading', { level: 2 }).textContent())?.trim() ?? ''
    expect(name).not.toBe('')
    expect(highlighted).toContain(name)
  })
})
