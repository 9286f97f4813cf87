import type { GroupRow } from './rows'

/**
 * Follows one group's row in the cache's group list, for what is open on that group (its view,
 * a form), and tells when a sync took the group out of the cache: it was deleted on Plannr.
 * A row gone from the list is told apart from one not read yet (never seen), and from a pending
 * row: a pending create leaves the list only to come back under Plannr's uuid, and sync never
 * removes a row that has a change queued, so a pending row that leaves went by the app's own doing.
 */
export class DeletedGroupWatch {
  private seen: GroupRow | null = null

  /**
   * The group now open (`uuid`, null when nothing is) and its row in the list now (null when
   * absent). Answers the row as last seen when this is the moment the group was deleted, else null.
   */
  next(uuid: string | null, row: GroupRow | null): GroupRow | null {
    const seen = this.seen
    this.seen = row
    return !row && uuid !== null && seen?.uuid === uuid && !seen.pending ? seen : null
  }
}
