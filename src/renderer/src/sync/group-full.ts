import { isWholeAnswer } from './complete-answer'
import { MAX_PER_PAGE, participantSortKey } from '../../../shared/plannr/participant-query'
import type { Participant } from '../../../shared/plannr/models'
import {
  forgetMemberCommits,
  forgetPassSeen,
  type FullPassProgress,
  type GroupSyncState,
  ingestParticipants,
  loadPassSeen,
  membersNotSeen,
  readLocalRevision,
  PassDigests,
  PassMemberships,
  removeMemberships,
} from '../data'
import type { SyncContext } from './context'
import { loadGroupState } from './group-state'
import { runPagedPass } from './paged-pass'
import { readParticipants, type ReadPage } from './read-participants'
import { throwIfAborted } from './wait'

/**
 * Sorting by creation time keeps pages stable while we read them: a participant added
 * meanwhile lands at the end instead of shifting everything after it onto the next page.
 */
const FULL_PASS_SORT = { field: 'created_at', direction: 'asc' } as const
const NEWEST_FIRST = { field: 'updated_at', direction: 'desc' } as const

function fetchPage(context: SyncContext, groupUuid: string, page: number): Promise<ReadPage> {
  const pending = readParticipants(context, () =>
    context.api.groups.participants({ groupUuid, query: { sort: FULL_PASS_SORT, page, perPage: context.perPage } }),
  )
  // A prefetch that is abandoned (stop, error) must not surface as an unhandled rejection.
  pending.catch(() => {})
  return pending
}

/**
 * The newest participant update the server has in the group now (null for an empty group): read
 * before a new pass's first page, it is the mark the pass leaves (FullPassProgress.highWater).
 * The newest update the pass happens to cache would not do: a member changed after their page
 * was read, while a later page brought a newer change, would stay stale until the next full pass.
 */
async function serverHighWater(context: SyncContext, groupUuid: string): Promise<string | null> {
  const { answer } = await readParticipants(context, () =>
    context.api.groups.participants({ groupUuid, query: { sort: NEWEST_FIRST, page: 1, perPage: 1 } }),
  )
  const newest = answer.page.items[0]
  return newest ? participantSortKey(newest, 'updated_at') : null
}

/**
 * Whether the group list says the group fits one page. Its pass then reads every member in one
 * answer, whose newest update is the server's newest at that moment: that is the mark, and no
 * request of its own is needed. A group that grew past the page meanwhile leaves no mark (its
 * next refresh is a full pass).
 */
async function fitsOnePage(context: SyncContext, groupUuid: string): Promise<boolean> {
  const count = (await context.db.groups.get(groupUuid))?.participantsCount
  return typeof count === 'number' && count < context.perPage
}

/** The newest update among a page's participants (null for an empty page). */
function newestOn(items: readonly Participant[]): string | null {
  let newest: string | null = null
  for (const item of items) {
    const key = participantSortKey(item, 'updated_at')
    if (newest === null || key > newest) newest = key
  }
  return newest
}

/** A group's first page of a full pass, requested before the pass starts (see runSync). */
export interface PrefetchedPage {
  groupUuid: string
  page: number
  /** For a new pass (page 1): its high-water mark, read before the page was asked for. */
  highWater: Promise<string | null> | null
  result: Promise<ReadPage>
}

/**
 * Requests the page a full pass over `groupUuid` will start with (page 1, after the new pass's
 * high-water mark, or where an interrupted pass stopped), so the next group's first page is on
 * its way while the current group's last page is written. Nothing is written until the pass
 * itself runs.
 */
export async function prefetchFirstPage(context: SyncContext, groupUuid: string): Promise<PrefetchedPage> {
  const state = await loadGroupState(context.db, groupUuid)
  if (state.full) {
    const page = state.full.nextPage
    return { groupUuid, page, highWater: null, result: fetchPage(context, groupUuid, page) }
  }
  const highWater = (await fitsOnePage(context, groupUuid))
    ? Promise.resolve(null)
    : serverHighWater(context, groupUuid)
  const result = highWater.then(() => fetchPage(context, groupUuid, 1))
  // Abandoned (stop, error), neither may surface as an unhandled rejection.
  highWater.catch(() => {})
  result.catch(() => {})
  return { groupUuid, page: 1, highWater, result }
}

export interface FullPassOptions {
  /** Used when it is this group's starting page; ignored (and left to be dropped) otherwise. */
  prefetched?: PrefetchedPage | null
  /** Called once the pass has requested its last page: the caller may start the next group. */
  onLastPageRequested?: () => void
}

/**
 * A full pass over one group: every page (the shared page loop, paged-pass.ts), each written
 * in one transaction with the pass's progress when it changed something or a save is due (a kill
 * between pages resumes after the last saved page of the SAME pass, re-reading the pages after
 * it), then reconciliation. Once the last page is requested, the caller
 * may already request the next group's first page (runSync).
 *
 * Deletion happens only here, only after the last page was committed, and only for members
 * the server then confirms are gone: a pass that stops early never deletes anything. What the
 * pass saw is kept in memory (and noted per page for a resumed pass, pass-seen.ts): unchanged
 * members are not rewritten to mark them seen.
 */
