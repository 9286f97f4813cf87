import { Dexie, type Table } from 'dexie'
import type { CachedParticipant } from '../../../src/renderer/src/data/records'
import { searchTokens } from '../../../src/renderer/src/data/search-words'

/**
 * The search the app ran over an IndexedDB multiEntry `words` index before quick search moved to
 * memory (the cache no longer has that index). Tests keep it as the reference the in-memory
 * index must agree with, participant for participant and in the same order: it walks IndexedDB's
 * own (word, uuid) key order, an implementation independent of the in-memory one.
 *
 * `referenceSearch` copies the rows into a scratch database that has the index.
 */
class ReferenceDb extends Dexie {
  participants!: Table<CachedParticipant, string>
  constructor(name: string) {
    super(name)
    this.version(1).stores({ participants: 'uuid, *words' })
  }
}

export interface ReferenceSearch {
  search(
    text: string,
    limit?: number,
    options?: { keyProbes?: number[]; skipPhrase?: boolean },
  ): Promise<CachedParticipant[]>
  close(): Promise<void>
}

export async function referenceSearch(rows: readonly CachedParticipant[]): Promise<ReferenceSearch> {
  const name = `reference-search-${crypto.randomUUID()}`
  const db = new ReferenceDb(name)
  await db.participants.bulkPut([...rows])
  return {
    search: (text, limit, options) => searchParticipants(db, text, limit, options),
    close: async () => {
      db.close()
      await Dexie.delete(name)
    },
  }
}

/** Tokens this long are selective enough to read by index keys; shorter ones filter rows. */
const KEYED_TOKEN_LENGTH = 2

/**
 * How many index keys each probe round takes per token. A token with at most that many matches
 * is "complete" and can drive the search; a more common one ("family" over 100,000 people) is
 * checked on the few candidate rows instead of being read in full.
 */
const KEY_PROBES = [500, 4_000]

/**
 * Search as you type over every cached participant, through the multiEntry `words` index.
 *
 * One token: a prefix range on the index, read until `limit` distinct hits (a one-letter prefix
 * over 100,000 rows reads one page of them).
 *
 * Several tokens ("jane smi"):
 * 1. A name typed in order is one prefix range on the name phrase (search-words.ts): when it
 *    alone yields `limit` participants, those are the answer (each matches every token).
 * 2. Otherwise each token of two or more letters gets a bounded key-only read (KEY_PROBES: 500 keys, a
 *    second larger round if no token was complete). The rarest complete token drives: its uuids
 *    are intersected with the other complete ranges, and only the survivors are fetched and
 *    checked against the remaining tokens (common or one-letter) on their own words. If every
 *    token is common even then, their ranges are read in full and intersected.
 * Results come in the index order of the name phrase, or of the driving token's matching word.
 */
async function searchParticipants(
  db: ReferenceDb,
  text: string,
  limit = 20,
  /** Tests only: smaller probes make small data take the "common token" paths. */
  options: { keyProbes?: number[]; skipPhrase?: boolean } = {},
): Promise<CachedParticipant[]> {
  const tokens = searchTokens(text)
  if (tokens.length === 0 || limit < 1) return []
  const range = (prefix: string) => db.participants.where('words').startsWith(prefix)
  if (tokens.length === 1)
    return range(tokens[0] as string)
      .distinct()
      .limit(limit)
      .toArray()

  if (!options.skipPhrase && !tokens.some((token) => token.includes('@'))) {
    const inOrder = await range(tokens.join(' ')).distinct().limit(limit).toArray()
    if (inOrder.length === limit) return inOrder
  }

  const keyed = tokens.filter((token) => token.length >= KEYED_TOKEN_LENGTH)
  let complete: Array<{ token: string; keys: string[] }> = []
  for (const probe of options.keyProbes ?? KEY_PROBES) {
    if (keyed.length === 0) break
    const probes = await Promise.all(
      keyed.map(async (token) => ({
        token,
        keys: await range(token)
          .limit(probe + 1)
          .primaryKeys(),
      })),
    )
    complete = probes.filter((entry) => entry.keys.length <= probe)
    if (complete.length > 0) break
  }
  if (complete.length === 0 && keyed.length > 0) {
    // Every keyed token is common: read their ranges in full and intersect.
    complete = await Promise.all(keyed.map(async (token) => ({ token, keys: await range(token).primaryKeys() })))
  }
  if (complete.length === 0) {
    // Only one-letter tokens: walk the first one's range, rows check the rest.
    return scanRange(db, tokens, limit)
  }
  complete.sort((a, b) => a.keys.length - b.keys.length)
  const [driver, ...others] = complete as [(typeof complete)[number], ...typeof complete]
  const sets = others.map((entry) => new Set(entry.keys))
  const checked = new Set([driver.token, ...others.map((entry) => entry.token)])
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
  for (
    let start = 0, chunk = Math.max(limit, 50);
    start < candidates.length && hits.length < limit;
    start += chunk, chunk = Math.min(chunk * 2, 800)
  ) {
    const rows = await db.participants.bulkGet(candidates.slice(start, start + chunk))
    for (const row of rows) {
      if (!row || !matchesAll(row, onRows)) continue
      hits.push(row)
      if (hits.length === limit) break
    }
  }
  return hits
}

function matchesAll(row: CachedParticipant, tokens: string[]): boolean {
  return tokens.every((token) => row.words.some((word) => word.startsWith(token)))
}

/** Several one-letter tokens: walk the first token's range, keeping rows that match them all. */
async function scanRange(db: ReferenceDb, tokens: string[], limit: number): Promise<CachedParticipant[]> {
  const [first, ...rest] = tokens as [string, ...string[]]
  return db.participants
    .where('words')
    .startsWith(first)
    .distinct()
    .filter((row) => matchesAll(row, rest))
    .limit(limit)
    .toArray()
}
