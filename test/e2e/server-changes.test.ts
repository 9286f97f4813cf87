import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, enterDemo, goTo, type AppHarness } from '../support/app-harness'

// What someone else changes on Plannr reaches what is open on screen after a sync: a group
// deleted there closes.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 53, accounts: 300, groups: 6 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

async function openGroup(page: Page, name: string): Promise<void> {
  await goTo(page, /^Groups/)
  await page.getByRole('button', { name, exact: true }).click()
  await page.getByRole('heading', { level: 1, name }).waitFor()
}

describe('changes made on Plannr reach what is open', () => {
  it('a group deleted on Plannr closes: back to the Groups list, which says so, and Back skips it', async () => {
    const { page, sandbox } = app
    const [kept, deleted] = sandbox.store.groups()
    if (!kept || !deleted) throw new Error('fewer than two groups')
    // Back would lead: Circles ← the deleted group ← the kept group.
    await openGroup(page, kept.name)
    await goTo(page, /^Groups/)
    await openGroup(page, deleted.name)
    await goTo(page, /^Circles/)
    await goTo(page, /^Groups/)
    await openGroup(page, deleted.name)
    await page.getByRole('grid').focus()

    sandbox.store.deleteGroup(deleted.uuid)
    await page.keyboard.press('F5')
    await page.getByRole('status').getByText(`“${deleted.name}” was deleted on Plannr.`).waitFor()
    await page.locator('table[aria-label="Groups"]').waitFor()
    expect(await page.getByRole('heading', { level: 1, name: deleted.name }).count()).toBe(0)
    expect(await page.getByRole('button', { name: deleted.name, exact: true }).count()).toBe(0)
    // Focus was in the group: it is now on the list's heading, not lost on the page's body.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Groups')

    // Back goes through the places before it (Circles, the list it was opened from, the other
    // group), never to an empty copy of the deleted group.
    const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true })
    await page.keyboard.press('Alt+ArrowLeft')
    await heading('Circles').waitFor()
    await page.keyboard.press('Alt+ArrowLeft')
    await heading('Groups').waitFor()
    expect(await heading('Group').count()).toBe(0)
    await page.keyboard.press('Alt+ArrowLeft')
    await heading(kept.name).waitFor()
  })
})
