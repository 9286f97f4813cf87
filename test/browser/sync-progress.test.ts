import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { describeSync } from '../../src/renderer/src/state/sync-view'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import type { SyncProgress } from '../../src/renderer/src/sync/progress'
import type { SessionApi } from '../../src/shared/ipc/plannr-api'
import { loadAccountState } from '../../src/renderer/src/sync/account-state'
import { DEFAULT_PAGES_AHEAD } from '../../src/renderer/src/sync/paged-pass'
import { commands } from './helpers/commands'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'

/**
 * The status bar's "x of y" while the account plan reads the participants: the total comes from
 * the first page the run reads (less what an interrupted pass already committed), and what is
 * read grows to it. Through main's real handlers to the sandbox, on real IndexedDB.
 */
let plannr: TestPlannr
/** Every account in any of the user's groups: what the account plan reads. */
let inGroups: number

const PER_PAGE = 100

beforeAll(async () => {
  plannr = await startPlannr({ seed: 31, accounts: 1_200, groups: 8, rateLimitPerMinute: 100_000, unthrottled: true })
  const everyone = new Set<string>()
  for (const group of plannr.sandbox.groups)
    for (const uuid of await commands.sandboxGroupMembers(plannr.sandbox.id, group.uuid)) everyone.add(uuid)
  inGroups = everyone.size
})

afterAll(async () => {
  await plannr?.stop()
})

/** Each progress the engine published while it read participants, and the status bar's label for it. */
function watch(engine: ReturnType<typeof createSyncEngine>): { seen: SyncProgress[]; labels: string[] } {
  const seen: SyncProgress[] = []
  const labels: string[] = []
  engine.subscribe((status) => {
    if (status.state !== 'syncing' || status.progress?.phase !== 'participants') return
    seen.push(status.progress)
    const label = describeSync(status, true).label
    if (label !== null) labels.push(label)
  })
  return { seen, labels }
}

/** The API, except that the account plan's `page` of the pass runs `onPage` first. */
function onPassPage(api: SessionApi, onPage: (page: number) => void): SessionApi {
  return {
    ...api,
    accounts: {
      ...api.accounts,
      withGroups: (input) => {
        if (input.groupUuids) onPage(input.page)
        return api.accounts.withGroups(input)
      },
    },
  }
}

describe('progress of the account plan', () => {
  it('reports participants read of the total, growing to it', async () => {
    const db = new PlannrDb(freshDbName('progress-accounts'))
    try {
      const engine = createSyncEngine({ db, api: plannr.api, perPage: PER_PAGE })
      const { seen, labels } = watch(engine)
      const outcome = await engine.syncNow({ full: true })
      expect(outcome.ok && outcome.plan, JSON.stringify(outcome)).toBe('accounts')
      expect(inGroups).toBeGreaterThan(3 * PER_PAGE)
      const known = seen.filter((progress) => progress.recordsTotal !== null)
      expect(known.length).toBeGreaterThan(3)
      expect(new Set(known.map((progress) => progress.recordsTotal))).toEqual(new Set([inGroups]))
      const done = known.map((progress) => progress.recordsDone)
      expect(done).toEqual([...done].sort((a, b) => a - b))
      expect(done.at(-1)).toBe(inGroups)
      const total = inGroups.toLocaleString('en-GB')
      expect(labels.filter((label) => label.startsWith(`Syncing ${PER_PAGE} of ${total} participants`))).toHaveLength(1)
      expect(labels.at(-1)).toMatch(new RegExp(`^Syncing ${total} of ${total} participants`))
    } finally {
      db.close()
    }
  }, 120_000)

  it('after an interruption, counts what is left of the pass and reaches it', async () => {
    const name = freshDbName('progress-resume')
    const first = new PlannrDb(name)
    // The app is killed mid-pass: the database goes away while this page is asked for (requests
    // run DEFAULT_PAGES_AHEAD pages ahead of the writes: it is asked for once page 2 is read).
    const killing = onPassPage(plannr.api, (page) => {
      if (page === 2 + DEFAULT_PAGES_AHEAD) first.close()
    })
    expect((await createSyncEngine({ db: first, api: killing, perPage: PER_PAGE }).syncNow({ full: true })).ok).toBe(
      false,
    )
    const second = new PlannrDb(name)
    try {
      const pass = (await loadAccountState(second)).full
      expect(pass).not.toBeNull()
      const resumeAt = pass?.nextPage ?? 1
      expect(resumeAt).toBeGreaterThan(1)
      const engine = createSyncEngine({ db: second, api: plannr.api, perPage: PER_PAGE })
      const { seen, labels } = watch(engine)
      const outcome = await engine.syncNow()
      expect(outcome.ok, JSON.stringify(outcome)).toBe(true)
      const left = inGroups - (resumeAt - 1) * PER_PAGE
      const known = seen.filter((progress) => progress.recordsTotal !== null)
      expect(new Set(known.map((progress) => progress.recordsTotal))).toEqual(new Set([left]))
      expect(known.at(-1)?.recordsDone).toBe(left)
      expect(labels.at(-1)).toMatch(
        new RegExp(`^Syncing ${left.toLocaleString('en-GB')} of ${left.toLocaleString('en-GB')} participants`),
      )
    } finally {
      second.close()
    }
  }, 120_000)
})
