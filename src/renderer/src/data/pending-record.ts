import { deleteBusinessUnit } from './business-unit-writes'
import { deleteCircle } from './circle-writes'
import type { PlannrDb } from './db'
import { deleteGroup } from './group-writes'

/**
 * Removes the record created in this app under `uuid` while it still waits for `pendingOpId`
 * (a group with its memberships, a circle or a business unit; uuids are unique across them). A
 * row that is not that operation's pending record is left alone. Call inside a read-write
 * transaction over groups, memberships, circles, businessUnits and meta.
 */
export async function deletePendingRecord(db: PlannrDb, uuid: string, pendingOpId: string): Promise<void> {
  if ((await db.groups.get(uuid))?.pendingOpId === pendingOpId) await deleteGroup(db, uuid)
  if ((await db.circles.get(uuid))?.pendingOpId === pendingOpId) await deleteCircle(db, uuid)
  if ((await db.businessUnits.get(uuid))?.pendingOpId === pendingOpId) await deleteBusinessUnit(db, uuid)
}
