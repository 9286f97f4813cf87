import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { loadPassSeen } from '../../src/renderer/src/data/pass-seen'
import { loadAccountState } from '../../src/renderer/src/sync/account-state'
import { createSyncEngine, type SyncEngineOptions } from '../../src/renderer/src/sync/engine'
import type { SyncPlan } from '../../src/renderer/src/sync/status'
import { sleep } from '../../src/renderer/src/sync/wait'
import type { ParticipantPage } from '../../src/shared/ipc/contract'
import type { IpcResult } from '../../src/shared/ipc/errors'
import type { SessionApi } from '../../src/shared/ipc/plannr-api'
import { expectCacheMatchesServer } from './helpers/cache-vs-server'
import { commands } from './helpers/commands'
import { countTableAccess } from './helpers/count-writes'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'

/**
 * A full pass keeps several page requests in flight but writes pages strictly in order, and an
 * unchanged pass saves no per-page progress: against the sandbox through main's real handlers,
 * on real IndexedDB, for both participant plans.
 */
let plannr: TestPlannr
let target = ''

const quickSleep: SyncEngineOptions['sleep'] = (ms, signal) => sleep(Math.min(ms, 5), signal)
const PER_PAGE = 50
/** Pages a pass requests ahead of the one it writes (as the app's default). */
const PAGES_AHEAD = 3

beforeAll(async () => {
  plannr = await startPlannr({ seed: 11, accounts: 2000, groups: 6, rateLimitPerMinute: 100_000, unthrottled: true })
  // The first group by name: the per-group plan passes it first.
  const first = [...plannr.sandbox.groups].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0]
  target = first?.uuid ?? ''
  // Enough pages for a window to run ahead of the writes several times over.
  expect(first?.members ?? 0).toBeGreaterThan(10 * PER_PAGE)
})

afterAll(async () => {
  await plannr?.stop()
})

/** One page of a pass as the wrapped API saw it: which pass (a group, or '' for the accounts) and page. */
interface PageCall {
  pass: string
  page: number
}

/**
 * `hook` runs before each full-pass page is asked for (a group's participants by page, or
 * accounts by group filter), and `answered` gets each answer; other reads pass through.
 */
function watchPages(
  api: SessionApi,
  hook: (call: PageCall) => Promise<void>,
  answered: (call: PageCall, result: IpcResult<ParticipantPage>) => void = () => {},
): SessionApi {
  return {
    ...api,
    groups: {
      ...api.groups,
      participants: async (input) => {
        // Reconciliation's lookups and the pass's one-row read of its high-water mark are not pages.
        if (input.query.uuids !== undefined || input.query.sort?.field === 'updated_at')
          return api.groups.participants(input)
        const call = { pass: input.groupUuid, page: input.query.page }
        await hook(call)
        const result = await api.groups.participants(input)
        answered(call, result)
        return result
      },
    },
    accounts: {
      ...api.accounts,
      withGroups: async (input) => {
        if (input.groupUuids === undefined) return api.accounts.withGroups(input)
        const call = { pass: '', page: input.page }
        await hook(call)
        const result = await api.accounts.withGroups(input)
        answered(call, result)
        return result
      },
    },
  }
}

/** An engine as every test here runs it: small pages, the window, quick backoff waits. */
function engineFor(plan: SyncPlan, db: PlannrDb, api: SessionApi = plannr.api): ReturnType<typeof createSyncEngine> {
  return createSyncEngine({ db, api, perPage: PER_PAGE, pagesAhead: PAGES_AHEAD, sleep: quickSleep, plan })
}

/** Whether a call is a page of the pass the tests aim at (the largest group's, or the accounts'). */
function aimed(plan: SyncPlan, call: PageCall): boolean {
  return plan === 'accounts' ? call.pass === '' : call.pass === target
}

/** Where an interrupted pass would resume (its saved next page), or null when none is interrupted. */
/** The next run completes the interrupted pass: it succeeds and the cache matches the server. Closes `db`. */
async function resumeToMatchServer(plan: SyncPlan, db: PlannrDb): Promise<void> {
  const resumed = await engineFor(plan, db).syncNow()
  expect(resumed.ok, JSON.stringify(resumed)).toBe(true)
  await expectCacheMatchesServer(plannr.sandbox.id, db)
  db.close()
}

async function savedNextPage(plan: SyncPlan, db: PlannrDb): Promise<number | null> {
  if (plan === 'per-group') return (await db.syncState.get(target))?.full?.nextPage ?? null
  return (await loadAccountState(db)).full?.nextPage ?? null
}

