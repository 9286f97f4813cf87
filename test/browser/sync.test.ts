import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { countGroupParticipants, queryGroupParticipants } from '../../src/renderer/src/data/participant-read'
import { createSyncEngine, type SyncEngineOptions } from '../../src/renderer/src/sync/engine'
import { DEFAULT_PAGES_AHEAD } from '../../src/renderer/src/sync/paged-pass'
import type { SyncPlan } from '../../src/renderer/src/sync/status'
import { sleep } from '../../src/renderer/src/sync/wait'
import { defaultParticipantQuery } from '../../src/shared/plannr/participant-query'
import type { SessionApi } from '../../src/shared/ipc/plannr-api'
import { unwrap } from '../../src/renderer/src/lib/ipc'
import { expectCacheMatchesServer } from './helpers/cache-vs-server'
import { commands } from './helpers/commands'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'

/**
 * Pull sync against the sandbox through main's real handlers, on real IndexedDB: interrupted
 * passes resume and never delete; complete passes reconcile; incremental refresh picks up edits.
 */
let plannr: TestPlannr
let groups: { uuid: string; members: number }[]

/** Backoff waits shortened so the retry paths run in milliseconds. */
const quickSleep: SyncEngineOptions['sleep'] = (ms, signal) => sleep(Math.min(ms, 5), signal)

beforeAll(async () => {
  plannr = await startPlannr({ seed: 5, accounts: 2000, groups: 12, rateLimitPerMinute: 100_000, unthrottled: true })
  groups = [...plannr.sandbox.groups].sort((a, b) => b.members - a.members)
})

afterAll(async () => {
  await plannr?.stop()
})

/**
 * How each plan reads a group's participants in a full pass: the per-group plan pages through
 * `groups.participants`, the account plan through `accounts.withGroups` (every group at once).
 * `passPage` says which page of the target group's pass a read is, or null for any other read.
 */
interface PlanCase {
  plan: SyncPlan
  passPage(channel: 'groups' | 'accounts', groupUuid: string | null, page: number, target: string): number | null
  /** The route that serves those pages (for sandbox faults). */
  route(target: string): string
  /** Whether a full pass is interrupted (and where it would resume). */
  interrupted(db: PlannrDb): Promise<number | null>
}

const PLANS: PlanCase[] = [
  {
    plan: 'per-group',
    passPage: (channel, groupUuid, page, target) => (channel === 'groups' && groupUuid === target ? page : null),
    route: (target) => `GET /api/v1/group/${target}/participants`,
    interrupted: async (db) => {
      const states = (await db.syncState.toArray()).filter((state) => state.full !== null)
      return states[0]?.full?.nextPage ?? null
    },
  },
  {
    plan: 'accounts',
    passPage: (channel, groupUuid, page) => (channel === 'accounts' && groupUuid !== null ? page : null),
    route: () => 'GET /api/v1/account',
    interrupted: async (db) => {
      const row = await db.meta.get('sync:accounts')
      if (typeof row?.value !== 'string') return null
      const state: unknown = JSON.parse(row.value)
      if (typeof state !== 'object' || state === null || !('full' in state)) return null
      const full = state.full
      return typeof full === 'object' && full !== null && 'nextPage' in full && typeof full.nextPage === 'number'
        ? full.nextPage
        : null
    },
  },
]

/**
 * The API as the app sees it, except that `hook` runs before each participants read (per group
 * or across accounts): the tests use it to break the network (sandbox faults) at a chosen point
 * of a pass.
 */
function withHook(
  api: SessionApi,
  hook: (channel: 'groups' | 'accounts', groupUuid: string | null, page: number) => Promise<void>,
): SessionApi {
  return {
    ...api,
    groups: {
      ...api.groups,
      participants: async (input) => {
        await hook('groups', input.groupUuid, input.query.page)
        return api.groups.participants(input)
      },
    },
    accounts: {
      ...api.accounts,
      withGroups: async (input) => {
        // Only the pass's pages name groups; lookups by uuid and the high-water read do not.
        await hook('accounts', input.groupUuids ? (input.groupUuids[0] ?? null) : null, input.page)
        return api.accounts.withGroups(input)
      },
    },
  }
}

