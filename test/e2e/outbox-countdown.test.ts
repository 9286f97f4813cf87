import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startApp,
  enterDemo,
  createGroupInForm,
  cutNetwork,
  goTo,
  restoreNetwork,
  type AppHarness,
} from '../support/app-harness'

// The Waiting-to-sync screen's "in N s" is read by an adviser deciding whether to wait or to go:
// it must count down while they watch, without them moving the mouse, and a card must never
// promise a check at a time and "when Plannr is back" at once.
let app: AppHarness

beforeAll(async () => {
  // A settle window long enough to watch it count down and to go offline inside it.
  app = await startApp({ seed: 29, accounts: 300, groups: 4, inDoubtSettleMs: 60_000 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

describe('a create Plannr may still be saving', () => {
  it('counts its wait down second by second, and offline says only that it waits for Plannr', async () => {
    const { page, sandbox } = app
    // A gateway's 504: Plannr may still be saving the group, so it is looked up only after the window.
    sandbox.faults.set('POST /api/v1/group', { status: 504 })
    await createGroupInForm(page, 'Still Saving')
    await goTo(page, /^Waiting to sync/)
    const card = page
      .getByRole('list', { name: 'Changes waiting to sync' })
      .getByRole('listitem', { name: 'group “Still Saving”' })
    await card.getByText(/Will check whether Plannr received it in \d+ s/).waitFor()

    // Every number the card shows from here is recorded as the page draws it. Nothing touches
    // the page meanwhile: no pointer or key event may be what moves the clock.
    const shown = await card.evaluateHandle((item) => {
      const seen: number[] = []
      const record = (): void => {
        const match = /received it in (\d+) s/.exec(item.textContent ?? '')
        const value = match ? Number(match[1]) : null
        if (value !== null && seen.at(-1) !== value) seen.push(value)
      }
      record()
      new MutationObserver(record).observe(item, { subtree: true, childList: true, characterData: true })
      return seen
    })
    const first = await shown.evaluate((seen) => seen[0] ?? 0)
    expect(first).toBeGreaterThan(10)
    // Three changes, or a drop of more than 10 s: whichever comes first. Counting by the second,
    // the three changes come well within 10 s even on a busy machine; at the old 30 s pace, or
    // moved only by the user's activity, the drop comes first.
    await page.waitForFunction((seen) => seen.length >= 4 || (seen[0] ?? 0) - (seen.at(-1) ?? 0) > 10, shown)
    const seen = await shown.jsonValue()
    expect(seen.length, `numbers shown: ${seen.join(', ')}`).toBeGreaterThanOrEqual(4)
    // Always down, never back up.
    expect(seen, `numbers shown: ${seen.join(', ')}`).toEqual([...seen].sort((a, b) => b - a))

    // Offline inside the window: the card says the check waits for Plannr, and no time for it.
    await cutNetwork(app)
    await card.getByText('Will check when Plannr is back.').waitFor()
    expect(await card.textContent()).not.toMatch(/received it in \d+ s/)
    sandbox.faults.clear()
  })
})

describe('the note a save shows about a wait', () => {
  it('counts the wait down while it is held on screen', async () => {
    const { page, sandbox } = app
    await restoreNetwork(app)
    // A gateway's 504: the group is looked up only once its settle window has passed.
    sandbox.faults.set('POST /api/v1/group', { status: 504 })
    await createGroupInForm(page, 'Saved Slowly')
    await goTo(page, /^Waiting to sync/)
    await page
      .getByRole('listitem', { name: 'group “Saved Slowly”' })
      .getByText(/Will check whether Plannr received it in \d+ s/)
      .waitFor()
    sandbox.faults.clear()

    // A circle of that group waits for it: the note its save shows says when Plannr is checked.
    await goTo(page, /^Circles/)
    await page.getByRole('button', { name: 'New circle' }).click()
    const form = page.getByRole('dialog', { name: 'New circle' })
    await form.getByLabel('Name').fill('Circle Of Saved Slowly')
    const someone = sandbox.store.groupMembers(sandbox.store.largestGroup().uuid)[0]
    if (!someone) throw new Error('empty group')
    await form.getByRole('combobox', { name: 'Accounts' }).fill(someone.lastName)
    await form.getByRole('option').first().waitFor()
    await page.keyboard.press('Enter')
    await form.getByRole('checkbox', { name: 'Saved Slowly' }).check()
    await form.getByRole('button', { name: 'Create circle' }).click()
    await form.waitFor({ state: 'detached' })
    const toast = page.locator('.toast')
    await toast
      .getByText(/checked in about \d+ s/)
      .first()
      .waitFor()
    // Held there, as a reader does with the pointer: it stays, and must not read a time gone by.
    await toast.hover()

    const shown = await toast.evaluateHandle((note) => {
      const seen: number[] = []
      const record = (): void => {
        const match = /checked in about (\d+) s/.exec(note.textContent ?? '')
        const value = match ? Number(match[1]) : null
        if (value !== null && seen.at(-1) !== value) seen.push(value)
      }
      record()
      new MutationObserver(record).observe(note, { subtree: true, childList: true, characterData: true })
      return seen
    })
    await page.waitForFunction((seen) => seen.length >= 3, shown)
    const seen = await shown.jsonValue()
    expect(seen, `numbers shown: ${seen.join(', ')}`).toEqual([...seen].sort((a, b) => b - a))
  })
})

describe('a change waiting to retry while the app is offline', () => {
  // Last in this file: it stops the sandbox for good.
  it('says it will be retried when Plannr is back, and counts nothing down', async () => {
    const { page, sandbox } = app
    // Plannr gone (the connection is refused): each send fails before it reaches Plannr.
    await sandbox.stop()
    await page.keyboard.press('F5')
    await page.getByRole('contentinfo', { name: 'Status' }).getByText('Offline · last synced').waitFor()
    await createGroupInForm(page, 'Made on the train')
    await goTo(page, /^Waiting to sync/)
    const card = page
      .getByRole('list', { name: 'Changes waiting to sync' })
      .getByRole('listitem', { name: 'group “Made on the train”' })
    // Its first send failed: it waits for Plannr, not for a time nothing would happen at.
    await card.getByText(/^Will retry when Plannr is back · attempt \d+$/).waitFor()
    expect(await card.textContent()).not.toMatch(/Retrying (in \d+ s|soon)/)
  })
})
