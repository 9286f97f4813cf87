import type { IpcResult } from '../../../../shared/ipc/errors'
import type { Page } from '../../../../shared/plannr/models'
import { MAX_PER_PAGE } from '../../../../shared/plannr/participant-query'
import type { OutboxApi } from '../types'

/**
 * The API as an operation's lookup (`reconcile`) sees it: every read main can hold back carries
 * the operation's id (`opId`), and main answers it only once that operation's write still in
 * flight, if any, has settled. After a reload mid-send the first request is still on its way in
 * main; a lookup that read Plannr before it committed would find nothing, and the resend would
 * make a second record (or be refused as a duplicate name). Bound here, once, so no lookup can
 * forget it.
 */
export function lookupApi(api: OutboxApi, opId: string): OutboxApi {
  return {
    ...api,
    groups: {
      ...api.groups,
      list: (input) => api.groups.list({ ...input, opId }),
      get: (input) => api.groups.get({ ...input, opId }),
    },
    circles: {
      ...api.circles,
      list: (input) => api.circles.list({ ...input, opId }),
      get: (input) => api.circles.get({ ...input, opId }),
    },
    businessUnits: { ...api.businessUnits, list: (input) => api.businessUnits.list({ ...input, opId }) },
  }
}

/**
 * Walks every page of a name-filtered list and returns the items `matches` accepts. The API does
 * not say whether filter[name] is exact or partial, so the filter only narrows the listing and
 * the exact comparison happens here. Any failed page fails the whole lookup: "not found" must
 * mean "looked everywhere", or a resend could create a duplicate.
 */
export async function findAll<T>(
  fetchPage: (page: number, perPage: number) => Promise<IpcResult<Page<T>>>,
  matches: (item: T) => boolean,
): Promise<IpcResult<T[]>> {
  const found: T[] = []
  for (let page = 1; page <= 1000; page += 1) {
    const result = await fetchPage(page, MAX_PER_PAGE)
    if (!result.ok) return result
    found.push(...result.value.items.filter(matches))
    const more = result.value.lastPage !== null ? page < result.value.lastPage : result.value.nextUrl !== null
    if (!more || result.value.items.length === 0) return { ok: true, value: found }
  }
  return { ok: true, value: found }
}