describe.each(PLANS)('pull sync, $plan plan', ({ plan, passPage, route, interrupted }) => {
  it('resumes a sync killed mid-way: data intact and complete, the interrupted pass continued, not restarted', async () => {
    const name = freshDbName('resume')
    const first = new PlannrDb(name)
    const target = groups[0]?.uuid ?? ''
    const killing = withHook(plannr.api, async (channel, groupUuid, page) => {
      // The app is killed: the database goes away under the running sync, mid-way through the
      // biggest group's pass (requests run DEFAULT_PAGES_AHEAD pages ahead of the writes: this
      // page is asked for once page 2 is read, while page 1 is written or just was).
      if (passPage(channel, groupUuid, page, target) === 2 + DEFAULT_PAGES_AHEAD) first.close()
    })
    const engine = createSyncEngine({ db: first, api: killing, perPage: 50, sleep: quickSleep, plan })
    const killed = await engine.syncNow()
    expect(killed.ok).toBe(false)

    const second = new PlannrDb(name)
    if (plan === 'per-group') {
      const pending = (await second.syncState.toArray()).filter((state) => state.full !== null)
      expect(pending.map((state) => state.groupUuid)).toEqual([target])
    }
    const resumeAt = await interrupted(second)
    const before = await second.memberships.count()
    expect(before).toBeGreaterThan(0)
    let firstPageAsked = false
    const watching = withHook(plannr.api, async (channel, groupUuid, page) => {
      if (passPage(channel, groupUuid, page, target) === 1) firstPageAsked = true
    })
    const outcome = await createSyncEngine({
      db: second,
      api: watching,
      perPage: 50,
      sleep: quickSleep,
      plan,
    }).syncNow()
    expect(outcome.ok, JSON.stringify(outcome)).toBe(true)
    expect(outcome.ok && outcome.plan).toBe(plan)
    // It picked up at the page after the last committed one, in the same pass.
    expect(resumeAt).toBeGreaterThan(1)
    expect(firstPageAsked).toBe(false)
    expect(await interrupted(second)).toBeNull()
    await expectCacheMatchesServer(plannr.sandbox.id, second)
    expect(
      (await second.syncState.toArray()).every((state) => state.full === null && state.lastFullSyncAt !== null),
    ).toBe(true)
    expect(await second.groups.count()).toBe(groups.length)
    second.close()
  })

  it('reconciles: a member removed on the server disappears after a complete pass, never after a partial one', async () => {
    const db = new PlannrDb(freshDbName('reconcile'))
    const engine = createSyncEngine({ db, api: plannr.api, perPage: 100, sleep: quickSleep, plan })
    expect((await engine.syncNow()).ok).toBe(true)
    const target = groups[0]?.uuid ?? ''
    const members = await commands.sandboxGroupMembers(plannr.sandbox.id, target)
    const gone = members.slice(0, 3)
    await commands.sandboxRemoveMembers(plannr.sandbox.id, target, gone)

    // A full pass that fails on the target group's third page: the network is down for it.
    // Once: a request of the failed pass still retrying after it gave up (abandoned, or page 3
    // itself) must not break the network again after the test has mended it.
    let broken = false
    const failing = withHook(plannr.api, async (channel, groupUuid, page) => {
      if (broken || passPage(channel, groupUuid, page, target) !== 3) return
      broken = true
      await commands.sandboxSetFault(plannr.sandbox.id, route(target), { errorRate: 1 })
    })
    const partial = await createSyncEngine({ db, api: failing, perPage: 100, sleep: quickSleep, plan }).syncNow({
      full: true,
    })
    expect(partial.ok).toBe(false)
    // Interrupted, at or before the failed page: the pages before it changed nothing, so they need
    // not have saved the pass's progress (a resumed pass reads them again).
    const resumeAt = await interrupted(db)
    expect(resumeAt).not.toBeNull()
    expect(resumeAt).toBeLessThanOrEqual(3)
    for (const uuid of gone) expect(await db.memberships.get([target, uuid])).toBeDefined()
    expect(await countGroupParticipants(db, target)).toBe(members.length)

    await commands.sandboxClearFaults(plannr.sandbox.id)
    const complete = await engine.syncNow()
    expect(complete.ok, JSON.stringify(complete)).toBe(true)
    for (const uuid of gone) expect(await db.memberships.get([target, uuid])).toBeUndefined()
    expect(await countGroupParticipants(db, target)).toBe(members.length - 3)
    await expectCacheMatchesServer(plannr.sandbox.id, db)
    // A participant left in no group is gone too; one still in another group stays.
    for (const uuid of gone) {
      const elsewhere = await db.memberships.filter((membership) => membership.participantUuid === uuid).count()
      expect(await db.participants.get(uuid)).toEqual(elsewhere > 0 ? expect.anything() : undefined)
    }
    await commands.sandboxAddMembers(plannr.sandbox.id, target, gone)
    db.close()
  })

  it('a server that ignores the page number: the pass stops with a clear error and deletes nothing', async () => {
    const db = new PlannrDb(freshDbName('ignored-page'))
    const engine = createSyncEngine({ db, api: plannr.api, perPage: 100, sleep: quickSleep, plan })
    expect((await engine.syncNow()).ok).toBe(true)
    const target = groups[0]?.uuid ?? ''
    // Every page asked is answered as page 1, with the listing's real last page: paging on
    // never reaches anything new.
    await commands.sandboxSetFault(plannr.sandbox.id, route(target), { ignorePage: true })
    const pass = await engine.syncNow({ full: true })
    await commands.sandboxClearFaults(plannr.sandbox.id)
    expect(pass.ok).toBe(false)
    expect(engine.status.lastError).toMatchObject({ kind: 'malformed-response' })
    expect(engine.status.lastError?.message).toMatch(/same page/)
    // Nobody the repeated page left out was taken for deleted.
    await expectCacheMatchesServer(plannr.sandbox.id, db)
    db.close()
  })

  it('incremental refresh picks up a renamed participant in every group and re-sorts it, with a few requests', async () => {
    const db = new PlannrDb(freshDbName('incremental'))
    const engine = createSyncEngine({ db, api: plannr.api, fullReconcileEveryMs: 86_400_000, plan })
    expect((await engine.syncNow()).ok).toBe(true)
    const target = groups[1]?.uuid ?? ''
    const [uuid] = await commands.sandboxGroupMembers(plannr.sandbox.id, target)
    await new Promise((resolve) => setTimeout(resolve, 1100)) // updated_at has one-second resolution
    await commands.sandboxRenameAccount(plannr.sandbox.id, uuid ?? '', { firstName: 'Aaaron', lastName: 'Ångström' })
    plannr.calls.clear()
    const outcome = await engine.syncNow()
    expect(outcome.ok).toBe(true)
    // Per group: one page of changes per group and the lists. By accounts: one page of changes
    // across every group, the lists, nothing per group.
    expect(outcome.requests).toBeLessThan(plan === 'accounts' ? 6 : groups.length * 2 + 6)
    const participant = await db.participants.get(uuid ?? '')
    expect(participant?.lastName).toBe('Ångström')
    const query = defaultParticipantQuery({ sort: { field: 'last_name', direction: 'asc' }, perPage: 5 })
    const local = await queryGroupParticipants(db, target, query)
    const remote = await unwrap(
      plannr.api.groups.participants({ groupUuid: target, query: { sort: query.sort, page: 1, perPage: 5 } }),
    )
    expect(local.items.map((item) => item.uuid)).toEqual(remote.page.items.map((item) => item.uuid))
    for (const membership of await db.memberships.filter((row) => row.participantUuid === uuid).toArray()) {
      expect(membership.kLast).toBe('angstrom')
    }
    db.close()
  })

  it('runs one sync at a time and pauses on lost auth until signed in again', async () => {
    const db = new PlannrDb(freshDbName('single-flight'))
    const engine = createSyncEngine({ db, api: plannr.api, plan })
    const states: string[] = []
    engine.subscribe((status) => states.push(status.state))
    const a = engine.syncNow()
    // Asked again during the run: one more run follows it (never two at once), and a third ask
    // joins that follow-up.
    const b = engine.syncNow()
    expect(b).not.toBe(a)
    expect(engine.syncNow()).toBe(b)
    expect((await a).ok).toBe(true)
    expect((await b).ok).toBe(true)

    engine.start()
    plannr.emit('auth', { state: 'reauth-required' })
    expect(engine.status.state).toBe('paused-auth')
    plannr.emit('auth', { state: 'signed-in' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(['syncing', 'idle']).toContain(engine.status.state)
    await engine.stop()
    expect(engine.status.state).toBe('stopped')
    expect(states).toContain('paused-auth')
    db.close()
  })
})
