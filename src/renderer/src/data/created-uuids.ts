import type { PlannrDb } from './db'

/**
 * The uuid Plannr gave each record created offline, by the temporary uuid it was shown under,
 * kept as `meta` rows. The outbox rewrites a temporary uuid in the cache and the queue when the
 * create commits, but an edit form opened before that still holds it (in what it opened on and
 * in its fields, in this window or another): the outbox reads these rows to follow that form to
 * the real uuid when it is saved.
 */
const PREFIX = 'created-uuid:'

const keyOf = (temporary: string): string => `${PREFIX}${temporary.toLowerCase()}`

/** Call inside the read-write transaction (over `meta`) that commits the create. */
export async function noteCreatedUuid(db: PlannrDb, temporary: string, uuid: string, now: Date): Promise<void> {
  await db.meta.put({ key: keyOf(temporary), value: uuid, updatedAt: now.toISOString() })
}

/**
 * Plannr's uuid for each of `candidates` that was a temporary uuid, keyed by the temporary uuid
 * in lower case; candidates that were not are left out.
 */
export async function createdUuids(db: PlannrDb, candidates: readonly string[]): Promise<Map<string, string>> {
  const temporary = [...new Set(candidates.map((candidate) => candidate.toLowerCase()))]
  const rows = await db.meta.bulkGet(temporary.map(keyOf))
  const found = new Map<string, string>()
  rows.forEach((row, index) => {
    const from = temporary[index]
    if (from !== undefined && typeof row?.value === 'string') found.set(from, row.value)
  })
  return found
}

/**
 * Drops the rows noted before `cutoff`: a form opened before such a create landed has long
 * been saved or closed. Call inside a read-write transaction over `meta`.
 */
export async function forgetCreatedUuidsBefore(db: PlannrDb, cutoff: Date): Promise<void> {
  const before = cutoff.toISOString()
  await db.meta
    .where('key')
    .startsWith(PREFIX)
    .filter((row) => row.updatedAt < before)
    .delete()
}
