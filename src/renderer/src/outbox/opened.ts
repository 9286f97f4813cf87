import type { Table } from 'dexie'
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

/**
 * A cached row and what its form opens on, in one read transaction. A record whose create is
 * still queued has no server copy to date the edit by (`updated_at` null).
 */
function editStart<Row extends { updatedAt: string | null }, Opened>(
  db: PlannrDb,
  table: Table<Row, string>,
  uuid: string,
  opened: (row: Row, updatedAt: string | null) => Opened,
): Promise<EditStart<Row, Opened> | null> {
  return db.transaction('r', [table, db.outbox], async () => {
    const row = await table.get(uuid)
    if (!row) return null
    return { row, opened: opened(row, (await createQueued(db, uuid)) ? null : row.updatedAt) }
  })
}

/** The group as its details form opens on it; null when it is not cached. */
export function groupEditStart(db: PlannrDb, uuid: string): Promise<EditStart<CachedGroup, GroupOpened> | null> {
  return editStart(db, db.groups, uuid, (row, updatedAt) =>
    GroupOpened.parse({ name: row.name, business_unit: row.businessUnit?.uuid ?? null, updated_at: updatedAt }),
  )
}

/** The circle as its edit form opens on it; null when it is not cached. */
export function circleEditStart(db: PlannrDb, uuid: string): Promise<EditStart<CachedCircle, CircleOpened> | null> {
  return editStart(db, db.circles, uuid, (row, updatedAt) =>
    CircleOpened.parse({
      name: row.name,
      bg_colour: row.bgColour,
      account_uuids: row.accounts.map((ref) => ref.uuid),
      group_uuids: row.groups.map((ref) => ref.uuid),
      updated_at: updatedAt,
    }),
  )
}
