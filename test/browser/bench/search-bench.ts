/**
 * Quick search at bench scale, for cache-bench.page.ts: the in-memory index (search-live.ts)
 * built from IndexedDB, saved, loaded back from its blob, its heap, and search p50/p95/p99 per
 * shape of query (and all shapes pooled) over 5 rounds, with the spread of p95 across rounds,
 * through `LiveSearchIndex.search`, the function quick search calls.
 */
import type { PlannrDb } from '../../../src/renderer/src/data/db'
import type { CachedParticipant } from '../../../src/renderer/src/data/records'
import { LiveSearchIndex } from '../../../src/renderer/src/data/search-live'
import { percentile } from './stats'

const ROUNDS = 5

/** What a user types, by shape; '' when the participant has nothing of that shape. */
const SHAPES: Record<string, (participant: CachedParticipant) => string> = {
  prefix1: (participant) => participant.lastName.slice(0, 1),
  prefix2: (participant) => participant.lastName.slice(0, 2),
  prefix3: (participant) => participant.lastName.slice(0, 3),
  fullname: (participant) => participant.name,
  partial_last_word: (participant) => {
    const words = participant.name.split(' ')
    const last = words.pop() ?? ''
    return words.length === 0 ? '' : `${words.join(' ')} ${last.slice(0, Math.max(1, Math.ceil(last.length / 2)))}`
  },
  reversed: (participant) =>
    participant.firstName && participant.lastName ? `${participant.lastName} ${participant.firstName}` : '',
  email: (participant) =>
    participant.email ? participant.email.slice(0, Math.max(4, participant.email.indexOf('@') + 3)) : '',
  phone: (participant) => {
    const value = participant.primaryPhone?.value ?? ''
    // As a caller's number is often written down: national form, spaced.
    return value.startsWith('+44') ? `0${value.slice(3, 7)} ${value.slice(7)}` : ''
  },
}

/**
 * The JS heap in use after full collections (the bench's Chromium exposes gc and precise figures).
 * One collection is not enough: objects the page's DOM and IndexedDB wrappers kept alive are freed
 * only by a later one, once the task that held them has ended, and a single `gc()` before a build
 * left so much behind that the heap was smaller after building a 100,000-participant index.
 */
export async function heapAfterGc(): Promise<number> {
  const gc: unknown = Reflect.get(globalThis, 'gc')
  for (let round = 0; round < 4 && typeof gc === 'function'; round += 1) {
    gc()
    await new Promise((done) => setTimeout(done, 0))
  }
  const memory: unknown = Reflect.get(performance, 'memory')
  const used: unknown = typeof memory === 'object' && memory !== null ? Reflect.get(memory, 'usedJSHeapSize') : null
  return typeof used === 'number' ? used : Number.NaN
}

function sample(all: CachedParticipant[], count: number, make: (participant: CachedParticipant) => string): string[] {
  const texts: string[] = []
  for (let index = 0; texts.length < count && index < all.length * 4; index += 1) {
    const participant = all[(index * 7919) % all.length]
    const text = participant ? make(participant) : ''
    if (text.trim() !== '') texts.push(text)
  }
  return texts
}

/** p50/p95/p99 over every round's samples, and the median, lowest and highest of the round p95s. */
function spreadFigures(prefix: string, rounds: number[][]): Record<string, number> {
  const everything = rounds.flat()
  const perRound = rounds.map((samples) => percentile(samples, 95))
  return {
    [`${prefix}_p50_ms`]: percentile(everything, 50),
    [`${prefix}_p95_ms`]: percentile(everything, 95),
    [`${prefix}_p99_ms`]: percentile(everything, 99),
    [`${prefix}_p95_round_median_ms`]: percentile(perRound, 50),
    [`${prefix}_p95_round_min_ms`]: Math.min(...perRound),
    [`${prefix}_p95_round_max_ms`]: Math.max(...perRound),
  }
}

export async function benchSearchIndex(
  db: PlannrDb,
  all: CachedParticipant[],
  queries: number,
): Promise<Record<string, number>> {
  const figures: Record<string, number> = {}
  const heapBefore = await heapAfterGc()
  let start = performance.now()
  let live = await LiveSearchIndex.open(db, { saveDelayMs: 60_000 })
  await live.ready()
  figures.search_index_rebuild_from_idb_ms = Math.round(performance.now() - start)
  figures.search_index_heap_bytes = Math.round((await heapAfterGc()) - heapBefore)
  await live.close()
  const saved = await db.meta.get('searchIndex:blob')
  figures.search_index_blob_bytes = saved?.value instanceof Blob ? saved.value.size : 0

  const loads: number[] = []
  for (let round = 0; round < ROUNDS; round += 1) {
    start = performance.now()
    live = await LiveSearchIndex.open(db, { saveDelayMs: 60_000 })
    loads.push(performance.now() - start)
    if (live.source !== 'blob') throw new Error('the saved index was not loaded')
    if (round < ROUNDS - 1) await live.close()
  }
  figures.search_index_load_from_blob_median_ms = percentile(loads, 50)
  figures.search_index_load_from_blob_max_ms = percentile(loads, 100)

  // Every shape over ROUNDS rounds: p50/p95/p99 over all samples, and how p95 moves between
  // rounds (median, lowest and highest of the round p95s). `mixed` pools every shape.
  const mixed: number[][] = Array.from({ length: ROUNDS }, () => [])
  for (const [shape, make] of Object.entries(SHAPES)) {
    const texts = sample(all, queries, make)
    for (const text of texts.slice(0, 10)) await live.search(text, 20) // warm up
    const rounds: number[][] = []
    for (let round = 0; round < ROUNDS; round += 1) {
      const samples: number[] = []
      for (const text of texts) {
        const begin = performance.now()
        await live.search(text, 20)
        samples.push(performance.now() - begin)
      }
      rounds.push(samples)
      mixed[round]?.push(...samples)
    }
    Object.assign(figures, spreadFigures(`search_${shape}`, rounds))
  }
  Object.assign(figures, spreadFigures('search_mixed', mixed))
  await live.close()
  return figures
}
