import { isWholeAnswer } from './complete-answer'
import {
  MAX_GROUPS_FILTER,
  type AccountsWithGroupsPage,
  type AccountsWithGroupsQuery,
} from '../../../shared/ipc/contract'
import { AppError } from '../../../shared/ipc/errors'
import type { Group, Participant } from '../../../shared/plannr/models'
import { MAX_PER_PAGE, participantSortKey } from '../../../shared/plannr/participant-query'
import {
  forgetMemberCommits,
  forgetPassSeen,
  ingestAccounts,
  loadPassSeen,
  membersNotSeen,
  readLocalRevision,
  PassDigests,
  PassMemberships,
  removeMemberships,
} from '../data'
import { loadAccountState, saveAccountState, type AccountPass, type AccountSyncState } from './account-state'
import type { SyncContext } from './context'
import { loadGroupState } from './group-state'
import { hasNextPage } from './list-all'
import { runPagedPass } from './paged-pass'
import { fullPassDue } from './stamps'
import { request } from './request'
import { throwIfAborted } from './wait'

/**
 * The account plan: every participant of the user's groups read once, through
 * `GET /account?include=groups&filter[groups]=…`, with memberships derived from each account's
 * groups, instead of every group's participants page by page (a participant in three groups is
 * then read once, not three times, and a group's page is 500 accounts, not its own short tail).
 *
 * Same invariants as the per-group passes (group-full.ts), and the same page loop (paged-pass.ts):
 * a page that changed something commits with the pass's progress, an unchanged one saves it only
 * when a save is due (a killed pass resumes after its last saved page, re-reading the pages after
 * it), reads note the local revision first
 * (memberships the outbox committed meanwhile are left alone), and deletion happens only after a
 * complete pass, for members the server then confirms are gone (asked by uuid).
 *
 * A server that refuses the plan (a 4xx on include=groups or filter[groups], or accounts without
 * their groups) throws PlanRefused: runSync then syncs per group, having deleted nothing.
 */
export class PlanRefused extends Error {
  constructor(reason: string) {
    super(`The account endpoint refused the account plan: ${reason}`)
    this.name = 'PlanRefused'
  }
}

/** Refusals of the request as it stands, as opposed to a failure of the moment (retried, or the run ends). */
const REFUSING_KINDS = new Set(['validation', 'forbidden', 'refused', 'not-found'])

/** Past this many pages of changes a full pass is cheaper than paging on. */
const MAX_INCREMENTAL_PAGES = 10

const PASS_SORT = 'created_at' as const

interface ReadAccounts {
  readRevision: number
  answer: AccountsWithGroupsPage
}

async function readAccounts(context: SyncContext, query: AccountsWithGroupsQuery): Promise<ReadAccounts> {
  const readRevision = await readLocalRevision(context.db)
  try {
    const answer = await request(context.policy, () => context.api.accounts.withGroups(query))
    if (!answer.groupsIncluded) throw new PlanRefused('accounts came without their groups')
    return { readRevision, answer }
  } catch (caught) {
    if (caught instanceof AppError && REFUSING_KINDS.has(caught.kind)) throw new PlanRefused(caught.message)
    throw caught
  }
}

function fetchPage(context: SyncContext, groups: string[], page: number): Promise<ReadAccounts> {
  return readAccounts(context, { groupUuids: groups, sort: PASS_SORT, page, perPage: context.perPage })
}

/** filter[groups] in slices short enough for a URL; an account in two slices is read twice (harmless). */
function slices(groups: readonly string[]): string[][] {
  const out: string[][] = []
  for (let start = 0; start < groups.length; start += MAX_GROUPS_FILTER)
    out.push(groups.slice(start, start + MAX_GROUPS_FILTER))
  return out
}

export interface AccountPlanOptions {
  full: boolean
  fullReconcileEveryMs: number
}

/**
 * The participants phase by the account plan: a full pass when one is due or was interrupted,
 * else an incremental refresh (a full pass when too much changed).
 */
export async function syncByAccounts(
  context: SyncContext,
  groups: readonly Group[],
  options: AccountPlanOptions,
): Promise<void> {
  const state = await loadAccountState(context.db)
  const due = options.full || fullPassDue(state.lastFullSyncAt, context.now(), options.fullReconcileEveryMs)
  if (state.full !== null || due) return fullAccountPass(context, groups, state)
  if (!(await incrementalAccountRefresh(context, groups, state))) await fullAccountPass(context, groups, state)
}

