import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startApp, enterDemo, fullName, goTo, type AppHarness } from '../support/app-harness'

// What someone else changes on Plannr reaches what is open on screen after a sync: a group
// deleted there closes, and open details show the client as Plannr has them now.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 53, accounts: 300, groups: 6 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

/**
 * A client in `groupUuid` whose name no one else shares (so a search finds only them); a client,
 * not one of the firm's staff, whose deletion would take the signed-in login's rights with it.
 */
function uniqueMember(groupUuid: string): { uuid: string; name: string } {
  const store = app.sandbox.store
  const names = new Map<string, number>()
  for (const account of store.accounts()) names.set(fullName(account), (names.get(fullName(account)) ?? 0) + 1)
  const member = store
    .groupMembers(groupUuid)
    .find((candidate) => candidate.type === 'client' && names.get(fullName(candidate)) === 1)
  if (!member) throw new Error('no member with a unique name')
  return { uuid: member.uuid, name: fullName(member) }
}

async function openGroup(page: Page, name: string): Promise<void> {
  await goTo(page, /^Groups/)
  await page.getByRole('button', { name, exact: true }).click()
  await page.getByRole('heading', { level: 1, name }).waitFor()
}

/** Opens the details of the client called `name` from the open group's table. */
async function openDetails(page: Page, name: string): Promise<void> {
  await page.getByLabel('Search participants').fill(name)
  const grid = page.getByRole('grid')
  await grid.getByRole('row', { name: new RegExp(name) }).waitFor()
  await grid.getByRole('row', { name: new RegExp(name) }).click()
  await page.getByRole('dialog', { name: 'Participant details' }).getByRole('heading', { name }).waitFor()
}

describe('changes made on Plannr reach what is open', () => {
  it('open details show the client as the last sync left them, and say when the client is gone', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.largestGroup()
    const client = uniqueMember(group.uuid)
    await openGroup(page, group.name)
    await openDetails(page, client.name)
    const details = page.getByRole('dialog', { name: 'Participant details' })

    const renamed = fullName(sandbox.store.updateAccount(client.uuid, { firstName: 'Renamed' }))
    await page.keyboard.press('F5')
    await details.getByRole('heading', { level: 2, name: renamed }).waitFor()

    // Deleted on Plannr: the panel says so, and no longer offers to remove them from the group.
    const remove = details.getByRole('button', { name: `Remove ${renamed} from ${group.name}` })
    expect(await remove.count()).toBe(1)
    sandbox.store.deleteAccount(client.uuid)
    await page.keyboard.press('F5')
    await details.getByText(/no longer on this computer/).waitFor()
    expect(await remove.count()).toBe(0)
    await details.getByRole('button', { name: 'Close details' }).click()
    await details.waitFor({ state: 'detached' })
  })

  it('details opened from quick search follow a sync too', async () => {
    const { page, sandbox } = app
    const group = sandbox.store.largestGroup()
    const client = uniqueMember(group.uuid)
    await page.keyboard.press('Control+k')
    const search = page.getByRole('dialog', { name: 'Quick search' })
    await search.waitFor()
    await page.keyboard.type(client.name)
    const results = search.getByRole('listbox', { name: 'Search results' })
    await expect.poll(() => results.getAttribute('aria-busy')).toBe('false')
    await results.getByRole('option').first().waitFor()
    await page.keyboard.press('Enter')
    const details = page.getByRole('dialog', { name: 'Participant details' })
    await details.getByRole('heading', { level: 2, name: client.name }).waitFor()

    const renamed = fullName(sandbox.store.updateAccount(client.uuid, { lastName: 'Renamedson' }))
    await page.keyboard.press('F5')
    await details.getByRole('heading', { level: 2, name: renamed }).waitFor()
    await page.keyboard.press('Escape')
    await details.waitFor({ state: 'detached' })
  })

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
