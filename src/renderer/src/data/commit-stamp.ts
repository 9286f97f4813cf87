import type { PlannrDb } from './db'
import { nextLocalRevision } from './local-revision'

/**
 * Marks the cache row of a record whose Plannr answer was just written (a create or an edit) with
 * a new local revision, inside the commit's transaction: a pull sync that read its list before
 * this commit will not overwrite or delete the row (local-revision.ts). Call inside a read-write
 * transaction over groups, circles, businessUnits and meta. Uuids are unique
 * across kinds, so only the record's own table has a row to update.
 */
export async function stampCommitted(db: PlannrDb, uuid: string): Promise<void> {
  const committedRev = await nextLocalRevision(db)
  await db.groups.update(uuid, { committedRev })
  await db.circles.update(uuid, { committedRev })
  await db.businessUnits.update(uuid, { committedRev })
}
