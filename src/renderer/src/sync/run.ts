import type { Table } from 'dexie'
import type { IpcResult } from '../../../shared/ipc/errors'
import type { Group, Page } from '../../../shared/plannr/models'
import { MAX_PER_PAGE } from '../../../shared/plannr/participant-query'
import {
  ingestBusinessUnits,
  ingestCircles,
  ingestGroups,
  memberCountAgrees,
  type Pending,
  readLocalRevision,
  removeGroups,
  removeMissing,
} from '../data'
import { PlanRefused, syncByAccounts } from './account-plan'
import type { SyncContext } from './context'
import type { SyncPlan } from './status'
import { fullGroupPass, prefetchFirstPage, type FullPassOptions, type PrefetchedPage } from './group-full'
import { incrementalGroupRefresh } from './group-incremental'
import { loadGroupState } from './group-state'
import { listForPruning } from './list-all'
import { fullPassDue } from './stamps'
import { throwIfAborted } from './wait'

/**
 * A small list (circles, business units) read whole, written, and pruned to what Plannr still
 * has (listForPruning), all against the local revision noted before it was read.
 */
async function syncList<T extends { uuid: string }>(
  context: SyncContext,
  what: string,
  table: Table<Pending & { uuid: string }, string>,
  fetchPage: (page: number) => Promise<IpcResult<Page<T>>>,
  ingest: (items: T[], readRevision: number) => Promise<void>,
): Promise<void> {
  const readRevision = await readLocalRevision(context.db)
  const { items, listed } = await listForPruning(context, what, fetchPage, () => syncedUuids(table))
  await ingest(items, readRevision)
  await removeMissing(table, listed, readRevision)
}

/** The rows of a list that came from Plannr (a queued create's row is not on Plannr yet). */
function syncedUuids(table: Table<Pending & { uuid: string }, string>): Promise<string[]> {
  return table.filter((row) => !row.pendingOpId).primaryKeys()
}

/**
 * Groups, circles and business units are read at Plannr's documented maximum page size: a firm
 * with hundreds of circles costs one request a list, not one per hundred.
 */
const LIST_PAGE = MAX_PER_PAGE

export interface RunOptions {
  /** Full pass over every group, whatever its state (the user's "full resync", tests, bench). */
  full: boolean
  /** A group's full pass (and so its reconciliation) is due when its last one is older than this. */
  fullReconcileEveryMs: number
}

interface GroupPlan {
  group: Group
  mode: 'full' | 'incremental'
  resumed: boolean
}

/**
 * One sync: groups (all pages), then the participants — by the account plan (account-plan.ts)
 * unless the context asks for per-group or the account endpoint refuses it, else each group's
 * participants (a full pass where one is due or was interrupted, else an incremental refresh) —
 * then circles, then business units. Either way a group whose member count disagrees with the
 * server's afterwards gets its own full pass (membership changes do not always move updated_at).
 * Lists are only pruned after they were read completely; any failure ends the run by throwing,
 * leaving everything committed so far in place for the next run to resume from. Returns the plan
 * that read the participants.
 */
export async function runSync(context: SyncContext, options: RunOptions): Promise<SyncPlan> {
  const { db, api, progress } = context
  progress.phase('groups')
  // Noted before each list is read: what the outbox commits after this is newer than the list.
  const groupsRead = await readLocalRevision(db)
  const { items: groups, listed } = await listForPruning(
    context,
    'groups',
    (page) => api.groups.list({ page, perPage: LIST_PAGE, sort: 'name' }),
    () => syncedUuids(db.groups),
  )
  await ingestGroups(db, groups, groupsRead)
  const cached = await db.groups.toCollection().primaryKeys()
  await removeGroups(
    db,
    cached.filter((uuid) => !listed.has(uuid)),
    groupsRead,
  )

  let plan: SyncPlan = context.plan
  if (plan === 'accounts') {
    progress.phase('participants')
    try {
      await syncByAccounts(context, groups, options)
      await reconcileCounts(context, groups)
    } catch (caught) {
      if (!(caught instanceof PlanRefused)) throw caught
      plan = 'per-group'
    }
  }
  if (plan === 'per-group') await syncPerGroup(context, groups, options)

  progress.phase('circles')
  await syncList(
    context,
    'circles',
    db.circles,
    (page) => api.circles.list({ page, perPage: LIST_PAGE, sort: 'name' }),
    (items, readRevision) => ingestCircles(db, items, readRevision),
  )

  progress.phase('business-units')
  await syncList(
    context,
    'business units',
    db.businessUnits,
    (page) => api.businessUnits.list({ page, perPage: LIST_PAGE, sort: 'name' }),
    (items, readRevision) => ingestBusinessUnits(db, items, readRevision),
  )

  const at = new Date(context.now()).toISOString()
  await db.meta.put({ key: 'lastSyncAt', value: at, updatedAt: at })
  progress.phase('done')
  return plan
}

