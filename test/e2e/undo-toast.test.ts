import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, enterDemo, goTo, type AppHarness } from '../support/app-harness'
import { focusedName, focusedTag, tabTo } from '../support/keyboard'

// Undo after removing someone from a group: it stays while the adviser is on it (keyboard or
// pointer), a second removal does not take the first one's Undo away, and pressing it leaves
// focus on the page, not on its body. The page runs on Playwright's clock, so the toast's time
// is jumped past rather than waited out.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 31, accounts: 300, groups: 4, beforeLoad: (page) => page.clock.install() })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

/** Far past the toast's 10 s. */
const LONG_AFTER_MS = 30_000

/** From the participants grid: opens the next row's details with the keyboard and removes them. */
async function removeNextByKeyboard(page: Page, groupName: string): Promise<string> {
  await tabTo(page, `Participants of ${groupName}`)
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  const details = page.getByRole('dialog', { name: 'Participant details' })
  const name = ((await details.getByRole('heading', { level: 2 }).textContent()) ?? '').trim()
  await tabTo(page, `Remove ${name} from ${groupName}`)
  await page.keyboard.press('Enter')
  await details.waitFor({ state: 'detached' })
  return name
}

describe('the Undo toast', () => {
  it('keeps an earlier Undo, waits while focused or hovered, and gives focus back when pressed', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.largestGroup()
    const before = sandbox.store.groupMembers(group.uuid).length
    const count = (n: number) => page.getByText(`${n.toLocaleString('en-GB')} participants`)
    await page.getByRole('button', { name: group.name, exact: true }).click()
    await page.getByRole('grid').getByRole('row').nth(1).getByRole('gridcell').first().waitFor()

    const first = await removeNextByKeyboard(page, group.name)
    await count(before - 1).waitFor()
    const second = await removeNextByKeyboard(page, group.name)
    await count(before - 2).waitFor()

    // The second removal's Undo takes back the first too, and says so.
    const undo = page.locator('.toast').getByRole('button', { name: /^Undo / })
    const label = (await undo.getAttribute('aria-label')) ?? ''
    expect(label).toContain(first)
    expect(label).toContain(second)

    // Reached by keyboard, it stays however long the adviser takes.
    await tabTo(page, label)
    await page.clock.fastForward(LONG_AFTER_MS)
    await expect(undo.isVisible()).resolves.toBe(true)

    // Pressed: both are back, and focus goes back where it came from, not to the page's body.
    await page.keyboard.press('Enter')
    await count(before).waitFor()
    await undo.waitFor({ state: 'detached' })
    expect(await focusedTag(page)).not.toBe('BODY')
    expect(await focusedName(page)).not.toBe('')

    // With the pointer over it, it stays too; once the pointer leaves, its time runs out.
    const third = await removeNextByKeyboard(page, group.name)
    await count(before - 1).waitFor()
    const undoThird = page.getByRole('button', { name: `Undo removing ${third}` })
    await undoThird.waitFor()
    await page.locator('.toast span').hover()
    await page.clock.fastForward(LONG_AFTER_MS)
    await expect(undoThird.isVisible()).resolves.toBe(true)
    await page.mouse.move(0, 0)
    await page.clock.fastForward(LONG_AFTER_MS)
    await undoThird.waitFor({ state: 'detached' })

    // What Undo put back reaches Plannr: the two are still in the group there.
    await goTo(page, /^Waiting to sync/)
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 60_000 })
    const members = sandbox.store.groupMembers(group.uuid).map((member) => `${member.firstName} ${member.lastName}`)
    expect(members).toEqual(expect.arrayContaining([first, second]))
    expect(members).not.toContain(third)
  })
})
