import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, enterDemo, cutNetwork, restoreNetwork, type AppHarness } from '../support/app-harness'

// The desktop keyboard in the web shell (no native menu there: the page runs the same keys), and
// bulk selection in the participants table with its actions, online and offline.
let app: AppHarness
/** Polls wait as long as a busy machine needs (the UI answers in milliseconds when idle). */
const SLOW = { timeout: 60_000 }

beforeAll(async () => {
  app = await startApp({ seed: 61, accounts: 400, groups: 5 })
  await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(app.shell.url).origin,
  })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

/** The sidebar entry marked as the current page. */
async function current(page: Page): Promise<string> {
  const text = await page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]').textContent()
  return (text ?? '').replace(/[\d,]+$/, '').trim()
}

async function expectSection(page: Page, name: string): Promise<void> {
  await expect.poll(() => current(page), SLOW).toBe(name)
}

const grid = (page: Page) => page.getByRole('grid')

async function openLargestGroup(page: Page): Promise<string> {
  const largest = app.sandbox.store.largestGroup()
  await page.keyboard.press('Control+1')
  await page.getByRole('button', { name: largest.name, exact: true }).click()
  await grid(page).getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
  return largest.name
}

const selectedCount = (page: Page) => grid(page).locator('[role="row"][aria-selected="true"]').count()
const status = (page: Page) => page.getByRole('toolbar', { name: 'Selected participants' }).getByRole('status')

/** A rendered row by its index in the list (the grid is virtual: only visible rows exist). */
const row = (page: Page, index: number) => page.locator(`[id="row-${index}"]`)

/** Email cells of the selected rows, in order. */
async function selectedEmails(page: Page): Promise<string[]> {
  return grid(page).evaluate((element) =>
    [...element.querySelectorAll('[role="row"][aria-selected="true"]')].map(
      (selected) => selected.querySelectorAll('[role="gridcell"]')[3]?.textContent?.trim() ?? '',
    ),
  )
}

describe('the keyboard', () => {
  it('? opens the keyboard shortcuts, listing every command with its keys; typed in a field it is text', async () => {
    const { page } = app
    await page.keyboard.press('Shift+Slash')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await help.waitFor()
    const text = (await help.textContent()) ?? ''
    for (const part of [
      'Quick Search',
      'Ctrl+K',
      'Sync Now',
      'F5',
      'New Group',
      'Ctrl+N',
      'Groups',
      'Ctrl+1',
      'Reviews',
      'Ctrl+4',
      'Waiting to Sync',
      'Ctrl+5',
      'Back',
      'Alt+←',
      'Space',
      'Shift+click',
    ])
      expect(text).toContain(part)
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'detached' })

    await openLargestGroup(page)
    const search = page.getByLabel('Search participants')
    await search.click()
    await page.keyboard.type('?')
    expect(await search.inputValue()).toBe('?')
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0)
    await search.fill('')
  })

  it('Ctrl+1..5 go to the views, Alt+Left goes back', async () => {
    const { page } = app
    await page.keyboard.press('Control+2')
    await expectSection(page, 'Circles')
    await page.keyboard.press('Control+3')
    await expectSection(page, 'Business units')
    await page.keyboard.press('Control+5')
    await expectSection(page, 'Waiting to sync')
    await page.keyboard.press('Control+4')
    // Reviews opens on its first window, Overdue.
    await expectSection(page, 'Overdue')
    await page.keyboard.press('Alt+ArrowLeft')
    await expectSection(page, 'Waiting to sync')
    await page.keyboard.press('Alt+ArrowLeft')
    await expectSection(page, 'Business units')
    await page.keyboard.press('Alt+ArrowLeft')
    await expectSection(page, 'Circles')
    await page.keyboard.press('Control+1')
    await expectSection(page, 'Groups')
  })

  it('Ctrl+N opens a new group, Ctrl+K quick search, and F5 syncs without reloading the page', async () => {
    const { page } = app
    await page.keyboard.press('Control+n')
    const dialog = page.getByRole('dialog', { name: 'New group' })
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    await page.keyboard.press('Control+k')
    const search = page.getByRole('dialog', { name: /search/i })
    await search.waitFor()
    await page.keyboard.press('Escape')
    await search.waitFor({ state: 'detached' })

    // A change made on Plannr shows after F5 (Sync now), and the page was not reloaded.
    await page.evaluate(() => ((window as unknown as { stayed?: boolean }).stayed = true))
    const group = app.sandbox.store.groups().at(-1)
    if (!group) throw new Error('no group')
    app.sandbox.store.renameGroup(group.uuid, 'Renamed on Plannr for F5')
    await page.keyboard.press('F5')
    await page.getByRole('button', { name: 'Renamed on Plannr for F5', exact: true }).waitFor()
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
  })
})

