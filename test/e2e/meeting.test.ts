import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { startApp, enterDemo, cutNetwork, type AppHarness } from '../support/app-harness'
import { parseCsv } from '../../src/shared/csv'

// Before a client meeting, through the built UI in the web shell: export a group's filtered and
// sorted list as CSV (read back and compared with the table), open a client's contact links and
// copy buttons, and print the one-page client sheet with the browser's print. Online, then with
// the network cut (everything comes from the cache).
let app: AppHarness
let groupName = ''
const LI = { firstName: '李', lastName: '小龙', email: 'li.xiaolong@example.cn' }
const TRICKY = { firstName: '=HYPERLINK("http://x")', lastName: 'Smith, "The Boss"', email: 'boss@example.com' }

beforeAll(async () => {
  app = await startApp({ seed: 57, accounts: 300, groups: 4 })
  const { store } = app.sandbox
  const group = store.groups()[1]
  if (!group) throw new Error('no group')
  groupName = group.name
  store.createAccount({ ...LI, groups: [group.uuid] })
  store.createAccount({ ...TRICKY, groups: [group.uuid] })
  await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(app.shell.url).origin,
  })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

async function openGroup(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /^Groups/ })
    .click()
  await page.getByRole('button', { name: groupName, exact: true }).click()
  await grid(page).getByRole('row').nth(1).getByRole('gridcell').first().waitFor()
}

const grid = (page: Page) => page.getByRole('grid', { name: `Participants of ${groupName}` })

/** The rows the table has rendered, in order: [first name, last name, email cell]. */
async function tableRows(
  page: Page,
): Promise<{ total: number; rows: Array<{ index: number; first: string; last: string }> }> {
  await page.waitForFunction(
    () => !document.querySelector('[role="grid"][aria-busy="true"], [role="grid"] [aria-busy="true"]'),
  )
  return grid(page).evaluate((element) => ({
    total: Number(element.getAttribute('aria-rowcount')) - 1,
    rows: [...element.querySelectorAll('[role="row"][id^="row-"]')]
      .map((row) => ({
        index: Number(row.getAttribute('aria-rowindex')) - 2,
        first: row.querySelector('.first')?.textContent ?? '',
        last: row.querySelector('.last')?.textContent ?? '',
      }))
      .sort((a, b) => a.index - b.index),
  }))
}

async function exportCsv(page: Page): Promise<string[][]> {
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const file = await (await download).path()
  const bytes = readFileSync(file)
  // UTF-8 with a byte order mark, so Excel reads 李 as 李.
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  await page.getByText(/^Exported \d+ participants? to /).waitFor()
  return parseCsv(bytes.toString('utf8'))
}

async function exportMatchesTable(page: Page): Promise<void> {
  await openGroup(page)
  // The current view: clients only, by last name Z→A.
  await page.getByLabel('Filter by type').selectOption('client')
  await page.getByRole('button', { name: 'Sort by last name' }).click()
  await page.waitForFunction(() => document.querySelector('[role="columnheader"][aria-sort="descending"]') !== null)
  const table = await tableRows(page)
  const csv = await exportCsv(page)
  expect(csv[0]).toEqual(['First name', 'Last name', 'Type', 'Role', 'Email', 'Phone', 'Next review', 'Updated'])
  const records = csv.slice(1)
  expect(records).toHaveLength(table.total)
  expect(table.rows.length).toBeGreaterThan(3)
  for (const row of table.rows)
    expect(records[row.index]?.slice(0, 2), `row ${row.index}`).toEqual([row.first, row.last])
  expect(records.every((record) => record[2] === 'client')).toBe(true)
  expect(records).toContainEqual(expect.arrayContaining([LI.firstName, LI.lastName, LI.email]))
  // A cell a spreadsheet would run as a formula is written as text; commas and quotes survive.
  expect(records).toContainEqual(expect.arrayContaining([`'${TRICKY.firstName}`, TRICKY.lastName]))
}

