import type { PlannrDb } from './db'
import type { CachedCircle } from './records'

/**
 * Writes to circle rows made outside the pull sync (circles created or changed in this app).
 * Call inside a read-write transaction over `circles`, so the caller's own row commits with them.
 */

export async function putCircle(db: PlannrDb, circle: CachedCircle): Promise<void> {
  await db.circles.put(circle)
}

export async function deleteCircle(db: PlannrDb, uuid: string): Promise<void> {
  await db.circles.delete(uuid)
}

/** Replaces the row under `oldUuid` by `circle` (the same circle under Plannr's uuid, or a newer copy). */
export async function replaceCircle(db: PlannrDb, oldUuid: string, circle: CachedCircle): Promise<void> {
  if (oldUuid !== circle.uuid) await db.circles.delete(oldUuid)
  await db.circles.put(circle)
}

/** Changes some fields of a circle row (nothing when the row is gone). */
export async function updateCircleRow(
  db: PlannrDb,
  uuid: string,
  changes: Partial<Omit<CachedCircle, 'uuid'>>,
): Promise<void> {
  await db.circles.update(uuid, changes)
}

/** A group the circle is in got Plannr's uuid: the circle's row shows that uuid. */
export async function renameCircleGroupRef(db: PlannrDb, circleUuid: string, from: string, to: string): Promise<void> {
  const circle = await db.circles.get(circleUuid)
  if (!circle?.groups.some((ref) => ref.uuid === from)) return
  await db.circles.update(circleUuid, {
    groups: circle.groups.map((ref) => (ref.uuid === from ? { ...ref, uuid: to } : ref)),
  })
}
