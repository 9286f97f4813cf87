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
async function readEveryPage<T extends { uuid: string }>(
  context: SyncContext,
  what: string,
  fetchPage: (page: number) => Promise<IpcResult<Page<T>>>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = []
  const guard = new PageGuard(what)
  for (let page = 1; ; page += 1) {
    const result = await request(context.policy, () => fetchPage(page))
    guard.check(page, result.items)
    items.push(...result.items)
    if (!hasNextPage(result, page)) return { items, pages: page }
  }
}

/**
 * A complete listing, and the uuids it proves the server has (`listed`), for pruning what the
 * cache holds beyond them (`cached`). A list read page by page is read by offsets: an item
 * deleted or renamed away from a page already read moves the next one back onto that page,
 * and a listing of several pages can miss it though the server has it. So when a listing of
 * several pages lacks something the cache holds, the list is read once more, and only what
 * neither listing has counts as gone. A list of one page (the usual case) is read once.
 */
export async function listForPruning<T extends { uuid: string }>(
  context: SyncContext,
  what: string,
  fetchPage: (page: number) => Promise<IpcResult<Page<T>>>,
  cached: () => Promise<readonly string[]>,
): Promise<{ items: T[]; listed: Set<string> }> {
  const { items, pages } = await readEveryPage(context, what, fetchPage)
  const listed = new Set(items.map((item) => item.uuid))
  if (pages > 1 && (await cached()).some((uuid) => !listed.has(uuid))) {
    for (const item of (await readEveryPage(context, what, fetchPage)).items) listed.add(item.uuid)
  }
  return { items, listed }
}

export function hasNextPage(result: Page<unknown>, page: number): boolean {
  if (result.items.length === 0) return false
  if (result.lastPage !== null) return page < result.lastPage
  return result.nextUrl !== null
}
