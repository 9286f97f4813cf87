import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, fullName, type AppHarness } from '../support/app-harness'

// Everything by keyboard, no mouse: sign in to the demo, create a group with two participants
// picked in the combobox, and open and close every dialog, with focus trapped inside each one
// and returned to the control that opened it.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 41, accounts: 400, groups: 5 })
})
afterAll(async () => {
  await app?.close()
})

/** The accessible-ish name of the focused element: aria-label, else its text. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement
    if (!element) return ''
    return (element.getAttribute('aria-label') ?? element.textContent ?? '').trim()
  })
}

/** Presses Tab until the focused control is called `name` (a user tabbing to a button). */
async function tabTo(page: Page, name: string | RegExp, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    const current = await focusedName(page)
    if (typeof name === 'string' ? current === name : name.test(current)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${String(name)} (last: ${await focusedName(page)})`)
}

async function focusIsInside(page: Page, dialogName: string): Promise<boolean> {
  return page.evaluate((name) => {
    const dialog = [...document.querySelectorAll('dialog[open]')].find((candidate) => {
      const labelId = candidate.getAttribute('aria-labelledby')
      return (labelId ? document.getElementById(labelId)?.textContent : '')?.trim() === name
    })
    return !!dialog && dialog.contains(document.activeElement)
  }, dialogName)
}

/** Opens a dialog from the focused control with Enter, checks focus is trapped, closes it with Esc. */
async function openAndClose(page: Page, opener: string | RegExp, dialogName: string): Promise<void> {
  await tabTo(page, opener)
  const openerName = await focusedName(page)
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: dialogName })
  await dialog.waitFor()
  expect(await focusIsInside(page, dialogName)).toBe(true)
  for (let presses = 0; presses < 25; presses += 1) {
    await page.keyboard.press('Tab')
    expect(await focusIsInside(page, dialogName)).toBe(true)
  }
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
  expect(await focusedName(page)).toBe(openerName)
}

describe('keyboard only', () => {
  it('signs in to the demo', async () => {
    const { page } = app
    await page.getByLabel('Personal access token').waitFor()
    await tabTo(page, 'Explore the demo')
    await page.keyboard.press('Enter')
    await page.locator('table[aria-label="Groups"] tbody tr').first().waitFor()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'), undefined, { timeout: 60_000 })
  })

  it('creates a group with two participants picked with the arrows and Enter', async () => {
    const { page, sandbox } = app
    // A surname several cached participants share, so the search offers more than one person.
    const cached = new Map(
      sandbox.store
        .groups()
        .flatMap((group) => sandbox.store.groupMembers(group.uuid))
        .map((member) => [member.uuid, member]),
    )
    const bySurname = new Map<string, number>()
    for (const member of cached.values()) bySurname.set(member.lastName, (bySurname.get(member.lastName) ?? 0) + 1)
    const surname = [...bySurname].find(([name, count]) => count >= 3 && /^[A-Za-z]+$/.test(name))?.[0]
    if (!surname) throw new Error('no shared surname')

    await tabTo(page, 'New group')
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'New group' })
    await dialog.waitFor()
    expect(await focusedName(page)).toBe('')
    await page.keyboard.type('Keyboard Clients')
    await page.keyboard.press('Tab')
    const picker = dialog.getByRole('combobox', { name: 'Participants' })
    expect(await picker.evaluate((element) => element === document.activeElement)).toBe(true)

    // The second option, reached with ArrowDown: Enter picks the highlighted one, not the first.
    await page.keyboard.type(surname)
    const listbox = dialog.getByRole('listbox', { name: 'Matching people' })
    const options = listbox.getByRole('option')
    // Answers to the earlier letters may show first; read the list once it answers the whole name.
    const answered = (): Promise<void> => expect.poll(() => listbox.getAttribute('aria-busy')).toBe('false')
    await answered()
    await options.first().waitFor()
    expect(await options.count()).toBeGreaterThan(1)
    await page.keyboard.press('ArrowDown')
    const highlighted = listbox.getByRole('option', { selected: true })
    const secondText = (await highlighted.textContent()) ?? ''
    expect(secondText).toBe((await options.nth(1).textContent()) ?? '')
    await page.keyboard.press('Enter')
    // Then the first option of a fresh search.
    await page.keyboard.type(surname)
    await answered()
    await options.first().waitFor()
    const firstText = (await listbox.getByRole('option', { selected: true }).textContent()) ?? ''
    await page.keyboard.press('Enter')

    const chips = dialog.getByRole('list', { name: 'Chosen participants' }).getByRole('listitem')
    await chips.nth(1).waitFor()
    expect(await chips.count()).toBe(2)
    const chosen = (await chips.allTextContents()).map((text) => text.replace('✕', '').trim())
    expect(secondText).toContain(chosen[0])
    expect(firstText).toContain(chosen[1])

    await tabTo(page, 'Create group')
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'detached' })
    expect(await focusedName(page)).toBe('New group')
    await page.locator('table[aria-label="Groups"] tbody tr', { hasText: 'Keyboard Clients' }).first().waitFor()
    await expect
      .poll(() => sandbox.store.groupByName('Keyboard Clients')?.members.size ?? 0, { timeout: 60_000 })
      .toBe(2)
    const created = [...(sandbox.store.groupByName('Keyboard Clients')?.members ?? [])]
    const names = created.map((uuid) => {
      const account = sandbox.store.accounts().find((candidate) => candidate.uuid === uuid)
      return account ? fullName(account) : uuid
    })
    expect(names.sort()).toEqual([...chosen].sort())
  })

  it('opens and closes every dialog, focus trapped inside and returned to its opener', async () => {
    const { page, sandbox } = app
    await openAndClose(page, 'New group', 'New group')
    await openAndClose(page, 'About', 'About Plannr Desktop')

    await page.keyboard.press('Control+k')
    const search = page.getByRole('dialog', { name: 'Quick search' })
    await search.waitFor()
    expect(await focusIsInside(page, 'Quick search')).toBe(true)
    await page.keyboard.type('a')
    await page.keyboard.press('Escape')
    await search.waitFor({ state: 'detached' })

    await tabTo(page, /^Circles/)
    await page.keyboard.press('Enter')
    await openAndClose(page, 'New circle', 'New circle')
    await tabTo(page, /^Business units/)
    await page.keyboard.press('Enter')
    await openAndClose(page, 'New business unit', 'New business unit')

    await tabTo(page, /^Groups/)
    await page.keyboard.press('Enter')
    await tabTo(page, sandbox.store.largestGroup().name)
    await page.keyboard.press('Enter')
    await page.getByRole('grid').getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
    await openAndClose(page, 'Edit details', 'Edit group details')
    await openAndClose(page, 'Add participants', 'Add participants')

    // The details panel: opened from the grid with Enter, closed with Esc, back in the grid.
    await tabTo(page, /^Participants of/)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    const details = page.getByRole('dialog', { name: 'Participant details' })
    await details.waitFor()
    await page.keyboard.press('Escape')
    await details.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid')
  })
})
