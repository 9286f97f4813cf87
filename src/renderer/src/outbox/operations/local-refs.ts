import type { Ref } from '../../../../shared/plannr/models'
import type { PlannrDb } from '../../data'

/**
 * Names for the uuids a pending record references, from whatever the cache has, so the pending
 * record reads like a real one. An uuid the cache does not know keeps an empty name; the server's
 * record replaces it on commit anyway.
 */
export async function participantRefs(db: PlannrDb, uuids: readonly string[]): Promise<Ref[]> {
  const rows = await db.participants.bulkGet([...uuids])
  return uuids.map((uuid, index) => ({ uuid, name: rows[index]?.name ?? '' }))
}

export async function groupRefs(db: PlannrDb, uuids: readonly string[]): Promise<Ref[]> {
  const rows = await db.groups.bulkGet([...uuids])
  return uuids.map((uuid, index) => ({ uuid, name: rows[index]?.name ?? '' }))
}

export async function businessUnitRef(db: PlannrDb, uuid: string | null | undefined): Promise<Ref | null> {
  if (!uuid) return null
  const row = await db.businessUnits.get(uuid)
  return { uuid, name: row?.name ?? '' }
}
