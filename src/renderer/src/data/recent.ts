import { z } from 'zod'
import type { PlannrDb } from './db'
import type { CachedParticipant } from './records'

/**
 * The participants whose details were opened last, newest first: quick search shows them when
 * nothing is typed (the client who is calling back is usually one of them). Kept in the
 * account's own database, so each account has its own list and it works offline.
 */
const RECENT_KEY = 'recentParticipants'
const KEEP = 10

const RecentList = z.array(z.string()).catch([])

async function readRecent(db: PlannrDb): Promise<string[]> {
  const row = await db.meta.get(RECENT_KEY)
  if (typeof row?.value !== 'string') return []
  try {
    return RecentList.parse(JSON.parse(row.value))
  } catch {
    return []
  }
}

export async function noteRecentParticipant(db: PlannrDb, uuid: string, now: Date = new Date()): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const list = [uuid, ...(await readRecent(db)).filter((other) => other !== uuid)].slice(0, KEEP)
    await db.meta.put({ key: RECENT_KEY, value: JSON.stringify(list), updatedAt: now.toISOString() })
  })
}

/** The recent participants still in the cache, newest first. */
export async function recentParticipants(db: PlannrDb, limit = KEEP): Promise<CachedParticipant[]> {
  const uuids = (await readRecent(db)).slice(0, limit)
  const rows = await db.participants.bulkGet(uuids)
  return rows.filter((row) => row !== undefined)
}