/** The newest account change on the server now (one account, newest first). */
async function serverHighWater(context: SyncContext): Promise<string | null> {
  const { answer } = await readAccounts(context, { sort: '-updated_at', page: 1, perPage: 1 })
  const newest = answer.page.items[0]
  return newest ? participantSortKey(newest, 'updated_at') : null
}

async function fullAccountPass(context: SyncContext, groups: readonly Group[], state: AccountSyncState): Promise<void> {
  const { db } = context
  let pass: AccountPass = state.full ?? {
    passId: context.newPassId(),
    groups: groups.map((group) => group.uuid).sort(),
    chunk: 0,
    nextPage: 1,
    recordsDone: 0,
    // Noted before the first page: whatever changes after it is newer and the next refresh reads it.
    highWater: await serverHighWater(context),
    startedAt: new Date(context.now()).toISOString(),
  }
  const resumed = state.full !== null
  if (!resumed) await saveAccountState(db, { ...state, full: pass })
  const passRead = await readLocalRevision(db)
  const scope = `accounts|${pass.passId}`
  const passGroups = new Set(pass.groups)
  const memberships = new PassMemberships()
  const digests = new PassDigests()
  const seen = new Map<string, Set<string>>()
  const noteSeen = (entries: readonly string[]): void => {
    for (const entry of entries) {
      const [participant = '', ...indexes] = entry.split(/[:.]/)
      for (const index of indexes) {
        const group = pass.groups[Number(index)]
        if (group === undefined || participant === '') continue
        let members = seen.get(group)
        if (!members) seen.set(group, (members = new Set()))
        members.add(participant)
      }
    }
  }
  if (resumed) noteSeen(await loadPassSeen(db, scope))
  const indexOf = new Map(pass.groups.map((uuid, index) => [uuid, index]))
  const seenEntry = (account: Participant): string => {
    const indexes = account.groups.flatMap((group) => {
      const index = indexOf.get(group.uuid)
      return index === undefined ? [] : [index]
    })
    return `${account.uuid}:${indexes.join('.')}`
  }

  const chunks = slices(pass.groups)
  for (let chunk = pass.chunk; chunk < chunks.length; chunk += 1) {
    const filter = chunks[chunk] ?? []
    await runPagedPass<ReadAccounts>(context, {
      firstPage: chunk === pass.chunk ? pass.nextPage : 1,
      fetch: (page) => fetchPage(context, filter, page),
      // What this run reads of the slice: its total less the (full) pages an earlier run committed.
      onFirstPage: ({ answer }, page) => {
        if (answer.page.total !== null)
          context.progress.expect(Math.max(0, answer.page.total - (page - 1) * context.perPage))
      },
      // Pages of later slices are numbered after every page a slice can have.
      seen: { scope, key: (page) => chunk * 1_000_000 + page },
      seenOn: ({ answer }) => answer.page.items.map(seenEntry),
      advance: ({ answer }, page, last) => {
        pass = {
          ...pass,
          chunk: last ? chunk + 1 : chunk,
          nextPage: last ? 1 : page + 1,
          recordsDone: pass.recordsDone + answer.page.items.length,
        }
        const saving = pass
        return async () => saveAccountState(db, { ...(await loadAccountState(db)), full: saving })
      },
      write: ({ readRevision, answer }, _page, alsoWrite) =>
        ingestAccounts(db, answer.page.items, answer.firms, passGroups, {
          pass: pass.passId,
          readRevision,
          known: context.known,
          memberships,
          digests,
          alsoWrite: (_tx, changed) => alsoWrite(changed),
        }),
      onSeen: noteSeen,
    })
  }

  await reconcileAccounts(context, pass, seen)
  const at = new Date(context.now()).toISOString()
  for (const groupUuid of pass.groups) {
    await forgetMemberCommits(db, groupUuid, passRead)
    // The group is as fully synced as its own pass would have left it: a per-group run later
    // (the fallback, or the user opening it) need not start over.
    if (!(await db.groups.get(groupUuid))) continue
    const groupState = await loadGroupState(db, groupUuid)
    if (groupState.full === null)
      await db.syncState.put({ ...groupState, lastFullSyncAt: at, highWater: groupState.highWater ?? pass.highWater })
  }
  await forgetPassSeen(db, 'accounts|')
  await saveAccountState(db, {
    ...(await loadAccountState(db)),
    full: null,
    lastFullSyncAt: at,
    highWater: pass.highWater,
  })
}

