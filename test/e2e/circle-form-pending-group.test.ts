import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, enterDemo, createGroupInForm, goTo, type AppHarness } from '../support/app-harness'

// Two groups may share a name: one made in this app and waiting to sync (Plannr refused its name,
// taken meanwhile by a colleague) and the colleague's own, brought in by a sync. The circle form
// lists both; the adviser must be able to tell which box is which, by sight and by its name.
let app: AppHarness
/** Polls wait as long as a busy machine needs (the UI answers in milliseconds when idle). */
const SLOW = { timeout: 60_000 }
const NAME = 'Family Office'

beforeAll(async () => {
  app = await startApp({ seed: 17, accounts: 200, groups: 4 })
  await enterDemo(app.page)
})
afterAll(async () => {
  await app?.close()
})

const status = () => app.page.getByRole('contentinfo', { name: 'Status' })

describe('the groups of the circle form', () => {
  it('mark the group waiting to sync beside a group of the same name on Plannr', async () => {
    const { page, sandbox } = app
    await status().getByText('Online · last synced').waitFor(SLOW)
    // A colleague takes the name on Plannr; this app's create of it is refused and stays here.
    sandbox.store.createGroup({ name: NAME })
    await createGroupInForm(page, NAME)
    await goTo(page, /^Waiting to sync/)
    await page
      .getByRole('listitem', { name: `group “${NAME}”` })
      .getByText('Needs attention')
      .waitFor(SLOW)
    // A sync brings the colleague's group in beside the pending one.
    await page.keyboard.press('F5')

    await goTo(page, /^Circles/)
    await page.getByRole('button', { name: 'New circle' }).click()
    const form = page.getByRole('dialog', { name: 'New circle' })
    const boxes = form.getByRole('group', { name: 'Groups' }).getByRole('checkbox', { name: NAME })
    await expect.poll(() => boxes.count(), SLOW).toBe(2)
    await expect(form.getByRole('checkbox', { name: NAME, exact: true }).count()).resolves.toBe(1)
    await expect(form.getByRole('checkbox', { name: `${NAME} Pending sync`, exact: true }).count()).resolves.toBe(1)
    await page.keyboard.press('Escape')
  })
})
