import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, enterDemo, focusedRow, fullName, goTo, type AppHarness } from '../support/app-harness'
import { compareKeys, foldText } from '../../src/shared/plannr/participant-query'

// The adviser's UI end to end: built renderer in Chromium, real main handlers, real IndexedDB,
// the sandbox as Plannr. Elements are found by role and accessible name, as a user would.
let app: AppHarness

beforeAll(async () => {
  app = await startApp()
})
afterAll(async () => {
  await app?.close()
})

describe('the adviser UI', () => {
  it('shows the three ways to sign in', async () => {
    const { page } = app
    await page.getByLabel('Personal access token').waitFor()
    // OAuth is not configured in the test shell: the app says so instead of offering a button that cannot work.
    await page.getByText(/not set up in this build/).waitFor()
    expect(await page.getByRole('button', { name: 'Sign in with Plannr' }).count()).toBe(0)
    await page.getByRole('button', { name: 'Explore the demo' }).waitFor()
    await app.screenshot('01-sign-in')
  })

  it('explains a refused token in plain words', async () => {
    const { page } = app
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByText('Paste your personal access token first.').waitFor()
    await page.getByRole('button', { name: 'Advanced' }).click()
    await page.getByLabel('API address').fill(app.sandbox.url)
    await page.getByLabel('Personal access token').fill('not-a-real-token')
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toMatch(/did not accept/i)
  })

  it('signs in to the demo and lists every group with its count after the first sync', async () => {
    const { page, sandbox } = app
    await enterDemo(page)
    const rows = page.locator('table[aria-label="Groups"] tbody tr')
    expect(await rows.count()).toBe(sandbox.store.groups().length)
    const largest = sandbox.store.largestGroup()
    const row = rows.filter({ has: page.getByRole('button', { name: largest.name, exact: true }) })
    expect(await row.locator('td.num').textContent()).toBe(
      sandbox.store.groupMembers(largest.uuid).length.toLocaleString('en-GB'),
    )
    const linked = sandbox.store.groups().find((group) => group.businessUnit !== null)
    if (linked?.businessUnit) {
      const unit = sandbox.store.businessUnit(linked.businessUnit)
      const linkedRow = rows.filter({ has: page.getByRole('button', { name: linked.name, exact: true }) })
      expect(await linkedRow.locator('td').nth(2).textContent()).toBe(unit?.name)
    }
    await app.screenshot('02-groups')
  })

  it('browses a group: virtualised table, search, type and role filters, sort both ways', async () => {
    const { page, sandbox } = app
    const largest = sandbox.store.largestGroup()
    const members = sandbox.store.groupMembers(largest.uuid)
    await page.getByRole('button', { name: largest.name, exact: true }).click()
    const grid = page.getByRole('grid', { name: `Participants of ${largest.name}` })
    await grid.waitFor()
    await page.getByText(`${members.length.toLocaleString('en-GB')} participants`).waitFor()
    // Virtualised: far fewer rows in the DOM than participants.
    expect(await grid.getByRole('row').count()).toBeLessThan(Math.min(members.length, 80))
    await app.screenshot('03-group')

    const clients = members.filter((member) => member.type === 'client').length
    await page.getByLabel('Filter by type').selectOption('client')
    await page
      .getByText(`${clients.toLocaleString('en-GB')} of ${members.length.toLocaleString('en-GB')} participants`)
      .waitFor()
    await page.getByLabel('Filter by type').selectOption('')

    const someone = members[Math.floor(members.length / 2)]
    if (!someone) throw new Error('empty group')
    await page.getByLabel('Search participants').fill(someone.lastName)
    await grid.locator('.last', { hasText: someone.lastName }).first().waitFor()
    await page.getByLabel('Search participants').fill('zzzz-nobody')
    await page.getByText('No participant matches these filters').waitFor()
    await page.getByLabel('Search participants').fill('')
    // The cleared search reloads after its debounce: let it land before sorting, or its reload
    // replaces the sorted rows while they are read below.
    await page.getByText(`${members.length.toLocaleString('en-GB')} participants`, { exact: true }).waitFor()

    const lastNames = async (): Promise<string[]> =>
      grid
        .getByRole('row')
        .evaluateAll((rows) => rows.slice(1, 6).map((row) => row.querySelector('.last')?.textContent?.trim() ?? ''))
    await page.getByRole('button', { name: 'Sort by last name' }).click() // already ascending: flips to descending
    await page.waitForFunction(() => document.querySelector('[aria-sort="descending"]') !== null)
    await grid.getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
    await page.waitForFunction(
      () => !document.querySelector('[role="grid"][aria-busy="true"], [role="grid"] [aria-busy="true"]'),
    )
    const descending = await lastNames()
    expect(descending.every((name) => name !== '')).toBe(true)
    // The shared definition of the order (folded text, code-unit order), as the API sorts.
    const sorted = [...descending].sort((a, b) => compareKeys(foldText(b), foldText(a)))
    expect(descending).toEqual(sorted)
    await page.getByRole('button', { name: 'Sort by last name' }).click()
    await page.waitForFunction(() => document.querySelector('[aria-sort="ascending"]') !== null)

    // Created has no column, but its order is offered beside Updated's: oldest first, as Plannr sorts.
    await page.getByRole('button', { name: 'Sort by created' }).click()
    const oldest = [...members]
      .sort((a, b) => a.createdAt - b.createdAt || compareKeys(a.uuid, b.uuid))
      .slice(0, 5)
      .map((member) => member.lastName)
    await expect.poll(lastNames).toEqual(oldest)
    await page.getByRole('button', { name: 'Sort by last name' }).click()
    await expect.poll(lastNames).not.toEqual(oldest)
  })

  it('opens a participant from the keyboard, with details and no placeholder text', async () => {
    const { page } = app
    const grid = page.getByRole('grid').first()
    await grid.focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    const details = page.getByRole('dialog', { name: 'Participant details' })
    await details.waitFor()
    const text = (await details.textContent()) ?? ''
    expect(text).toContain('Reviews')
    expect(text).toContain('Team')
    expect(text).not.toContain('App\\')
    expect(text).not.toMatch(/\{|\[object/)
    await app.screenshot('04-participant-details')
    const opened = (await details.getByRole('heading', { level: 2 }).textContent()) ?? ''
    await page.keyboard.press('Escape')
    await details.waitFor({ state: 'detached' })
    // Focus is back in the grid, on the row that was opened.
    const focused = await focusedRow(page)
    expect(focused.label).toMatch(/^Participants of /)
    expect(focused.row).toContain(opened)
  })

  it('finds anyone with Ctrl+K quick search', async () => {
    const { page, sandbox } = app
    const person = sandbox.store
      .accounts()
      .find((account) => account.type === 'client' && /^[A-Za-z]+$/.test(account.lastName))
    if (!person) throw new Error('no client')
    await page.keyboard.press('Control+k')
    const box = page.getByRole('combobox', { name: 'Search all participants' })
    await box.fill(`${person.firstName} ${person.lastName}`)
    await page
      .getByRole('option', { name: new RegExp(`${person.firstName} ${person.lastName}`) })
      .first()
      .waitFor()
    await app.screenshot('05-quick-search')
    await page.keyboard.press('Enter')
    await page
      .getByRole('dialog', { name: 'Participant details' })
      .getByRole('heading', { name: fullName(person), level: 2 })
      .waitFor()
    await page.getByRole('button', { name: 'Close details' }).click()
  })

  it("runs the application menu's commands: Quick search, and Sync now without reloading the page", async () => {
    const { page, sandbox, shell } = app
    await goTo(page, /^Groups/)
    // The desktop app's menu sends these events; the web shell sends the same contract event.
    shell.emit('menu', { command: 'quick-search' })
    const box = page.getByRole('combobox', { name: 'Search all participants' })
    await box.waitFor()
    await page.keyboard.press('Escape')
    await box.waitFor({ state: 'detached' })

    await page.evaluate(() => Object.assign(globalThis, { beforeSyncNow: true }))
    const made = sandbox.store.createGroup({ name: 'Made on Plannr while the app was open' })
    shell.emit('menu', { command: 'sync-now' })
    await page.getByRole('button', { name: made.name, exact: true }).waitFor({ timeout: 180_000 })
    // Same page: Sync now synced, it did not reload.
    expect(await page.evaluate(() => (globalThis as { beforeSyncNow?: boolean }).beforeSyncNow)).toBe(true)
  })

  it('lists circles and business units', async () => {
    const { page, sandbox } = app
    await goTo(page, /^Circles/)
    await page.getByRole('table', { name: 'Circles' }).waitFor()
    expect(await page.locator('table[aria-label="Circles"] tbody tr').count()).toBe(sandbox.store.circles().length)
    await app.screenshot('06-circles')
    await goTo(page, /^Business units/)
    await page.getByRole('table', { name: 'Business units' }).waitFor()
    expect(await page.locator('table[aria-label="Business units"] tbody tr').count()).toBe(
      sandbox.store.businessUnits().length,
    )
    await app.screenshot('07-business-units')
  })

  it('keeps browsing from the cache when Plannr cannot be reached, and says so', async () => {
    const { page, sandbox } = app
    await sandbox.stop()
    // F5 (Sync now) whatever the button shows: the run the menu's Sync now started may still be
    // going (the button disabled), and the moment the app is offline the button is Try now.
    await page.keyboard.press('F5')
    await page
      .getByRole('contentinfo', { name: 'Status' })
      .getByText('Offline · last synced')
      .waitFor({ timeout: 30_000 })
    await goTo(page, /^Groups/)
    const largest = sandbox.store.largestGroup()
    await page.getByRole('button', { name: largest.name, exact: true }).click()
    await page
      .getByRole('grid', { name: `Participants of ${largest.name}` })
      .getByRole('row')
      .nth(1)
      .waitFor()
    const members = sandbox.store.groupMembers(largest.uuid)
    const first = members[0]?.firstName ?? 'a'
    const matching = members.filter((m) =>
      [m.firstName, m.lastName, fullName(m)].some((v) => foldText(v).includes(foldText(first))),
    ).length
    await page.getByLabel('Search participants').fill(first)
    await page
      .getByText(`${matching.toLocaleString('en-GB')} of ${members.length.toLocaleString('en-GB')} participants`)
      .waitFor()
    await page.getByRole('grid').getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
    await app.screenshot('08-offline')
    await page.setViewportSize({ width: 1024, height: 640 })
    await app.screenshot('09-offline-1024x640')
  })
})
