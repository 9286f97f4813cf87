import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { z } from 'zod'
import type { MainConfig } from '../../src/main/config'
import { storedOutbox } from '../support/stored-outbox'
import { startApp, enterDemo, createGroupInForm, goTo, type AppHarness } from '../support/app-harness'

// A long "Plannr unavailable" spell (a gateway answering 503 to every request), then Plannr
// works again. By then the waits of the outbox and of the sync have grown to minutes. The page
// runs on Playwright's clock, so the spell is jumped through rather than waited out. Neither
// Try now nor Plannr answering again may leave a change, or the cache, waiting those minutes.

const MINUTE = 60_000
/** How far off the change's next try (and the sync's next run) is when Plannr comes back. */
const FAR_MS = 2.5 * MINUTE
/** Time enough for the app to act, on a busy machine, and well under FAR_MS. */
const PROMPTLY_MS = MINUTE
/** Failed sync runs after which its next one is at least FAR_MS away (sync/engine.ts: 10 s doubling, half jitter, 5 min cap). */
const SYNC_FAILURES_FOR_FAR_WAIT = 6

const status = (page: Page): Locator => page.getByRole('contentinfo', { name: 'Status' })

async function startOutageApp(seed: number, probe?: Partial<MainConfig['probe']>): Promise<AppHarness> {
  const app = await startApp({
    seed,
    accounts: 300,
    groups: 4,
    ...(probe ? { probe } : {}),
    beforeLoad: (page) => page.clock.install(),
  })
  await enterDemo(app.page)
  return app
}

/** Plannr's gateway starts answering 503, and the adviser saves a new group meanwhile. */
async function saveGroupDuringOutage(app: AppHarness, name: string): Promise<void> {
  const { page, sandbox } = app
  sandbox.faults.set('*', { status: 503 })
  await createGroupInForm(page, name)
  await status(page).getByText('Plannr unavailable · last synced').waitFor({ timeout: PROMPTLY_MS })
}

const StoredChange = z.object({ status: z.string(), attempts: z.number(), nextAttemptAt: z.number() })

/**
 * The one change waiting to sync as this computer stores it, and how far off its next try is
 * by the page's clock. The screen gives a create that may have landed only in whole seconds
 * ("Will check whether Plannr received it in … s"), so the stored row is where its next try is read.
 */
async function storedChange(page: Page): Promise<{ status: string; attempts: number; dueInMs: number }> {
  const read = await page.evaluate(storedOutbox)
  const rows = z.array(StoredChange).length(1).parse(read.rows)
  const [row] = rows
  if (!row) throw new Error('no change waiting')
  return { status: row.status, attempts: row.attempts, dueInMs: row.nextAttemptAt - read.now }
}

/** Waiting out a backoff (not being sent, not waiting for the user), its next try at least FAR_MS away. */
async function changeWaitsFar(page: Page): Promise<boolean> {
  const change = await storedChange(page)
  return (change.status === 'retry-wait' || change.status === 'outcome-unknown') && change.dueInMs >= FAR_MS
}

/**
 * Jumps the page's clock through the outage half a minute at a time: each jump runs whatever
 * retry fell due in it, and a sync run it started is let fail before the next jump. Stops once
 * `enough` (told how many sync runs failed so far, and whether one just did) says so.
 */
async function jumpThroughOutage(
  page: Page,
  enough: (syncRunsFailed: number, syncJustFailed: boolean) => Promise<boolean>,
): Promise<void> {
  const progress = status(page).getByRole('progressbar')
  let syncRunsFailed = 0
  for (let jump = 0; jump < 200; jump++) {
    await page.clock.fastForward(30_000)
    // A run the jump started shows at once (its timer fired inside the jump).
    const ran = await progress.isVisible()
    if (ran) {
      await progress.waitFor({ state: 'detached', timeout: 2 * MINUTE })
      syncRunsFailed += 1
    }
    if (await enough(syncRunsFailed, ran)) return
  }
  throw new Error('the outage never made the waits long enough')
}

describe('Try now after Plannr was unavailable', () => {
  let app: AppHarness

  beforeAll(async () => {
    // Main's own checks are slowed right down, so only Try now can find Plannr working again.
    const tenMinutes = 10 * MINUTE
    app = await startOutageApp(41, { activeIntervalMs: tenMinutes, idleIntervalMs: tenMinutes })
  })
  afterAll(async () => {
    await app?.close()
  })

  it('sends a change that waited out the outage at once, not when its backoff ends', async () => {
    const { page, sandbox } = app
    await saveGroupDuringOutage(app, 'Saved While Plannr Was Down')
    const progress = status(page).getByRole('progressbar')
    await jumpThroughOutage(page, async () => !(await progress.isVisible()) && (await changeWaitsFar(page)))
    const before = await storedChange(page)
    expect(before.attempts).toBeGreaterThan(1)
    expect(before.dueInMs).toBeGreaterThanOrEqual(FAR_MS)
    expect(sandbox.store.groupByName('Saved While Plannr Was Down')).toBeUndefined()

    sandbox.faults.clear()
    await status(page).getByRole('button', { name: 'Try now' }).click()
    await status(page).getByText('Online · last synced').waitFor({ timeout: PROMPTLY_MS })
    await goTo(page, /^Waiting to sync/)
    await page.getByText('Everything is on Plannr').waitFor({ timeout: PROMPTLY_MS })
    expect(sandbox.store.groups().filter((group) => group.name === 'Saved While Plannr Was Down')).toHaveLength(1)
  })
})

describe('Plannr working again, with nobody pressing anything', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startOutageApp(43)
  })
  afterAll(async () => {
    await app?.close()
  })

  it('sends what waited and refreshes the cache, long before either backoff ends', async () => {
    const { page, sandbox } = app
    await saveGroupDuringOutage(app, 'Queued Behind The Gateway')
    // Both waits are long from here: the sync run that just failed was at least its sixth, and
    // the change's next try is as far off.
    await jumpThroughOutage(
      page,
      async (syncRunsFailed, syncJustFailed) =>
        syncJustFailed && syncRunsFailed >= SYNC_FAILURES_FOR_FAR_WAIT && (await changeWaitsFar(page)),
    )
    const renamed = sandbox.store.groups()[0]
    if (!renamed) throw new Error('no group')
    const oldName = renamed.name
    await page.getByRole('button', { name: oldName, exact: true }).waitFor()
    sandbox.store.renameGroup(renamed.uuid, 'Renamed While The Gateway Failed')

    // Main's own check finds Plannr working; nothing in the window is touched.
    sandbox.faults.clear()
    await status(page).getByText('Online · last synced').waitFor({ timeout: PROMPTLY_MS })
    await page
      .getByRole('button', { name: 'Renamed While The Gateway Failed', exact: true })
      .waitFor({ timeout: PROMPTLY_MS })
    await status(page)
      .getByRole('button', { name: /waiting to sync/ })
      .waitFor({ state: 'detached', timeout: PROMPTLY_MS })
    expect(sandbox.store.groups().filter((group) => group.name === 'Queued Behind The Gateway')).toHaveLength(1)
  })
})
