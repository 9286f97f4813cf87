import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { cutNetwork, enterDemo, fullName, startApp, type AppHarness } from '../support/app-harness'
import type { AccountRecord } from '../../src/sandbox/data/model'

// Caller lookup through the UI: the phone rings, the adviser presses Ctrl+K and types the number
// however it is written down, or an email, or picks the client from the recently opened ones —
// online and offline, and across a reload.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ accounts: 400, groups: 6 })
  await enterDemo(app.page)
}, 240_000)
afterAll(async () => {
  await app?.close()
})

/** Cached clients (members of a group) whose phone number no one else has. */
function callers(): AccountRecord[] {
  const { store } = app.sandbox
  const members = new Map(store.groups().flatMap((group) => store.groupMembers(group.uuid).map((a) => [a.uuid, a])))
  const phones = new Map<string, number>()
  for (const account of members.values())
    if (account.phone) phones.set(account.phone, (phones.get(account.phone) ?? 0) + 1)
  return [...members.values()].filter(
    (account) => account.phone?.startsWith('+447700') && phones.get(account.phone) === 1 && account.email,
  )
}

async function openQuickSearch(page: Page) {
  await page.keyboard.press('Control+k')
  const dialog = page.getByRole('dialog', { name: 'Quick search' })
  await dialog.waitFor()
  return { dialog, box: dialog.getByRole('combobox', { name: 'Search all participants' }) }
}

async function openHit(page: Page, typed: string, account: AccountRecord): Promise<void> {
  const { dialog, box } = await openQuickSearch(page)
  await box.fill(typed)
  const results = dialog.getByRole('listbox', { name: 'Search results' })
  await results.getByRole('option', { name: new RegExp(fullName(account)) }).waitFor()
  expect(await results.getByRole('option').count(), typed).toBe(1)
  await page.keyboard.press('Enter')
  await closeDetailsOf(page, account)
}

/** Waits for the details of `account` to open, then closes them. */
async function closeDetailsOf(page: Page, account: AccountRecord): Promise<void> {
  await page
    .getByRole('dialog', { name: 'Participant details' })
    .getByRole('heading', { name: fullName(account), level: 2 })
    .waitFor()
  await page.getByRole('button', { name: 'Close details' }).click()
}

async function recentNames(page: Page): Promise<string[]> {
  const { dialog } = await openQuickSearch(page)
  const recent = dialog.getByRole('listbox', { name: 'Recent clients' })
  await recent.getByRole('option').first().waitFor()
  return recent.locator('.name').allTextContents()
}

describe('caller lookup in quick search', () => {
  it('finds a caller by phone number written any way, and by email, and remembers them as recent', async () => {
    const { page } = app
    const [caller, emailer] = callers()
    if (!caller?.phone || !emailer?.email) throw new Error('the sandbox has no two clients with unique mobile numbers')
    const national = `0${caller.phone.slice(3)}` // +447700900123 → 07700900123

    // Nothing opened yet: an empty quick search lists nothing.
    const { dialog } = await openQuickSearch(page)
    expect(await dialog.getByRole('listbox', { name: 'Recent clients' }).isVisible()).toBe(false)
    await page.keyboard.press('Escape')

    await openHit(page, `+44 ${national.slice(1, 5)} ${national.slice(5)}`, caller)
    await openHit(page, `${national.slice(0, 5)} ${national.slice(5, 8)} ${national.slice(8)}`, caller)
    await openHit(page, `0044${national.slice(1)}`, caller)
    await openHit(page, emailer.email, emailer)

    expect(await recentNames(page)).toEqual([fullName(emailer), fullName(caller)].slice(0, 2))
    // Picked from the keyboard: Down, Enter opens the second most recent.
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await closeDetailsOf(page, caller)
    expect((await recentNames(page)).slice(0, 2)).toEqual([fullName(caller), fullName(emailer)])
    await app.screenshot('40-quick-search-recent')
    await page.keyboard.press('Escape')
  })

  it('works offline, and after a reload offline', async () => {
    const { page } = app
    const [caller, emailer, third] = callers()
    if (!caller?.phone || !emailer || !third?.phone)
      throw new Error('the sandbox has too few clients with unique numbers')
    await cutNetwork(app)
    await openHit(page, `0${third.phone.slice(3)}`, third)
    expect((await recentNames(page)).slice(0, 3)).toEqual([fullName(third), fullName(caller), fullName(emailer)])
    await page.keyboard.press('Escape')

    await page.reload()
    await page.getByRole('heading', { name: 'Groups' }).waitFor()
    expect((await recentNames(page)).slice(0, 3)).toEqual([fullName(third), fullName(caller), fullName(emailer)])
    await page.keyboard.press('Escape')
    await openHit(page, `+44 (0)${caller.phone.slice(3, 7)} ${caller.phone.slice(7)}`, caller)
  })
})
