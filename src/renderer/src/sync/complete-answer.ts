import type { Page } from '../../../shared/plannr/models'

/**
 * Whether a lookup by uuid came back whole, on one page. Only such an answer shows who is gone
 * (asked for, not in it): one split over pages (a server capping per_page below what was asked)
 * removes nobody, since the members missing from it may be on the pages not read.
 */
export function isWholeAnswer(page: Page<unknown>): boolean {
  return page.nextUrl === null && (page.lastPage === null || page.lastPage <= page.page)
}
