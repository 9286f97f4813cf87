import type { Dexie } from 'dexie'
import { groupRange } from './counts'
import type { PlannrDb } from './db'
import { observeWrites } from './observe-writes'

/**
 * Which memberships the cache holds, as one full pass learns them: per group, the uuids of its
 * cached members, read once with one key range per group (its `[groupUuid+participantUuid]`
 * keys, no values) instead of one point read per membership on every page. On a pass that finds
 * nothing changed, the point reads were most of what the renderer and Chromium's storage
 * process did (bench/README.md).
 *
 * What is held can only go stale by a membership that disappears: a membership added by someone
 * else after a group was read is at worst written again by the pass (the same keys, from the
 * server's page). A deletion would make the pass believe a membership present that is not, and
 * skip adding it back: so every membership delete issued through this window's PlannrDb
 * instances is counted (a Dexie middleware, installed by PlannrDb, counting when the request is
 * issued, before it commits), and what is held is dropped and read again as soon as the count
 * moved. The count a page compares with is the one read just before its transaction was created:
 * IndexedDB runs transactions over the same table in creation order, so every delete issued
 * before then is visible to the page's reads, and any issued after moves the count. The app runs
 * one window (a single-instance lock), so no other window writes the cache.
 *
 * The pass's own additions are noted only once the page's transaction committed: an aborted
 * page leaves what is held as it was.
 */
export class PassMemberships {
  private readonly members = new Map<string, Set<string>>()
  /** The delete count what is held is true for; null while nothing is held. */
  private deletes: number | null = null

  /**
   * Call inside the page's transaction (over memberships), with the count `membershipDeletesIssued`
   * gave just before that transaction was created. Resolves, for each [groupUuid,
   * participantUuid] key, whether the cache holds that membership.
   */
  async holds(db: PlannrDb, deletesBefore: number, keys: ReadonlyArray<readonly [string, string]>): Promise<boolean[]> {
    if (this.deletes !== membershipDeletesIssued(db)) {
      this.members.clear()
      this.deletes = deletesBefore
    }
    for (const [groupUuid] of keys) {
      if (this.members.has(groupUuid)) continue
      const { lower, upper } = groupRange(groupUuid, 1)
      const held = await db.memberships
        .where('[groupUuid+participantUuid]')
        .between(lower, upper, true, true)
        .primaryKeys()
      this.members.set(groupUuid, new Set(held.map(([, participantUuid]) => participantUuid)))
    }
    return keys.map(([groupUuid, participantUuid]) => this.members.get(groupUuid)?.has(participantUuid) ?? false)
  }

  /** Once the page that wrote them committed: memberships the pass added. */
  added(keys: ReadonlyArray<readonly [string, string]>): void {
    for (const [groupUuid, participantUuid] of keys) this.members.get(groupUuid)?.add(participantUuid)
  }
}

/** Membership deletes issued so far, per database name (see PassMemberships). */
const deletesIssued = new Map<string, number>()

/** How many membership deletes were issued through this window's PlannrDb instances on `db`'s database. */
export function membershipDeletesIssued(db: Dexie): number {
  return deletesIssued.get(db.name) ?? 0
}

/** Counts `db`'s membership deletes as they are issued. Call once per Dexie instance, before it opens. */
export function countMembershipDeletes(db: Dexie): void {
  observeWrites(db, 'membership-deletes', 'memberships', (request) => {
    if (request.type === 'delete' || request.type === 'deleteRange')
      deletesIssued.set(db.name, membershipDeletesIssued(db) + 1)
  })
}