/**
 * After a complete pass: members of each group the pass did not see are candidates. Each is
 * asked about by uuid (500 at a time, whatever their group): a membership goes only when the
 * account is gone or no longer lists the group.
 */
async function reconcileAccounts(
  context: SyncContext,
  pass: AccountPass,
  seen: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<void> {
  const { db } = context
  const candidates = new Map<string, string[]>()
  for (const groupUuid of pass.groups) {
    if (!(await db.groups.get(groupUuid))) continue
    const unseen = await membersNotSeen(db, groupUuid, seen.get(groupUuid) ?? new Set(), pass.passId)
    if (unseen.length > 0) candidates.set(groupUuid, unseen)
  }
  const everyone = [...new Set([...candidates.values()].flat())]
  const passGroups = new Set(pass.groups)
  for (let start = 0; start < everyone.length; start += MAX_PER_PAGE) {
    const chunk = everyone.slice(start, start + MAX_PER_PAGE)
    const { readRevision, answer } = await readAccounts(context, {
      uuids: chunk,
      sort: PASS_SORT,
      page: 1,
      perPage: MAX_PER_PAGE,
    })
    throwIfAborted(context.policy.signal)
    await ingestAccounts(db, answer.page.items, answer.firms, passGroups, {
      pass: pass.passId,
      readRevision,
      known: context.known,
    })
    const groupsOf = new Map(
      answer.page.items.map((account) => [account.uuid, new Set(account.groups.map((group) => group.uuid))]),
    )
    const asked = new Set(isWholeAnswer(answer.page) ? chunk : [])
    for (const [groupUuid, unseen] of candidates) {
      const gone = unseen.filter((uuid) => asked.has(uuid) && !(groupsOf.get(uuid)?.has(groupUuid) ?? false))
      await removeMemberships(db, groupUuid, gone, readRevision)
      // A participant left in no group is deleted: met again later in the run, it is written anew.
      for (const uuid of gone) context.known.delete(uuid)
    }
  }
}

/**
 * Newest changes first (`sort=-updated_at`) across the user's groups, until an account no newer
 * than the high-water mark. Writes only, never deletes. Returns false when a full pass is needed
 * instead (never synced, or too much changed).
 */
async function incrementalAccountRefresh(
  context: SyncContext,
  groups: readonly Group[],
  state: AccountSyncState,
): Promise<boolean> {
  const { db } = context
  const highWater = state.highWater
  if (highWater === null) return false
  const uuids = groups.map((group) => group.uuid).sort()
  const inGroups = new Set(uuids)
  let newest = highWater
  for (const filter of slices(uuids)) {
    let reachedSeen = false
    for (let page = 1; page <= MAX_INCREMENTAL_PAGES && !reachedSeen; page += 1) {
      const { readRevision, answer } = await readAccounts(context, {
        groupUuids: filter,
        sort: '-updated_at',
        page,
        perPage: context.incrementalPerPage,
      })
      const items = answer.page.items
      const keys = items.map((account) => participantSortKey(account, 'updated_at'))
      const fresh = items.filter((_, index) => (keys[index] ?? '') >= highWater)
      if (fresh.length > 0) {
        await ingestAccounts(db, fresh, answer.firms, inGroups, { pass: null, readRevision, known: context.known })
        context.progress.records(fresh.length)
        if ((keys[0] ?? '') > newest) newest = keys[0] ?? newest
      }
      reachedSeen = fresh.length < items.length || !hasNextPage(answer.page, page)
      if (!reachedSeen && page === MAX_INCREMENTAL_PAGES) return false
    }
  }
  await saveAccountState(db, {
    ...(await loadAccountState(db)),
    highWater: newest,
    lastIncrementalAt: new Date(context.now()).toISOString(),
  })
  return true
}
