import { countGroupMembers } from './counts'
import type { PlannrDb } from './db'

/**
 * Whether Plannr's member count for a group can be what the cache holds. The cache shows the
 * group's queued membership changes (`pendingMembers`) before Plannr has them: an add the user
 * made is a member here, a removal is gone. A change Plannr refused stays queued until the user
 * fixes or discards it, so the counts differ by it for as long; and a queued change may already be
 * on Plannr (sent, its answer lost). So Plannr's count agrees when it lies between the cached
 * count less the queued adds shown here and the cached count plus the queued removals hidden
 * here. A change on Plannr that a queued change happens to offset goes unseen until the group's
 * next scheduled full pass, as any change that moves neither count nor `updated_at` does.
 */
export async function memberCountAgrees(db: PlannrDb, groupUuid: string, serverCount: number): Promise<boolean> {
  const cachedCount = await countGroupMembers(db, groupUuid)
  if (cachedCount === serverCount) return true
  const pending = (await db.groups.get(groupUuid))?.pendingMembers
  if (!pending) return false
  const [added, removed] = await Promise.all([
    db.memberships.bulkGet(pending.added.map((uuid): [string, string] => [groupUuid, uuid])),
    db.memberships.bulkGet(pending.removed.map((uuid): [string, string] => [groupUuid, uuid])),
  ])
  const addsShown = added.filter((row) => row !== undefined).length
  const removalsHidden = removed.filter((row) => row === undefined).length
  return serverCount >= cachedCount - addsShown && serverCount <= cachedCount + removalsHidden
}
