import type { CachedCircle, CachedGroup, PlannrDb } from '../data'
import { CircleOpened, GroupOpened } from './operations/edit-payloads'
import { operationKinds } from './operations/registry'
import { isUnreadable } from './record'
import { opsOn } from './store'

/**
 * A cached record and what its edit form opens on (`GroupOpened`, `CircleOpened`), read in one
 * transaction so the form shows exactly the values its edit is measured from.
 */
export interface EditStart<Row, Opened> {
  row: Row
  opened: Opened
}

async function createQueued(db: PlannrDb, uuid: string): Promise<boolean> {
  return (await opsOn(db, uuid)).some((op) => !isUnreadable(op) && operationKinds[op.kind].creates)
}

/** The group as its details form opens on it; null when it is not cached. */
export function groupEditStart(db: PlannrDb, uuid: string): Promise<EditStart<CachedGroup, GroupOpened> | null> {
  return db.transaction('r', [db.groups, db.outbox], async () => {
    const row = await db.groups.get(uuid)
    if (!row) return null
    const dated = (await createQueued(db, uuid)) ? null : row.updatedAt
    return {
      row,
      opened: GroupOpened.parse({ name: row.name, business_unit: row.businessUnit?.uuid ?? null, updated_at: dated }),
    }
  })
}

/** The circle as its edit form opens on it; null when it is not cached. */
export function circleEditStart(db: PlannrDb, uuid: string): Promise<EditStart<CachedCircle, CircleOpened> | null> {
  return db.transaction('r', [db.circles, db.outbox], async () => {
    const row = await db.circles.get(uuid)
    if (!row) return null
    const dated = (await createQueued(db, uuid)) ? null : row.updatedAt
    return {
      row,
      opened: CircleOpened.parse({
        name: row.name,
        bg_colour: row.bgColour,
        account_uuids: row.accounts.map((ref) => ref.uuid),
        group_uuids: row.groups.map((ref) => ref.uuid),
        updated_at: dated,
      }),
    }
  })
}