/** The per-group plan: each group's participants, by its own full pass or incremental refresh. */
async function syncPerGroup(context: SyncContext, groups: Group[], options: RunOptions): Promise<void> {
  const { db, progress } = context
  const plans = await planGroups(context, groups, options)
  progress.groups(plans.length)
  for (const plan of plans) {
    if (plan.mode !== 'full') continue
    const state = await loadGroupState(db, plan.group.uuid)
    progress.expect(Math.max(0, (plan.group.participantsCount ?? 0) - (state.full?.recordsDone ?? 0)))
  }
  progress.phase('participants')
  // Once a group's last page is requested (its last pages still to be written, the group to be
  // reconciled), the next full pass's first page is requested too: one request beyond the page
  // loop's window (paged-pass.ts), each through the rate limiter.
  let prefetched: Promise<PrefetchedPage | null> = Promise.resolve(null)
  for (const [index, plan] of plans.entries()) {
    throwIfAborted(context.policy.signal)
    const next = plans[index + 1]
    const ready = await prefetched
    prefetched = Promise.resolve(null)
    if (context.beforeGroup && !(await context.beforeGroup(plan.group.uuid))) {
      progress.groupDone()
      continue
    }
    await syncGroup(context, plan, {
      prefetched: ready,
      onLastPageRequested: () => {
        if (next?.mode !== 'full') return
        prefetched = prefetchFirstPage(context, next.group.uuid)
        prefetched.catch(() => {})
      },
    })
    progress.groupDone()
  }
}

/**
 * Groups whose member count disagrees with the server's get their own full pass now. The cached
 * count is taken with the group's queued membership changes (memberCountAgrees): one Plannr
 * refused stays queued, and must not cost a full pass of the group on every run.
 */
async function reconcileCounts(context: SyncContext, groups: Group[]): Promise<void> {
  for (const group of groups) {
    throwIfAborted(context.policy.signal)
    const serverCount = group.participantsCount
    if (serverCount === null || (await memberCountAgrees(context.db, group.uuid, serverCount))) continue
    if (context.beforeGroup && !(await context.beforeGroup(group.uuid))) continue
    await fullGroupPass(context, group.uuid)
  }
}

async function syncGroup(context: SyncContext, plan: GroupPlan, options: FullPassOptions): Promise<void> {
  const uuid = plan.group.uuid
  if (plan.mode === 'full') return fullGroupPass(context, uuid, options)
  const refreshed = await incrementalGroupRefresh(context, uuid)
  // Membership changes do not always move updated_at: a count that disagrees with the server's
  // means the group needs a full pass now rather than at the next scheduled reconciliation.
  const serverCount = plan.group.participantsCount
  if (!refreshed || (serverCount !== null && !(await memberCountAgrees(context.db, uuid, serverCount)))) {
    await fullGroupPass(context, uuid)
  }
}

/** Interrupted passes first (finish what was started), then the rest by name. */
async function planGroups(context: SyncContext, groups: Group[], options: RunOptions): Promise<GroupPlan[]> {
  const now = context.now()
  const plans: GroupPlan[] = []
  for (const group of groups) {
    const state = await loadGroupState(context.db, group.uuid)
    const resumed = state.full !== null
    const due = fullPassDue(state.lastFullSyncAt, now, options.fullReconcileEveryMs)
    plans.push({ group, resumed, mode: options.full || resumed || due ? 'full' : 'incremental' })
  }
  return plans.sort((a, b) => Number(b.resumed) - Number(a.resumed))
}
