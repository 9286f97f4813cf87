import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import type { AccountRecord } from '../../src/sandbox/data/model'
import { startApp, enterDemo, fullName, type AppHarness } from '../support/app-harness'

// Quick search with more matches than its list holds: a common surname in a real firm. The list
// shows the first ones; the keyboard highlight must stay in sight as it moves down the list, and
// the adviser must be told that more clients match, or the one they want (not among those shown)
// looks as if they were not on this computer.
const SURNAME = 'Ashworth'
const NAMESAKES = 30
let app: AppHarness
let namesakes: AccountRecord[]

beforeAll(async () => {
  app = await startApp({ seed: 59, accounts: 300, groups: 4 })
  const { store } = app.sandbox
  // Before the first sync: thirty cached clients share a surname nobody else has.
  for (const account of store.accounts()) if (account.lastName === SURNAME) account.lastName = 'Other'
  const members = new Map(store.groups().flatMap((group) => store.groupMembers(group.uuid).map((a) => [a.uuid, a])))
  namesakes = [...members.values()].filter((account) => account.type === 'client').slice(0, NAMESAKES)
  if (namesakes.length < NAMESAKES) throw new Error('too few cached clients')
  for (const account of namesakes) account.lastName = SURNAME
  await enterDemo(app.page)
}, 240_000)
afterAll(async () => {
  await app?.close()
})

async function search(page: Page, text: string): Promise<{ dialog: Locator; results: Locator }> {
  if (!(await page.getByRole('dialog', { name: 'Quick search' }).isVisible())) await page.keyboard.press('Control+k')
  const dialog = page.getByRole('dialog', { name: 'Quick search' })
  await dialog.getByRole('combobox', { name: 'Search all participants' }).fill(text)
  const results = dialog.getByRole('listbox', { name: 'Search results' })
  await results.getByRole('option').first().waitFor()
  return { dialog, results }
}

describe('quick search with many matches', () => {
  it('keeps the highlighted result in sight while the arrow keys move through the list', async () => {
    const { page } = app
    const { results } = await search(page, SURNAME)
    const count = await results.getByRole('option').count()
    expect(count).toBeGreaterThan(10)
    for (let step = 1; step < count; step += 1) {
      await page.keyboard.press('ArrowDown')
      const highlighted = results.locator(`[role="option"][aria-selected="true"]`)
      await expect.poll(() => highlighted.getAttribute('id')).toBe(`quick-${step}`)
      // Inside the list's visible box (the list scrolls; the page does not).
      const inSight = (): Promise<boolean> =>
        highlighted.evaluate((option) => {
          const list = option.closest('[role="listbox"]')?.getBoundingClientRect()
          const box = option.getBoundingClientRect()
          return list !== undefined && box.top >= list.top - 0.5 && box.bottom <= list.bottom + 0.5
        })
      await expect.poll(inSight, { message: `result ${step + 1} of ${count} highlighted` }).toBe(true)
    }
    await page.keyboard.press('Escape')
  })

  it('says when more clients match than it lists, and not when it lists them all', async () => {
    const { page } = app
    const { dialog, results } = await search(page, SURNAME)
    const shown = await results.getByRole('option').count()
    expect(shown).toBeLessThan(NAMESAKES)
    await dialog.getByText('More clients match', { exact: false }).waitFor()

    const [one] = namesakes
    if (!one) throw new Error('no namesake')
    const narrowed = await search(page, `${one.firstName} ${SURNAME}`)
    await narrowed.results
      .getByRole('option', { name: new RegExp(fullName(one)) })
      .first()
      .waitFor()
    await expect.poll(() => narrowed.results.getByRole('option').count()).toBeLessThan(shown)
    await expect.poll(() => dialog.getByText('More clients match', { exact: false }).count()).toBe(0)
    await page.keyboard.press('Escape')
  })
})
