import { AppError } from '../../../shared/ipc/errors'

/** More pages than any real listing has: ten thousand pages of 500 is five million records. */
export const MAX_PAGES = 10_000

/**
 * Ends a listing that would never end. A server that ignores the page number sends page 1 again
 * for every page asked, with a last page far ahead or a next link to itself; a hostile one may
 * claim a billion pages. Paged on regardless, the sync would never finish (and a full pass that
 * did would take everyone the repeated page leaves out for deleted). A page that repeats the one
 * before it, or a page past MAX_PAGES, is a malformed answer: the pass ends there, deleting
 * nothing, and the error says why.
 */
export class PageGuard {
  private previous = ''

  constructor(private readonly what: string) {}

  /** Throws when `page` (its items' uuids, in order) cannot belong to a listing that ends. */
  check(page: number, items: readonly { uuid: string }[]): void {
    if (page > MAX_PAGES) throw this.endless(`it goes on past ${MAX_PAGES.toLocaleString('en-GB')} pages`)
    const key = items.map((item) => item.uuid).join(' ')
    if (key !== '' && key === this.previous)
      throw this.endless(
        `page ${page} is the same page as page ${page - 1}: the server may be ignoring the page number`,
      )
    this.previous = key
  }

  private endless(why: string): AppError {
    return new AppError({
      kind: 'malformed-response',
      message: `Plannr's list of ${this.what} does not end (${why}). The sync stopped there and deleted nothing.`,
    })
  }
}
