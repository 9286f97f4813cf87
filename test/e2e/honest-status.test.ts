import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppErrorData } from '../../src/shared/ipc/errors'
import { storedOutbox } from '../support/stored-outbox'
import { startApp, enterDemo, createGroupInForm, cutNetwork, goTo, type AppHarness } from '../support/app-harness'

// What the app says about work that did not finish while Plannr answers: the adviser must never
// take a failed sync or an unanswered check for data that is current.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 23, accounts: 600, groups: 8 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

const StoredChange = z.object({ lastError: AppErrorData.pick({ kind: true }).nullable() })

const status = () => app.page.getByRole('contentinfo', { name: 'Status' })

/** The kinds of the problems stored on the changes waiting to sync, as this computer keeps them. */
async function storedProblemKinds(): Promise<string[]> {
  const { rows } = await app.page.evaluate(storedOutbox)
  return z
    .array(StoredChange)
    .parse(rows)
    .flatMap((row) => (row.lastError ? [row.lastError.kind] : []))
}

describe('a sync that keeps failing while Plannr answers', () => {
  it('says the sync could not finish, why, and when it is tried again, and offers Retry sync', async () => {
    const { page, sandbox } = app
    await status().getByText('Online · last synced').waitFor()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'))

    // The sync's first read answers with the API's own 500: Plannr is up, this request fails.
    sandbox.faults.set('GET /api/v1/group', { status: 500 })
    await page.keyboard.press('F5') // Sync now
    const progress = status().getByRole('progressbar')
    await progress.waitFor()
    await progress.waitFor({ state: 'detached', timeout: 60_000 })

    // The run ended in the state it leaves: the bar says so from the same moment.
    expect(await status().textContent()).toMatch(
      /Sync could not finish: Plannr had a problem on its side · retrying at \d\d:\d\d/,
    )
    const failure = status().getByRole('status').filter({ hasText: 'Sync could not finish' })
    await expect(failure.count()).resolves.toBe(1)
    await expect(status().getByRole('button', { name: 'Retry sync' }).isEnabled()).resolves.toBe(true)
    // Plannr still answers: the connection state stays as it is.
    await status().getByText('Online · last synced').waitFor()

    sandbox.faults.clear()
    await status().getByRole('button', { name: 'Retry sync' }).click()
    await failure.waitFor({ state: 'detached' })
    await status().getByRole('button', { name: 'Sync now' }).waitFor()
    await page.waitForFunction(() => !document.querySelector('[role="progressbar"]'))
    await expect(status().getByText('Sync could not finish').count()).resolves.toBe(0)
  })
})

describe('a create Plannr may have received, while the check keeps failing', () => {
  it('says why the check failed and when it runs next, offers Try now, and never Discard', async () => {
    const { page, sandbox } = app
    await status().getByText('Online · last synced').waitFor()
    // A gateway answers the create with a 502, so it may have reached Plannr; every look for it
    // then fails with the API's 500. (A cut connection or a 504 would leave Plannr time to finish
    // saving first: the settle window, whose own tests are the outbox's.)
    sandbox.faults.set('POST /api/v1/group', { status: 502 })
    sandbox.faults.set('GET /api/v1/group', { status: 500 })
    await createGroupInForm(page, 'Maybe Landed')
    await goTo(page, /^Waiting to sync/)
    const card = page
      .getByRole('list', { name: 'Changes waiting to sync' })
      .getByRole('listitem', { name: 'group “Maybe Landed”' })
    await card
      .getByText(/whether Plannr received it/)
      .first()
      .waitFor()

    // The lookup has run and failed: this computer stores its 500 on the change.
    await expect.poll(storedProblemKinds, { timeout: 90_000, interval: 250 }).toContain('server')
    // The failed lookup's own reason, and when the next one runs.
    await card.getByText('Plannr had a problem on its side.', { exact: false }).waitFor()
    await expect(card.textContent()).resolves.toMatch(/Next check at \d\d:\d\d/)
    await card.getByRole('button', { name: 'Try now: group “Maybe Landed”' }).waitFor()
    // It may be on Plannr already: throwing it away here could leave a group the adviser never sees.
    await expect(card.getByRole('button', { name: /^Discard/ }).count()).resolves.toBe(0)

    // Offline, the next check waits for Plannr, and the card says so instead of a time.
    await cutNetwork(app)
    await card.getByText('Will check when Plannr is back.').waitFor()
    await expect(card.textContent()).resolves.not.toMatch(/Next check at/)

    // Back: the lookup finds the group that landed, and nothing is sent twice. Plannr's return
    // makes the check due by itself; Try now asks for it too, unless it has already run.
    sandbox.faults.clear()
    await status().getByText('Online · last synced').waitFor({ timeout: 60_000 })
    await card
      .getByRole('button', { name: 'Try now: group “Maybe Landed”' })
      .click({ timeout: 2_000 })
      .catch(() => {})
    await card.waitFor({ state: 'detached', timeout: 60_000 })
    expect(sandbox.store.groups().filter((group) => group.name === 'Maybe Landed')).toHaveLength(1)
  })
})

