import type { ParticipantPage } from '../../../shared/ipc/contract'
import type { SyncContext } from './context'
import { hasNextPage } from './list-all'
import { throwIfAborted } from './wait'

/** A page of participants as read, whatever the route (a group's participants, or accounts with their groups). */
export interface PassPage {
  answer: ParticipantPage
}

/**
 * One paged pass, as the per-group full pass (group-full.ts) and the account plan's full pass
 * (account-plan.ts) both read: what differs between them is what a page is and how it is written.
 */
export interface PagedPass<P extends PassPage> {
  /** The page this run starts at: 1, or where an interrupted pass stopped (resume). */
  firstPage: number
  /** Requests one page. */
  fetch(page: number): Promise<P>
  /** The first page, when it was already requested (the next group's first page, during the last group's writes). */
  prefetched?: Promise<P> | null
  /** The first page this run read (not necessarily page 1): e.g. where the total comes from. */
  onFirstPage?(read: P, page: number): void
  /** Called once the pass has requested its last page: the caller may start the next pass's first. */
  onLastPageRequested?(): void
  /** Writes the page together with the pass's progress (one transaction: a kill resumes at the next page). */
  write(read: P, page: number, more: boolean): Promise<void>
}

/**
 * The page loop shared by every full pass: the next page is requested while the current one is
 * written (at most two requests in flight, each through the rate limiter), each page is written
 * with the pass's progress, and the sync's progress counts what each page read. A stop between
 * pages ends the loop with SyncAborted; an abandoned prefetch never surfaces as an unhandled
 * rejection.
 */
export async function runPagedPass<P extends PassPage>(context: SyncContext, pass: PagedPass<P>): Promise<void> {
  const request = (page: number): Promise<P> => {
    const pending = pass.fetch(page)
    pending.catch(() => {})
    return pending
  }
  let page = pass.firstPage
  let pending: Promise<P> | null = pass.prefetched ?? request(page)
  let first = true
  while (pending) {
    const read = await pending
    throwIfAborted(context.policy.signal)
    if (first) pass.onFirstPage?.(read, page)
    first = false
    const more = hasNextPage(read.answer.page, page)
    pending = more ? request(page + 1) : null
    if (!more) pass.onLastPageRequested?.()
    await pass.write(read, page, more)
    context.progress.records(read.answer.page.items.length)
    page += 1
  }
}