/** The pass-seen scope prefix of the aimed pass (pass-seen.ts rows are `seen:<scope>:<page>`). */
function seenScopeStart(plan: SyncPlan): string {
  return plan === 'accounts' ? 'accounts|' : `group|${target}|`
}

async function seenRows(plan: SyncPlan, db: PlannrDb): Promise<string[]> {
  const rows = await db.meta
    .where('key')
    .startsWith(`seen:${seenScopeStart(plan)}`)
    .primaryKeys()
  return rows.map(String)
}

/** The uuids the pass reads on `page` of the aimed pass (sorted by creation, as the pass reads). */
async function uuidsOnPage(plan: SyncPlan, page: number): Promise<string[]> {
  const sort = { field: 'created_at', direction: 'asc' } as const
  const result =
    plan === 'accounts'
      ? await plannr.api.accounts.withGroups({
          groupUuids: plannr.sandbox.groups.map((group) => group.uuid).sort(),
          sort: 'created_at',
          page,
          perPage: PER_PAGE,
        })
      : await plannr.api.groups.participants({ groupUuid: target, query: { sort, page, perPage: PER_PAGE } })
  if (!result.ok) throw new Error(result.error.message)
  if (result.value.page.items.length === 0) throw new Error(`page ${page} is empty`)
  return result.value.page.items.map((item) => item.uuid)
}

/** The first uuid the pass reads on `page` of the aimed pass. */
async function uuidOnPage(plan: SyncPlan, page: number): Promise<string> {
  const [uuid = ''] = await uuidsOnPage(plan, page)
  return uuid
}

