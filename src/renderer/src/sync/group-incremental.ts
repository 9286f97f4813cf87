import { ingestParticipants } from '../data'
import { participantSortKey } from '../../../shared/plannr/participant-query'
import type { SyncContext } from './context'
import { loadGroupState } from './group-state'
import { hasNextPage } from './list-all'
import { readParticipants } from './read-participants'

/** Past this many pages of changes a full pass is cheaper than paging on. */
const MAX_INCREMENTAL_PAGES = 10

/**
 * Newest changes first (`sort=-updated_at`) until a record no newer than the group's
 * high-water mark: everything after it was already seen. Writes only, never deletes (rows the
 * server dropped are the next full pass's business). Returns false when the group needs a full
 * pass instead (never synced, or too much changed).
 */
export async function incrementalGroupRefresh(context: SyncContext, groupUuid: string): Promise<boolean> {
  const { db } = context
  const state = await loadGroupState(db, groupUuid)
  if (state.highWater === null || state.full !== null) return false
  const highWater = state.highWater
  let newest = highWater
  for (let page = 1; page <= MAX_INCREMENTAL_PAGES; page += 1) {
    const { readRevision, answer: result } = await readParticipants(context, () =>
      context.api.groups.participants({
        groupUuid,
        query: { sort: { field: 'updated_at', direction: 'desc' }, page, perPage: context.incrementalPerPage },
      }),
    )
    const items = result.page.items
    const keys = items.map((participant) => participantSortKey(participant, 'updated_at'))
    const fresh = items.filter((_, index) => (keys[index] ?? '') >= highWater)
    if (fresh.length > 0) {
      await ingestParticipants(db, groupUuid, fresh, result.firms, { pass: null, readRevision })
      context.progress.records(fresh.length)
      if ((keys[0] ?? '') > newest) newest = keys[0] ?? newest
    }
    const reachedSeen = fresh.length < items.length
    if (reachedSeen || !hasNextPage(result.page, page)) {
      const current = await loadGroupState(db, groupUuid)
      await db.syncState.put({
        ...current,
        highWater: newest,
        lastIncrementalAt: new Date(context.now()).toISOString(),
      })
      return true
    }
  }
  return false
}
