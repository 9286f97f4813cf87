import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, fullName, focusedRow, type AppHarness } from '../support/app-harness'
import { focusedName, focusedTag, tabTo } from '../support/keyboard'

// Everything by keyboard, no mouse: sign in to the demo, create a group with two participants
// picked in the combobox, and open and close every dialog, with focus trapped inside each one
// and returned to the control that opened it, or to the nearest sensible place when closing took
// that control away (focus left on the page's body sends a keyboard user back to the top).
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 41, accounts: 400, groups: 5 })
})
afterAll(async () => {
  await app?.close()
})

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

  it('the details opened from quick search give focus back when closed with Esc or ✕', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.largestGroup()
    const person = sandbox.store.groupMembers(group.uuid)[0]
    if (!person) throw new Error('empty group')
    const name = fullName(person)
    const details = page.getByRole('dialog', { name: 'Participant details' })
    async function openFromSearch(): Promise<void> {
      await page.keyboard.press('Control+k')
      const search = page.getByRole('dialog', { name: 'Quick search' })
      await search.waitFor()
      await page.keyboard.type(name)
      const results = search.getByRole('listbox', { name: 'Search results' })
      await expect.poll(() => results.getAttribute('aria-busy')).toBe('false')
      await results.getByRole('option').first().waitFor()
      await page.keyboard.press('Enter')
      await details.waitFor()
      expect(await focusedName(page)).toBe('Close details')
    }

    // Opened from the participants grid: Esc, then Enter on ✕, each land back in the grid.
    await tabTo(page, /^Participants of/)
    for (const key of ['Escape', 'Enter']) {
      await openFromSearch()
      await page.keyboard.press(key)
      await details.waitFor({ state: 'detached' })
      expect(await focusedTag(page)).not.toBe('BODY')
      expect(await focusedName(page)).toBe(`Participants of ${group.name}`)
    }

    // The grid went away while the details were open (Circles opened with its key): the main content.
    await openFromSearch()
    await page.keyboard.press('Control+2')
    await page.getByRole('heading', { name: 'Circles', exact: true }).waitFor()
    await page.keyboard.press('Escape')
    await details.waitFor({ state: 'detached' })
    expect(await focusedTag(page)).toBe('MAIN')
  })

  it('adding the selected rows to a group puts focus on the participants grid', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.largestGroup()
    await page.keyboard.press('Control+1')
    await tabTo(page, group.name)
    await page.keyboard.press('Enter')
    await page.getByRole('grid').getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
    await tabTo(page, /^Participants of/)
    await page.keyboard.press('Space')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Space')
    const selected = page.getByRole('toolbar', { name: 'Selected participants' }).getByRole('status')
    await expect.poll(() => selected.textContent()).toBe('2 selected')

    // The "Add to group" button goes with the selection the dialog used.
    await tabTo(page, 'Add to group')
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Add 2 participants to a group' })
    await dialog.waitFor()
    await page.keyboard.press('ArrowDown')
    await tabTo(page, 'Add')
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'detached' })
    await page.getByText(/^Added 2 participants to /).waitFor()
    expect(await focusedTag(page)).not.toBe('BODY')
    expect(await focusedName(page)).toBe(`Participants of ${group.name}`)
    expect((await focusedRow(page)).row).not.toBe('')
  })

  it('discarding a waiting change moves focus to the next change, else the one before, else the heading', async () => {
    const { page, sandbox } = app
    await page.keyboard.press('Control+5')
    await page.getByRole('heading', { name: 'Waiting to sync' }).waitFor()
    // The group additions above reach Plannr first: the list then holds only the changes made here.
    await page.getByText('Everything is on Plannr').waitFor({ timeout: 90_000 })
    // Names someone else took on Plannr meanwhile: each new group is refused and waits, with its
    // Discard button, until the adviser decides.
    const names = ['Taken First', 'Taken Second', 'Taken Third']
    for (const name of names) {
      sandbox.store.createGroup({ name })
      await page.keyboard.press('Control+n')
      const form = page.getByRole('dialog', { name: 'New group' })
      await form.waitFor()
      await page.keyboard.type(name)
      await tabTo(page, 'Create group')
      await page.keyboard.press('Enter')
      await form.waitFor({ state: 'detached' })
    }
    const list = page.getByRole('list', { name: 'Changes waiting to sync' })
    for (const name of names) {
      await list
        .getByRole('listitem', { name: new RegExp(name) })
        .getByText('Needs attention')
        .waitFor({ timeout: 60_000 })
    }
    // The changes themselves, not the lines of what Plannr said inside each.
    const labels = await list
      .locator(':scope > li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''))
    const [first, second, third] = labels
    if (labels.length !== 3 || !first || !second || !third) throw new Error(`not three changes: ${labels.join(', ')}`)

    async function discard(label: string): Promise<void> {
      await tabTo(page, `Discard: ${label}`)
      await page.keyboard.press('Enter')
      const confirm = page.getByRole('dialog', { name: 'Discard this change?' })
      await confirm.waitFor()
      await tabTo(page, 'Discard')
      await page.keyboard.press('Enter')
      await confirm.waitFor({ state: 'detached' })
      await list.getByRole('listitem', { name: label, exact: true }).waitFor({ state: 'detached' })
    }

    // From the middle: the next change.
    await discard(second)
    expect(await focusedTag(page)).not.toBe('BODY')
    expect(await focusedName(page)).toBe(third)
    // From the end: the one before.
    await discard(third)
    expect(await focusedName(page)).toBe(first)
    // The last one: the view's heading.
    await discard(first)
    await page.getByText('Everything is on Plannr').waitFor()
    expect(await focusedTag(page)).toBe('H1')
    expect(await focusedName(page)).toBe('Waiting to sync')
  })
})

describe('keyboard focus through a group', () => {
  it('opening a group puts focus on its heading; leaving it puts focus back on its row', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.largestGroup()
    const list = page.locator('table[aria-label="Groups"]')
    const heading = page.getByRole('heading', { level: 1, name: group.name })
    await page.keyboard.press('Control+1')
    await list.waitFor()
    await tabTo(page, group.name)

    // Enter: the button is gone with the list; the group's heading has focus, not the page's body.
    await page.keyboard.press('Enter')
    await heading.waitFor()
    expect(await focusedTag(page)).toBe('H1')
    expect(await focusedName(page)).toBe(group.name)

    // ← (just before the heading): back on the group's own button in the list.
    await page.keyboard.press('Shift+Tab')
    expect(await focusedName(page)).toBe('Back to groups')
    await page.keyboard.press('Enter')
    await list.waitFor()
    expect(await focusedTag(page)).toBe('BUTTON')
    expect(await focusedName(page)).toBe(group.name)

    // Back by its key from the participants grid: the same.
    await page.keyboard.press('Enter')
    await heading.waitFor()
    await tabTo(page, /^Participants of/)
    await page.keyboard.press('Alt+ArrowLeft')
    await list.waitFor()
    expect(await focusedTag(page)).toBe('BUTTON')
    expect(await focusedName(page)).toBe(group.name)
  })
})
