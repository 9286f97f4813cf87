import type { PlannrDb } from './db'
import type { CachedParticipant } from './records'
import { searchTokens } from './search-words'

/**
 * Search as you type over every cached participant. The most selective-looking token (the
 * longest) is a prefix range on the multiEntry `words` index; the other tokens must each
 * prefix some word of the same participant. Results come in the order of the matching word,
 * and reading stops after `limit` hits, so a one-letter prefix over 100,000 rows still reads
 * only a page of them.
 */
export async function searchParticipants(db: PlannrDb, text: string, limit = 20): Promise<CachedParticipant[]> {
  const tokens = searchTokens(text)
  if (tokens.length === 0 || limit < 1) return []
  const [driver, ...others] = [...tokens].sort((a, b) => b.length - a.length) as [string, ...string[]]
  let collection = db.participants.where('words').startsWith(driver).distinct()
  if (others.length > 0) {
    collection = collection.filter((participant) =>
      others.every((token) => participant.words.some((word) => word.startsWith(token))),
    )
  }
  return collection.limit(limit).toArray()
}