export async function fullGroupPass(
  context: SyncContext,
  groupUuid: string,
  options: FullPassOptions = {},
): Promise<void> {
  const { db } = context
  const state = await loadGroupState(db, groupUuid)
  const prefetched = options.prefetched
  const prefetchedMark = prefetched?.groupUuid === groupUuid ? prefetched.highWater : null
  // A new pass over a group of one page takes its mark from that page (fitsOnePage).
  const markFromOnlyPage = state.full === null && (await fitsOnePage(context, groupUuid))
  /** The only page's newest update, once a pass of one page has read it. */
  let onlyPageNewest: string | null = null
  let progress: FullPassProgress = state.full ?? {
    passId: context.newPassId(),
    nextPage: 1,
    lastPage: null,
    recordsDone: 0,
    startedAt: new Date(context.now()).toISOString(),
    highWater: markFromOnlyPage ? null : await (prefetchedMark ?? serverHighWater(context, groupUuid)),
  }
  if (!state.full) await db.syncState.put({ ...state, full: progress })

  // Every read of this pass in this run begins after this: membership commits up to it are seen.
  // Except a first page read ahead, during the group before: the pass has seen only what that
  // read saw (see onFirstPage).
  let passRead = await readLocalRevision(db)
  const scope = seenScope(groupUuid, progress.passId)
  const seen = new Set(progress.nextPage > 1 ? await loadPassSeen(db, scope) : [])
  const memberships = new PassMemberships()
  const digests = new PassDigests()
  await runPagedPass<ReadPage>(context, {
    firstPage: progress.nextPage,
    fetch: (page) => fetchPage(context, groupUuid, page),
    // A page prefetched for a new pass is read after that pass's mark, not after the mark of a
    // pass another run (the opened group's) started meanwhile: only the pass it was read for uses it.
    prefetched:
      prefetched &&
      prefetched.groupUuid === groupUuid &&
      prefetched.page === progress.nextPage &&
      (prefetched.highWater === null) === (state.full !== null)
        ? prefetched.result
        : null,
    onLastPageRequested: options.onLastPageRequested,
    onFirstPage: ({ readRevision }) => {
      passRead = Math.min(passRead, readRevision)
    },
    seen: { scope, key: (page) => page },
    seenOn: ({ answer }) => answer.page.items.map((participant) => participant.uuid),
    advance: ({ answer }, page, last) => {
      if (markFromOnlyPage && page === 1 && last) onlyPageNewest = newestOn(answer.page.items)
      progress = {
        ...progress,
        nextPage: page + 1,
        lastPage: answer.page.lastPage,
        recordsDone: progress.recordsDone + answer.page.items.length,
      }
      const saving = progress
      return async () => {
        const current = (await db.syncState.get(groupUuid)) ?? state
        await db.syncState.put({ ...current, full: saving })
      }
    },
    write: ({ readRevision, answer }, _page, alsoWrite) =>
      ingestParticipants(db, groupUuid, answer.page.items, answer.firms, {
        pass: progress.passId,
        readRevision,
        known: context.known,
        memberships,
        digests,
        alsoWrite: (_tx, changed) => alsoWrite(changed),
      }),
    onSeen: (uuids) => {
      for (const uuid of uuids) seen.add(uuid)
    },
  })
  await reconcileGroup(context, groupUuid, progress.passId, seen)
  await forgetMemberCommits(db, groupUuid, passRead)
  await forgetPassSeen(db, seenScope(groupUuid, ''))
  const finished: GroupSyncState = {
    ...((await db.syncState.get(groupUuid)) ?? state),
    full: null,
    lastFullSyncAt: new Date(context.now()).toISOString(),
    highWater: progress.highWater ?? onlyPageNewest,
  }
  await db.syncState.put(finished)
}

/**
 * After a complete pass: members the pass did not see are candidates. Pages can shift when
 * the server deletes rows mid-pass, so a candidate is asked about by uuid before it goes;
 * whoever the server still returns is kept (and marked seen).
 */
async function reconcileGroup(
  context: SyncContext,
  groupUuid: string,
  passId: string,
  seen: ReadonlySet<string>,
): Promise<void> {
  const candidates = await membersNotSeen(context.db, groupUuid, seen, passId)
  for (let start = 0; start < candidates.length; start += MAX_PER_PAGE) {
    const chunk = candidates.slice(start, start + MAX_PER_PAGE)
    const { readRevision, answer } = await readParticipants(context, () =>
      context.api.groups.participants({
        groupUuid,
        query: { uuids: chunk, sort: FULL_PASS_SORT, page: 1, perPage: MAX_PER_PAGE },
      }),
    )
    throwIfAborted(context.policy.signal)
    const present = new Set(answer.page.items.map((participant) => participant.uuid))
    await ingestParticipants(context.db, groupUuid, answer.page.items, answer.firms, {
      pass: passId,
      readRevision,
      known: context.known,
    })
    const gone = isWholeAnswer(answer.page) ? chunk.filter((uuid) => !present.has(uuid)) : []
    await removeMemberships(context.db, groupUuid, gone, readRevision)
    // A participant left in no group is deleted: met again later in the run, it is written anew.
    for (const uuid of gone) context.known.delete(uuid)
  }
}

/** The seen set of one group's pass (pass-seen.ts); with an empty pass id, every pass of the group. */
function seenScope(groupUuid: string, passId: string): string {
  return passId === '' ? `group|${groupUuid}|` : `group|${groupUuid}|${passId}`
}