/** Opens the details of 李 小龙 from the table's search. */
async function openLi(page: Page): Promise<void> {
  await page.getByLabel('Search participants').fill(LI.firstName)
  // The search applies after a short pause: click once the count says "n of m", not on the old rows.
  await page
    .locator('#group-count')
    .getByText(/[\d,]+ of [\d,]+ participants/)
    .waitFor()
  await page.waitForFunction(
    () => !document.querySelector('[role="grid"][aria-busy="true"], [role="grid"] [aria-busy="true"]'),
  )
  // On a loaded machine a click can land while the virtual rows are being redrawn for the new
  // search; click again until the details are open.
  const details = page.getByRole('dialog', { name: 'Participant details' })
  for (let attempt = 1; ; attempt += 1) {
    await grid(page).getByRole('row').filter({ hasText: LI.lastName }).first().click()
    const opened = await details.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    )
    if (opened) return
    if (attempt === 5) throw new Error('the details never opened')
  }
}

async function contactActions(page: Page): Promise<void> {
  // A seeded client with both an email and a phone number.
  const details = page.getByRole('dialog', { name: 'Participant details' })
  const email = details.getByRole('link', { name: LI.email })
  expect(await email.getAttribute('href')).toBe(`mailto:${LI.email}`)
  expect(await email.getAttribute('target')).toBe('_blank')
  await details.getByRole('button', { name: 'Copy email' }).click()
  await details.getByText('Copied').waitFor()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(LI.email)
}

async function printSheet(page: Page): Promise<void> {
  // The browser's print dialog cannot be driven headless: record what was on the page when the
  // app called print(), with the print styles applied.
  await page.evaluate(() => {
    const record = window as unknown as {
      printed?: { html: string; text: string; appShown: boolean; htmlClass: string }
    }
    window.print = () => {
      const sheet = document.querySelector('[data-testid="client-sheet"]')
      const shell = document.querySelector('#app > .shell')
      record.printed = {
        html: sheet?.outerHTML ?? '',
        text: sheet?.textContent ?? '',
        appShown: shell ? getComputedStyle(shell).display !== 'none' : true,
        htmlClass: document.documentElement.className,
      }
    }
  })
  await page.emulateMedia({ media: 'print' })
  await page.getByRole('button', { name: 'Print / Save as PDF' }).click()
  const printed = await page.waitForFunction(
    () => (window as unknown as { printed?: { html: string; text: string; appShown: boolean } }).printed,
  )
  const { html, text, appShown, htmlClass } = (await printed.jsonValue()) as {
    html: string
    text: string
    appShown: boolean
    htmlClass: string
  }
  await page.emulateMedia({ media: 'screen' })
  expect(appShown).toBe(false)
  for (const part of [
    `${LI.firstName} ${LI.lastName}`,
    LI.email,
    'Contact',
    'Team',
    'Adviser',
    'Reviews',
    'Next review',
    'Tags',
    'Groups and circles',
    groupName,
    'Custom fields',
  ])
    expect(text).toContain(part)
  // Gone from the page once printed.
  expect(await page.locator('[data-testid="client-sheet"]').count()).toBe(0)

  // The same page, as it was when printed, printed to PDF by Chromium: one A4 page, the sheet alone.
  await page.evaluate(
    ({ markup, className }) => {
      document.getElementById('app')?.insertAdjacentHTML('beforeend', markup)
      document.documentElement.className = className
    },
    { markup: html, className: htmlClass },
  )
  // page.pdf prints with the emulated media: print, as printToPDF and the browser's print do.
  await page.emulateMedia({ media: 'print' })
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1')
  await page.emulateMedia({ media: 'screen' })
  await page.evaluate(() => {
    document.querySelector('#app > [data-testid="client-sheet"]')?.remove()
    document.documentElement.className = ''
  })
  expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1)
  // A4 in points.
  expect(pdf).toMatch(/\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]/)
  await page.evaluate(() => delete (window as unknown as { printed?: unknown }).printed)
}

describe('ready for the meeting', () => {
  it('online: CSV export matches the table; contact links, copy and the client sheet', async () => {
    const { page } = app
    await exportMatchesTable(page)
    await page.getByLabel('Filter by type').selectOption('')
    await openLi(page)
    await contactActions(page)
    await printSheet(page)
    await page.keyboard.press('Escape')
  })

  it('offline: the same from the cache', async () => {
    const { page } = app
    await cutNetwork(app)
    await page.getByLabel('Search participants').fill('')
    await exportMatchesTable(page)
    await page.getByLabel('Filter by type').selectOption('')
    await openLi(page)
    await contactActions(page)
    await printSheet(page)
  })
})
