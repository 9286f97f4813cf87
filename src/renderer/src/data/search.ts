import type { PlannrDb } from './db'
import type { CachedParticipant } from './records'
import { searchTokens } from './search-words'

/** Tokens this long are selective enough to read by index keys; shorter ones filter rows. */
const KEYED_TOKEN_LENGTH = 2

/**
 * How many index keys a token's first read takes. A token with at most this many matches is
 * "complete" and can drive the search; a more common one ("smith" over 100,000 people) is
 * checked on the few candidate rows instead of being read in full.
 */
const KEY_PROBE = 1000

/** When every token is common, another token is read by key if at most this many times the rarest. */
const COMMON_READ_FACTOR = 2

/**
 * Search as you type over every cached participant, through the multiEntry `words` index.
 *
 * One token: a prefix range on the index, read until `limit` distinct hits (a one-letter prefix
 * over 100,000 rows reads one page of them).
 *
 * Several tokens ("jane smi"): each token of two or more letters gets one bounded key-only read
 * (at most KEY_PROBE keys, no rows). The rarest token whose range was read completely drives:
 * its uuids are intersected with the other complete ranges, and only the survivors are fetched
 * and checked against the remaining tokens (common or one-letter ones) on their own words. So
 * "jane smith" costs a short read of "jane" and a capped read of "smith", never a walk over
 * every "smith". When every token is common, see commonTokens.
 * Results come in the index order of the driving token's matching word.
 */
export async function searchParticipants(
  db: PlannrDb,
  text: string,
  limit = 20,
  /** Tests only: a smaller probe makes small data take the "common token" paths. */
  options: { keyProbe?: number } = {},
): Promise<CachedParticipant[]> {
  const keyProbe = options.keyProbe ?? KEY_PROBE
  const tokens = searchTokens(text)
  if (tokens.length === 0 || limit < 1) return []
  if (tokens.length === 1) {
    return db.participants.where('words').startsWith(tokens[0] as string).distinct().limit(limit).toArray()
  }

  const keyed = tokens.filter((token) => token.length >= KEYED_TOKEN_LENGTH)
  const range = (token: string) => db.participants.where('words').startsWith(token)
  const probes = await Promise.all(
    keyed.map(async (token) => {
      const keys = await range(token).limit(keyProbe + 1).primaryKeys()
      return { token, keys, complete: keys.length <= keyProbe }
    }),
  )
  let complete = probes.filter((probe) => probe.complete)
  if (complete.length === 0 && probes.length > 0) complete = await commonTokens(probes.map((probe) => probe.token), range)
  if (complete.length === 0) {
    // Only one-letter tokens: walk the first one's range, rows check the rest.
    return scanRange(db, tokens, limit)
  }
  complete.sort((a, b) => a.keys.length - b.keys.length)
  const [driver, ...others] = complete as [(typeof complete)[number], ...typeof complete]
  const sets = others.map((probe) => new Set(probe.keys))
  const checked = new Set([driver.token, ...others.map((probe) => probe.token)])
  const onRows = tokens.filter((token) => !checked.has(token))
  const seen = new Set<string>()
  const candidates: string[] = []
  for (const uuid of driver.keys) {
    if (seen.has(uuid) || !sets.every((set) => set.has(uuid))) continue
    seen.add(uuid)
    candidates.push(uuid)
  }
  const hits: CachedParticipant[] = []
  // Rows are fetched in growing chunks: few when most candidates match, fewer round trips when not.
  for (let start = 0, chunk = Math.max(limit, 50); start < candidates.length && hits.length < limit; start += chunk, chunk = Math.min(chunk * 2, 800)) {
    const rows = await db.participants.bulkGet(candidates.slice(start, start + chunk))
    for (const row of rows) {
      if (!row || !matchesAll(row, onRows)) continue
      hits.push(row)
      if (hits.length === limit) break
    }
  }
  return hits
}

/**
 * Every keyed token is common ("smith family trust"). Count each range (IndexedDB counts without
 * handing keys to JavaScript), read the smallest in full as the driver, read in full the others
 * that are not much bigger (so two common words with a tiny overlap, "wilson harris", intersect
 * by key rather than by fetching thousands of rows), and leave the rest to the row check.
 */
async function commonTokens(
  tokens: string[],
  range: (token: string) => { count(): Promise<number>; primaryKeys(): Promise<string[]> },
): Promise<Array<{ token: string; keys: string[]; complete: boolean }>> {
  const counted = await Promise.all(tokens.map(async (token) => ({ token, count: await range(token).count() })))
  counted.sort((a, b) => a.count - b.count)
  const smallest = counted[0]?.count ?? 0
  const read = counted.filter((entry, index) => index === 0 || entry.count <= smallest * COMMON_READ_FACTOR)
  return Promise.all(read.map(async ({ token }) => ({ token, keys: await range(token).primaryKeys(), complete: true })))
}

function matchesAll(row: CachedParticipant, tokens: string[]): boolean {
  return tokens.every((token) => row.words.some((word) => word.startsWith(token)))
}

/** Several one-letter tokens: walk the first token's range, keeping rows that match them all. */
async function scanRange(db: PlannrDb, tokens: string[], limit: number): Promise<CachedParticipant[]> {
  const [first, ...rest] = tokens as [string, ...string[]]
  return db.participants
    .where('words')
    .startsWith(first)
    .distinct()
    .filter((row) => matchesAll(row, rest))
    .limit(limit)
    .toArray()
}
