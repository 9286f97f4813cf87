import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, fullName, type AppHarness } from '../support/app-harness'
import { parseCsv } from '../../src/shared/csv'

// A group whose first sync stopped part way (the network went after its first pages) is only
// partly on this computer. Searching, filtering and exporting it must say so: an adviser looking
// for a client who is not cached yet must not be told that no one in the group matches.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 29, accounts: 5_000, groups: 4 })
})
afterAll(async () => {
  await app?.close()
})

const count = () => app.page.locator('#group-count')

describe('a group only partly cached', () => {
  it('says so when searched, when nothing matches, and when exported', async () => {
    const { page, sandbox } = app
    const target = sandbox.store.largestGroup()
    const members = sandbox.store.groupMembers(target.uuid)
    // The pass reads 500 a page with at most three pages in flight: cut after the first page, it
    // caches at most 2,000, and at least the last hundred members are never read.
    expect(members.length).toBeGreaterThan(2_100)
    // Other groups' participants and the account plan wait, so only the opened group is read.
    sandbox.faults.set('GET /api/v1/group/:uuid/participants', { latencyMs: 15_000 })
    sandbox.faults.set('GET /api/v1/account', { latencyMs: 15_000 })
    sandbox.faults.set(`GET /api/v1/group/${target.uuid}/participants`, { latencyMs: 1_000 })

    await page.getByRole('button', { name: 'Explore the demo' }).click()
    await page.getByRole('button', { name: target.name, exact: true }).click()
    await page.getByRole('grid', { name: `Participants of ${target.name}` }).waitFor()
    // The train enters a tunnel after the first page.
    sandbox.faults.set('*', { resetRate: 1 })
    const total = members.length.toLocaleString('en-GB')
    const soFar = new RegExp(`^([\\d,]+) of ${total} participants cached so far`)
    await count().getByText(soFar).waitFor({ timeout: 180_000 })
    const cached = Number(soFar.exec((await count().textContent())?.trim() ?? '')?.[1]?.replace(/,/g, ''))
    expect(cached).toBeGreaterThan(0)
    expect(cached).toBeLessThanOrEqual(members.length - 100)

    // A client the pass never reached (it reads in order of creation), whose name no one shares.
    const names = new Map<string, number>()
    for (const account of sandbox.store.accounts())
      names.set(fullName(account), (names.get(fullName(account)) ?? 0) + 1)
    const notCached = [...members]
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, 100)
      .find((member) => names.get(fullName(member)) === 1)
    if (!notCached) throw new Error('no uncached member with a unique name')

    const search = page.getByLabel('Search participants')
    await search.fill(fullName(notCached))
    const empty = page.getByText('No participant matches these filters')
    await empty.waitFor()
    const cachedText = `${cached.toLocaleString('en-GB')} of ${total} participants`
    // The count tells what was searched: the cached part of the group, not a group of that size.
    await expect(count().textContent()).resolves.toContain(`0 matches among the ${cachedText} cached so far`)
    await page.getByText(`Not all of this group is cached yet (${cachedText})`).waitFor()
    await app.screenshot('36-partial-group-no-match')

    // Filtered to some of the cached ones, the export says it holds only what is cached.
    await search.fill('')
    await page.getByLabel('Filter by type').selectOption('client')
    await count()
      .getByText(/matches among the/)
      .waitFor()
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export CSV' }).click()
    const rows = parseCsv(readFileSync(await (await download).path(), 'utf8')).length - 1
    expect(rows).toBeGreaterThan(0)
    await page
      .getByText(
        new RegExp(
          `^Exported ${rows.toLocaleString('en-GB')} participants? to .+ Not all of this group is cached yet \\(${cachedText}\\)`,
        ),
      )
      .waitFor()
  })
})