describe.each<{ plan: SyncPlan }>([{ plan: 'per-group' }, { plan: 'accounts' }])(
  'full pass, $plan plan',
  ({ plan }) => {
    it('keeps several pages in flight and writes them in page order, whatever order the answers come in', async () => {
      const db = new PlannrDb(freshDbName('window-order'))
      const puts = countTableAccess(db, { keepPuts: true }).puts
      let inFlight = 0
      let mostInFlight = 0
      const answerOrder: number[] = []
      // Which page each membership of the aimed pass came from.
      const pageOf = new Map<string, number>()
      const api = watchPages(
        plannr.api,
        async (call) => {
          inFlight += 1
          mostInFlight = Math.max(mostInFlight, inFlight)
          // Odd pages answer late: with more than one page in flight, page 2 is answered before page 1.
          if (aimed(plan, call) && call.page % 2 === 1) await new Promise((resolve) => setTimeout(resolve, 150))
        },
        (call, result) => {
          inFlight -= 1
          if (!aimed(plan, call) || !result.ok) return
          answerOrder.push(call.page)
          for (const item of result.value.page.items) {
            const groups = plan === 'accounts' ? item.groups.map((group) => group.uuid) : [target]
            for (const group of groups) {
              const key = `${group}/${item.uuid}`
              if (!pageOf.has(key)) pageOf.set(key, call.page)
            }
          }
        },
      )
      const outcome = await engineFor(plan, db, api).syncNow()
      expect(outcome.ok, JSON.stringify(outcome)).toBe(true)

      // More than the page being written and one more were asked for at once, and no more than the
      // window (plus the next group's first page, asked for during a group's last pages).
      expect(mostInFlight).toBeGreaterThanOrEqual(PAGES_AHEAD)
      expect(mostInFlight).toBeLessThanOrEqual(PAGES_AHEAD + 1)
      // The answers did come out of order...
      expect(answerOrder).not.toEqual([...answerOrder].sort((a, b) => a - b))
      // ...yet the pages were written in order: each membership of the pass after those of the pages before it.
      const writtenPages = puts
        .filter((put) => put.table === 'memberships')
        .flatMap(({ row }) => {
          const key = `${String(row.groupUuid)}/${String(row.participantUuid)}`
          const page = pageOf.get(key)
          return page === undefined || (plan === 'per-group' && !key.startsWith(`${target}/`)) ? [] : [page]
        })
      expect(writtenPages.length).toBeGreaterThan(0)
      expect(writtenPages).toEqual([...writtenPages].sort((a, b) => a - b))
      expect(new Set(writtenPages).size).toBe(Math.max(...answerOrder))
      await expectCacheMatchesServer(plannr.sandbox.id, db)
      db.close()
    })

    it('a failed page ends the pass after every page before it is written, none after it', async () => {
      const db = new PlannrDb(freshDbName('window-failure'))
      const failAt = 4
      const answered = new Set<number>()
      let faulted = false
      const api = watchPages(
        plannr.api,
        async (call) => {
          if (!aimed(plan, call) || call.page !== failAt || faulted) return
          // The network goes down for this page once the pages before it have their answers.
          while (![1, 2, 3].every((page) => answered.has(page))) await new Promise((resolve) => setTimeout(resolve, 10))
          faulted = true
          const route = plan === 'accounts' ? 'GET /api/v1/account' : `GET /api/v1/group/${target}/participants`
          await commands.sandboxSetFault(plannr.sandbox.id, route, { errorRate: 1 })
        },
        (call, result) => {
          if (aimed(plan, call) && result.ok) answered.add(call.page)
        },
      )
      try {
        const outcome = await engineFor(plan, db, api).syncNow()
        expect(outcome.ok).toBe(false)
      } finally {
        await commands.sandboxClearFaults(plannr.sandbox.id)
      }
      // Every page before the failed one was written (a first sync's pages change rows, so each saved
      // its progress), and the pass resumes at the failed page: nothing skipped, nothing after it kept.
      expect(await savedNextPage(plan, db)).toBe(failAt)
      await resumeToMatchServer(plan, db)
    })

    it('a stop with pages in flight ends the run as stopped, and the next run completes the pass', async () => {
      const db = new PlannrDb(freshDbName('window-stop'))
      let stop: () => Promise<void> = async () => {}
      const api = watchPages(plannr.api, async (call) => {
        if (aimed(plan, call) && call.page === 5) void stop()
      })
      const engine = engineFor(plan, db, api)
      stop = () => engine.stop()
      const stopped = await engine.syncNow()
      expect(stopped.ok).toBe(false)
      expect(!stopped.ok && stopped.error.kind).toBe('cancelled')
      const next = await savedNextPage(plan, db)
      expect(next).not.toBeNull()
      expect(next).toBeLessThan(5)
      await resumeToMatchServer(plan, db)
    })

    it('an unchanged full pass saves no per-page progress, and writes no participant or membership', async () => {
      const db = new PlannrDb(freshDbName('unchanged-pass'))
      const counts = countTableAccess(db, { keepPuts: true })
      const puts = counts.puts
      const engine = engineFor(plan, db)
      expect((await engine.syncNow()).ok).toBe(true)
      const pages: number[] = []
      const watched = watchPages(plannr.api, async (call) => {
        if (aimed(plan, call)) pages.push(call.page)
      })
      counts.reset()
      const outcome = await engineFor(plan, db, watched).syncNow({ full: true })
      expect(outcome.ok, JSON.stringify(outcome)).toBe(true)
      expect(Math.max(...pages)).toBeGreaterThan(10)
      const tables = new Set(puts.map((put) => put.table))
      expect(tables.has('participants')).toBe(false)
      expect(tables.has('memberships')).toBe(false)
      // No resume note for any page...
      expect(puts.filter((put) => put.table === 'meta' && String(put.row.key).startsWith('seen:'))).toEqual([])
      // ...and the pass's state written when it starts and when it ends, not per page.
      const stateWrites = puts.filter((put) =>
        plan === 'accounts'
          ? put.table === 'meta' && put.row.key === 'sync:accounts'
          : put.table === 'syncState' && put.row.groupUuid === target,
      )
      expect(stateWrites).toHaveLength(2)
      await expectCacheMatchesServer(plannr.sandbox.id, db)
      db.close()
    })

    it('a change to a page the pass already read is read by the next refresh', async () => {
      const db = new PlannrDb(freshDbName('changed-behind'))
      // Someone on page 1 whom no later pass of this run reads again (the per-group plan passes
      // the target first, so: a member of no other group).
      const others = await Promise.all(
        plannr.sandbox.groups
          .filter((group) => group.uuid !== target)
          .map((group) => commands.sandboxGroupMembers(plannr.sandbox.id, group.uuid)),
      )
      const elsewhere = new Set(others.flat())
      const behind = (await uuidsOnPage(plan, 1)).find((uuid) => plan === 'accounts' || !elsewhere.has(uuid))
      if (!behind) throw new Error('no one on page 1 is in the target group only')
      const ahead = await uuidOnPage(plan, 10)
      let changed = false
      const api = watchPages(plannr.api, async (call) => {
        if (!aimed(plan, call) || call.page !== 6 || changed) return
        changed = true
        // Renamed once page 1 was read, then someone read later renamed a second after
        // (updated_at has one-second resolution): the pass ends holding the newer change only.
        await new Promise((resolve) => setTimeout(resolve, 1100))
        await commands.sandboxRenameAccount(plannr.sandbox.id, behind, { firstName: 'Bea', lastName: 'Hinter' })
        await new Promise((resolve) => setTimeout(resolve, 1100))
        await commands.sandboxRenameAccount(plannr.sandbox.id, ahead, { firstName: 'Vera', lastName: 'Voraus' })
      })
      expect((await engineFor(plan, db, api).syncNow()).ok).toBe(true)
      expect(changed).toBe(true)
      expect((await db.participants.get(ahead))?.lastName).toBe('Voraus')

      // A refresh (not a full pass) reads what changed since: both renames.
      const refreshed = await engineFor(plan, db).syncNow()
      expect(refreshed.ok, JSON.stringify(refreshed)).toBe(true)
      expect((await db.participants.get(behind))?.lastName).toBe('Hinter')
      await expectCacheMatchesServer(plannr.sandbox.id, db)
      db.close()
    })

    it('an unchanged pass killed mid-way resumes after its last changed page and skips none', async () => {
      const name = freshDbName('unchanged-kill')
      const first = new PlannrDb(name)
      expect((await engineFor(plan, first).syncNow()).ok).toBe(true)
      // One change on the server, read on page 2 of the pass: that page saves the pass's progress
      // (and what pages 1 and 2 saw); every other page changes nothing and saves nothing.
      const renamed = await uuidOnPage(plan, 2)
      await new Promise((resolve) => setTimeout(resolve, 1100)) // updated_at has one-second resolution
      await commands.sandboxRenameAccount(plannr.sandbox.id, renamed, { firstName: 'Renata', lastName: 'Zwölf' })
      const seenOnPages = new Map<number, string[]>()
      // Killed once page 3 is read, while pages 1 and 2 are written: requests run ahead of writes,
      // so the kill waits until page 2's write committed.
      const killing = watchPages(
        plannr.api,
        async (call) => {
          if (!aimed(plan, call) || call.page !== 3 + PAGES_AHEAD) return
          for (let tries = 0; tries < 500 && (await savedNextPage(plan, first)) !== 3; tries += 1)
            await new Promise((resolve) => setTimeout(resolve, 10))
          first.close()
        },
        (call, result) => {
          if (aimed(plan, call) && result.ok)
            seenOnPages.set(
              call.page,
              result.value.page.items.map((item) => item.uuid),
            )
        },
      )
      const killed = await engineFor(plan, first, killing).syncNow({ full: true })
      expect(killed.ok).toBe(false)

      const second = new PlannrDb(name)
      expect(await savedNextPage(plan, second)).toBe(3)
      // The saved seen set covers exactly the pages before the resume point, though page 1 changed nothing.
      const scopeStart = seenScopeStart(plan)
      const notes = await seenRows(plan, second)
      expect(notes).toHaveLength(1)
      const scope = (notes[0] ?? '').slice('seen:'.length).replace(/:\d+$/, '')
      expect(scope.startsWith(scopeStart)).toBe(true)
      const seen = new Set((await loadPassSeen(second, scope)).map((entry) => entry.split(':')[0] ?? ''))
      const expected = [...(seenOnPages.get(1) ?? []), ...(seenOnPages.get(2) ?? [])]
      expect(expected.length).toBe(2 * PER_PAGE)
      expect(seen).toEqual(new Set(expected))
      expect((await second.participants.get(renamed))?.lastName).toBe('Zwölf')

      const asked: number[] = []
      const watching = watchPages(plannr.api, async (call) => {
        if (aimed(plan, call)) asked.push(call.page)
      })
      const resumed = await engineFor(plan, second, watching).syncNow()
      expect(resumed.ok, JSON.stringify(resumed)).toBe(true)
      // It read on from page 3 of the same pass: pages 1 and 2 were not read again, none after was skipped.
      expect(Math.min(...asked)).toBe(3)
      expect(asked.slice(0, 3)).toEqual([3, 4, 5])
      expect(await savedNextPage(plan, second)).toBeNull()
      expect(await seenRows(plan, second)).toEqual([])
      await expectCacheMatchesServer(plannr.sandbox.id, second)
      second.close()
    })
  },
)