describe('bulk selection in the participants table', () => {
  it('Space toggles the focused row, Shift-click takes a range, Ctrl-click toggles, Esc clears', async () => {
    const { page } = app
    await openLargestGroup(page)
    expect(await grid(page).getAttribute('aria-multiselectable')).toBe('true')
    await page.getByLabel('Search participants').focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Space')
    await expect.poll(() => status(page).textContent(), SLOW).toBe('1 selected')
    expect(await row(page, 0).getAttribute('aria-selected')).toBe('true')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Space')
    await expect.poll(() => selectedCount(page), SLOW).toBe(2)
    // A sync finishing in the background re-reads the table; the range still starts where it did.
    const renamed = await uuidOfRow(page, 8)
    app.sandbox.store.updateAccount(renamed, { firstName: 'Synced' })
    await page.keyboard.press('F5')
    await row(page, 8).getByText('Synced').waitFor()
    // From the last row toggled (2) to 5.
    await row(page, 5).click({ modifiers: ['Shift'] })
    await expect.poll(() => status(page).textContent(), SLOW).toBe('4 selected')
    for (const index of [2, 3, 4, 5]) expect(await row(page, index).getAttribute('aria-selected')).toBe('true')
    expect(await row(page, 0).getAttribute('aria-selected')).toBe('false')
    await row(page, 0).click({ modifiers: ['Control'] })
    await expect.poll(() => selectedCount(page), SLOW).toBe(5)
    await row(page, 3).click({ modifiers: ['Control'] })
    await expect.poll(() => selectedCount(page), SLOW).toBe(4)
    // The details did not open: selecting is not opening.
    expect(await page.getByRole('dialog', { name: 'Participant details' }).count()).toBe(0)
    await page.keyboard.press('Escape')
    await expect.poll(() => selectedCount(page), SLOW).toBe(0)
    expect(await status(page).textContent()).toBe('')
  })

  it('online: Copy emails, then Add to group reaches Plannr', async () => {
    const { page, sandbox } = app
    await row(page, 1).click({ modifiers: ['Control'] })
    await row(page, 3).click({ modifiers: ['Shift'] })
    await expect.poll(() => status(page).textContent(), SLOW).toBe('3 selected')
    const emails = (await selectedEmails(page)).filter((email) => email.includes('@'))
    await page.getByRole('button', { name: 'Copy emails' }).click()
    await page.getByText(/^Copied \d+ email address/).waitFor()
    expect((await page.evaluate(() => navigator.clipboard.readText())).split('; ')).toEqual(emails)

    const uuids = await selectedUuids(page)
    const largest = sandbox.store.largestGroup()
    const other = sandbox.store
      .groups()
      .find((group) => group.uuid !== largest.uuid && uuids.some((uuid) => !group.members.has(uuid)))
    if (!other) throw new Error('no other group')
    await page.getByRole('button', { name: 'Add to group' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add 3 participants to a group' })
    await dialog.getByLabel('Group').selectOption({ label: other.name })
    await dialog.getByRole('button', { name: 'Add' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByText(`Added 3 participants to ${other.name}.`).waitFor()
    expect(await selectedCount(page)).toBe(0)
    await expect
      .poll(() => uuids.every((uuid) => sandbox.store.group(other.uuid)?.members.has(uuid)), { timeout: 60_000 })
      .toBe(true)
  })

  it('offline: Add to circle is queued on this computer and reaches Plannr when it is back', async () => {
    const { page, sandbox } = app
    await cutNetwork(app)
    await row(page, 6).click({ modifiers: ['Control'] })
    // Then by keyboard: the grid has focus, Down moves to the next row and Space picks it.
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Space')
    await expect.poll(() => status(page).textContent(), SLOW).toBe('2 selected')
    const uuids = await selectedUuids(page)
    const circle = sandbox.store.circles()[0]
    if (!circle) throw new Error('no circle')
    const before = [...circle.accounts]
    await page.getByRole('button', { name: 'Add to circle' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add 2 participants to a circle' })
    await dialog.getByLabel('Circle').selectOption({ label: circle.name })
    await dialog.getByRole('button', { name: 'Add' }).click()
    await page.getByText(/Saved on this computer/).waitFor()
    expect(sandbox.store.circle(circle.uuid)?.accounts).toEqual(before)
    // The keys work offline too: Waiting to sync lists the change, Back returns to the group.
    await page.keyboard.press('Control+5')
    await page
      .getByRole('list', { name: 'Changes waiting to sync' })
      .getByRole('listitem', { name: new RegExp(circle.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
      .first()
      .waitFor()
    await page.keyboard.press('Alt+ArrowLeft')
    await grid(page).getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
    await restoreNetwork(app)
    await expect
      .poll(
        () => {
          const accounts = sandbox.store.circle(circle.uuid)?.accounts ?? []
          return before.every((uuid) => accounts.includes(uuid)) && uuids.every((uuid) => accounts.includes(uuid))
        },
        { timeout: 60_000 },
      )
      .toBe(true)
  })
})

/** The participant uuid of a rendered row, found by its name among the group's members. */
async function uuidOfRow(page: Page, index: number): Promise<string> {
  const first = (await row(page, index).locator('.first').textContent()) ?? ''
  const last = (await row(page, index).locator('.last').textContent()) ?? ''
  const found = app.sandbox.store
    .groupMembers(app.sandbox.store.largestGroup().uuid)
    .filter((member) => member.firstName === first && member.lastName === last)
  if (found.length !== 1 || !found[0]) throw new Error(`cannot tell ${first} ${last} apart`)
  return found[0].uuid
}

/** The participant uuids of the selected rows, read from the cache the table shows. */
async function selectedUuids(page: Page): Promise<string[]> {
  const names = await grid(page).evaluate((element) =>
    [...element.querySelectorAll('[role="row"][aria-selected="true"]')].map((selected) => ({
      first: selected.querySelector('.first')?.textContent ?? '',
      last: selected.querySelector('.last')?.textContent ?? '',
    })),
  )
  const members = app.sandbox.store.groupMembers(app.sandbox.store.largestGroup().uuid)
  return names.map(({ first, last }) => {
    const found = members.filter((member) => member.firstName === first && member.lastName === last)
    if (found.length !== 1) throw new Error(`cannot tell ${first} ${last} apart`)
    return found[0]?.uuid ?? ''
  })
}
