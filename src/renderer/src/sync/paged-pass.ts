import type { ParticipantPage } from '../../../shared/ipc/contract'
import { monotonicNow } from '../../../shared/monotonic-clock'
import { UnsavedSeen } from '../data'
import type { SyncContext } from './context'
import { hasNextPage } from './list-all'
import { PageGuard } from './page-guard'
import { throwIfAborted } from './wait'

/** A page of participants as read, whatever the route (a group's participants, or accounts with their groups). */
export interface PassPage {
  answer: ParticipantPage
}

/**
 * Pages requested ahead of the one being written when the context does not say. An unchanged
 * page costs the renderer little, so the pass waits on the round trip (main's parse, the
 * server's rendering): three requests in flight keep main and the server busy at once while the
 * renderer compares, and more only queue behind main's parse on a small machine.
 */
export const DEFAULT_PAGES_AHEAD = 3

/**
 * A page whose write changed nothing does not save the pass's progress (no resume note, no state
 * row): a kill then resumes at the last saved page and reads the pages after it again (never
 * skips one). At least this often, though, progress is saved anyway, so a pass killed late does
 * not start over from its beginning.
 */
export const PROGRESS_EVERY_MS = 60_000

/**
 * One paged pass, as the per-group full pass (group-full.ts) and the account plan's full pass
 * (account-plan.ts) both read: what differs between them is what a page is, how it is written,
 * and what progress and seen entries it notes. When they are saved is the loop's (runPagedPass).
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
  /** Where the pass's seen entries are noted (pass-seen.ts), and the number a page's save is noted under. */
  seen: { scope: string; key(page: number): number }
  /** What the pass saw on a page, as pass-seen.ts entries. */
  seenOn(read: P): string[]
  /**
   * Moves the pass's progress (in memory) past `page`; returns how to store that progress, which
   * the loop calls inside the page's transaction when it saves.
   */
  advance(read: P, page: number, last: boolean): () => Promise<unknown>
  /** Writes the page in one transaction, calling `alsoWrite` inside it with whether the page changed anything. */
  write(read: P, page: number, alsoWrite: (changed: boolean) => Promise<void>): Promise<void>
  /** Once the page committed: what it saw, for the pass's reconciliation. */
  onSeen(entries: readonly string[]): void
}

/**
 * The page loop shared by every full pass. Up to `context.pagesAhead` pages are requested ahead
 * of the one being written (each request through the rate limiter, which queues them), but
 * pages are WRITTEN strictly in order, one at a time: whatever order the answers come in, page k
 * is written only after every page before it, so a saved "next page" never skips one. At most
 * the window's pages are held. A failed read surfaces once every page before it is written (the
 * pages after it are abandoned, never written); a stop ends the loop with SyncAborted; abandoned
 * requests never surface as unhandled rejections. The sync's progress counts what each page read.
 *
 * Progress is saved in the page's own transaction when the page changed something (it commits
 * anyway), or when PROGRESS_EVERY_MS passed since the last save; with it go the seen entries of
 * every page since that save (UnsavedSeen), so the stored seen set always covers every page before
 * the stored next page. An unchanged page saves nothing: a kill re-reads it, which is harmless.
 */
export async function runPagedPass<P extends PassPage>(context: SyncContext, pass: PagedPass<P>): Promise<void> {
  const ahead = Math.max(1, context.pagesAhead ?? DEFAULT_PAGES_AHEAD)
  const inFlight: Promise<P>[] = []
  let nextRequest = pass.firstPage
  // The highest page known to exist (from an answer's last page or next link); `final` once an
  // answer said how many pages there are. Answers can move it (rows added or deleted meanwhile).
  let end = pass.firstPage
  let final = false
  let toldLast = false
  const request = (page: number): Promise<P> => {
    const pending = page === pass.firstPage && pass.prefetched ? pass.prefetched : pass.fetch(page)
    // A request abandoned (stop, an earlier page's failure) must not surface as an unhandled rejection.
    pending.catch(() => {})
    return pending
  }
  const fill = (): void => {
    while (inFlight.length < ahead && nextRequest <= end) {
      inFlight.push(request(nextRequest))
      nextRequest += 1
    }
    if (final && nextRequest > end && !toldLast) {
      toldLast = true
      pass.onLastPageRequested?.()
    }
  }

  fill()
  const unsaved = new UnsavedSeen()
  const guard = new PageGuard('participants')
  // An interval, so on the monotonic clock: a wall clock set back must not put saves off.
  let lastSavedAt = monotonicNow()
  for (let page = pass.firstPage; ; page += 1) {
    const pending = inFlight.shift()
    if (!pending) return
    const read = await pending
    throwIfAborted(context.policy.signal)
    guard.check(page, read.answer.page.items)
    if (page === pass.firstPage) pass.onFirstPage?.(read, page)
    const more = hasNextPage(read.answer.page, page)
    if (!more) {
      // This page is the last: pages requested past it (the server lost rows meanwhile) are dropped.
      end = page
      final = true
      inFlight.length = 0
    } else {
      const lastPage = read.answer.page.lastPage
      final = lastPage !== null
      end = Math.max(page + 1, lastPage ?? page + 1)
    }
    fill()
    const saveDue = monotonicNow() - lastSavedAt >= PROGRESS_EVERY_MS
    const storeProgress = pass.advance(read, page, !more)
    const entries = pass.seenOn(read)
    unsaved.add(entries)
    let saved = false
    await pass.write(read, page, async (changed) => {
      if (!changed && !saveDue) return
      await storeProgress()
      await unsaved.save(context.db, pass.seen.scope, pass.seen.key(page))
      saved = true
    })
    if (saved) {
      unsaved.clear()
      lastSavedAt = monotonicNow()
    }
    pass.onSeen(entries)
    context.progress.records(read.answer.page.items.length)
    if (!more) return
  }
}
