import type { PlannrDb } from './db'
import type { CachedBusinessUnit } from './records'

/**
 * Writes to business-unit rows made outside the pull sync (units created in this app). Call
 * inside a read-write transaction over `businessUnits`, so the caller's own row commits with them.
 */

export async function putBusinessUnit(db: PlannrDb, unit: CachedBusinessUnit): Promise<void> {
  await db.businessUnits.put(unit)
}

export async function deleteBusinessUnit(db: PlannrDb, uuid: string): Promise<void> {
  await db.businessUnits.delete(uuid)
}

/** Replaces the row under `oldUuid` by `unit` (the same unit under Plannr's uuid). */
export async function replaceBusinessUnit(db: PlannrDb, oldUuid: string, unit: CachedBusinessUnit): Promise<void> {
  if (oldUuid !== unit.uuid) await db.businessUnits.delete(oldUuid)
  await db.businessUnits.put(unit)
}