describe('what a save says happens next', () => {
  /** The notice a save leaves under the view, read as soon as its form has closed. */
  const notice = () => app.page.locator('.toast span').first().textContent()

  it('an item fixed and saved while offline is saved here, not "Sent again"', async () => {
    const { page, sandbox } = app
    sandbox.faults.clear()
    await status().getByText('Online · last synced').waitFor({ timeout: 60_000 })
    // Plannr refuses the create (a 409, as for a name taken since the last sync). Not a group of
    // that name put on Plannr: a sync could bring it in before the form is saved, and the form
    // would then refuse the name itself.
    sandbox.faults.set('POST /api/v1/group', { status: 409 })
    await createGroupInForm(page, 'Taken On Plannr')
    await goTo(page, /^Waiting to sync/)
    const item = page.getByRole('listitem', { name: 'group “Taken On Plannr”' })
    await item.getByText('Needs attention').waitFor()
    sandbox.faults.clear()

    await cutNetwork(app)
    await item.getByRole('button', { name: 'Edit and send' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit group' })
    await edit.getByLabel('Name').fill('Taken On Plannr (Train)')
    await edit.getByRole('button', { name: 'Save and send' }).click()
    await edit.waitFor({ state: 'detached' })
    await expect(notice()).resolves.toBe('Saved on this computer. It will be sent when you are online.')
    const fixed = page.getByRole('listitem', { name: 'group “Taken On Plannr (Train)”' })
    await fixed.waitFor()
    expect(await fixed.textContent()).not.toContain('Needs attention')
    expect(sandbox.store.groupByName('Taken On Plannr (Train)')).toBeUndefined()
  })

  it('a change that waits on one needing attention says so, not "Sending"', async () => {
    const { page, sandbox } = app
    sandbox.faults.clear()
    await status().getByText('Online · last synced').waitFor({ timeout: 60_000 })
    // Plannr refuses the create itself (a 409), so no group of that name is on Plannr for a sync
    // to bring in beside the pending one: the circle form lists it once.
    sandbox.faults.set('POST /api/v1/group', { status: 409 })
    await createGroupInForm(page, 'Refused For The Circle')
    await goTo(page, /^Waiting to sync/)
    await page.getByRole('listitem', { name: 'group “Refused For The Circle”' }).getByText('Needs attention').waitFor()
    sandbox.faults.clear()

    // A circle of that group cannot be sent until the group is sorted out.
    await goTo(page, /^Circles/)
    await page.getByRole('button', { name: 'New circle' }).click()
    const circle = page.getByRole('dialog', { name: 'New circle' })
    await circle.getByLabel('Name').fill('Circle Of A Refused Group')
    const someone = sandbox.store.groupMembers(sandbox.store.largestGroup().uuid)[0]
    if (!someone) throw new Error('empty group')
    await circle.getByRole('combobox', { name: 'Accounts' }).fill(someone.lastName)
    await circle.getByRole('option').first().waitFor()
    await page.keyboard.press('Enter')
    await circle.getByRole('checkbox', { name: 'Refused For The Circle' }).check()
    await circle.getByRole('button', { name: 'Create circle' }).click()
    await circle.waitFor({ state: 'detached' })
    await expect(notice()).resolves.toBe(
      'Saved on this computer. It will be sent once group “Refused For The Circle” is sorted out (see Waiting to sync).',
    )
  })

  it('a rename taken back before it was sent says nothing needs sending', async () => {
    await cutNetwork(app)
    const { page } = app
    // Offline: the rename waits, and renaming back cancels it out.
    const group = app.sandbox.store.groups().find((candidate) => !/Taken|Landed|Refused/.test(candidate.name))
    if (!group) throw new Error('no group to rename')
    const rename = async (from: string, to: string): Promise<void> => {
      await goTo(page, /^Groups/)
      await page.getByRole('button', { name: from, exact: true }).click()
      await page.getByRole('button', { name: 'Edit details' }).click()
      const dialog = page.getByRole('dialog', { name: 'Edit group details' })
      await dialog.getByLabel('Name').fill(to)
      await dialog.getByRole('button', { name: 'Save' }).click()
      await dialog.waitFor({ state: 'detached' })
    }
    await rename(group.name, 'Renamed For A Moment')
    await expect(notice()).resolves.toBe('Saved on this computer. It will be sent when you are online.')
    await rename('Renamed For A Moment', group.name)
    await expect(notice()).resolves.toBe('Saved. Nothing needs sending to Plannr.')
    await goTo(page, /^Waiting to sync/)
    await expect(
      page.getByRole('listitem', { name: new RegExp(`renamed to “(Renamed For A Moment|${group.name})”`) }).count(),
    ).resolves.toBe(0)
  })
})
