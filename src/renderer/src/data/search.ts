import type { PlannrDb } from './db'
import type { CachedParticipant } from './records'
import { searchTokens } from './search-words'

/** Tokens this long are selective enough to intersect by index keys; shorter ones filter rows. */
const KEYED_TOKEN_LENGTH = 2

/**
 * Search as you type over every cached participant, through the multiEntry `words` index.
 *
 * One token: a prefix range on the index, read until `limit` distinct hits (a one-letter prefix
 * over 100,000 rows reads one page of them). Several tokens ("jane smi"): each token of two or
 * more letters is a key-only range read (no rows), the uuid sets are intersected, and only the
 * survivors are fetched — so a common surname with a rare first name costs two key ranges, not
 * a walk over every "smith". Results come in the order of the longest token's matching word.
 */
export async function searchParticipants(db: PlannrDb, text: string, limit = 20): Promise<CachedParticipant[]> {
  const tokens = searchTokens(text)
  if (tokens.length === 0 || limit < 1) return []
  const [driver, ...others] = [...tokens].sort((a, b) => b.length - a.length) as [string, ...string[]]
  if (others.length === 0) return db.participants.where('words').startsWith(driver).distinct().limit(limit).toArray()

  const keyed = others.filter((token) => token.length >= KEYED_TOKEN_LENGTH)
  const short = others.filter((token) => token.length < KEYED_TOKEN_LENGTH)
  const keysOf = async (token: string): Promise<string[]> =>
    db.participants.where('words').startsWith(token).primaryKeys()
  const [driverKeys, ...otherKeys] = await Promise.all([keysOf(driver), ...keyed.map(keysOf)])
  const sets = otherKeys.map((keys) => new Set(keys))
  const seen = new Set<string>()
  const candidates: string[] = []
  for (const uuid of driverKeys ?? []) {
    if (seen.has(uuid) || !sets.every((set) => set.has(uuid))) continue
    seen.add(uuid)
    candidates.push(uuid)
  }
  const hits: CachedParticipant[] = []
  const chunk = Math.max(limit, 50)
  for (let start = 0; start < candidates.length && hits.length < limit; start += chunk) {
    const rows = await db.participants.bulkGet(candidates.slice(start, start + chunk))
    for (const row of rows) {
      if (!row || !short.every((token) => row.words.some((word) => word.startsWith(token)))) continue
      hits.push(row)
      if (hits.length === limit) break
    }
  }
  return hits
}
