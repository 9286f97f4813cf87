import type { Page } from '../../../shared/plannr/models'
import type { IpcResult } from '../../../shared/ipc/errors'
import type { SyncContext } from './context'
import { PageGuard } from './page-guard'
import { request } from './request'

/**
 * Every page of a small list (groups, circles, business units), in one go. Returns null
 * rather than a partial list is impossible here: any failure throws, so callers only ever
 * see a COMPLETE listing, which is what makes deleting "what the server no longer has" safe.
 */
export async function listAll<T extends { uuid: string }>(
  context: SyncContext,
  what: string,
  fetchPage: (page: number) => Promise<IpcResult<Page<T>>>,
): Promise<T[]> {
  const items: T[] = []
  const guard = new PageGuard(what)
  for (let page = 1; ; page += 1) {
    const result = await request(context.policy, () => fetchPage(page))
    guard.check(page, result.items)
    items.push(...result.items)
    if (!hasNextPage(result, page)) return items
  }
}

export function hasNextPage(result: Page<unknown>, page: number): boolean {
  if (result.items.length === 0) return false
  if (result.lastPage !== null) return page < result.lastPage
  return result.nextUrl !== null
}
