import type { PlannrDb } from '../data'
import { operationKind } from './operations/registry'
import { opsOn, refreshCircleMarker, refreshGroupMarker } from './operations/pending-marker'

/**
 * After Plannr's copy of a record was written into the cache (a commit), the edits still queued
 * for it are applied on top again, oldest first, and the pending markers recomputed: the cache
 * shows the server's record plus what is still on its way, never an older local state.
 */
export async function rebaseSubject(db: PlannrDb, uuid: string): Promise<void> {
  for (const op of await opsOn(db, uuid)) {
    const kind = operationKind(op.kind)
    const parsed = kind?.schema.safeParse(op.payload)
    if (!kind || kind.creates || !parsed?.success) continue
    await kind.applyLocally(db, { ...op, payload: parsed.data })
  }
  await refreshGroupMarker(db, uuid)
  await refreshCircleMarker(db, uuid)
}
