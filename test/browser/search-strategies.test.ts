import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { LiveSearchIndex } from '../../src/renderer/src/data/search-live'
import { searchTokens } from '../../src/renderer/src/data/search-words'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import { referenceSearch, type ReferenceSearch } from './helpers/indexeddb-search'
import type { CachedParticipant } from '../../src/renderer/src/data/records'

/**
 * Quick search's in-memory index must return exactly the matching participants, and in the same
 * order as the reference search over IndexedDB's own multiEntry `words` order
 * (helpers/indexeddb-search.ts). The reference picks its strategy by how common each word is (a
 * bounded key probe); with tiny probes small data takes every one of its paths (rare word drives,
 * common words checked on rows, all words common, one-letter words only), so the reference
 * itself is checked against a plain filter of every row first.
 */
let plannr: TestPlannr
let db: PlannrDb
let all: CachedParticipant[]
let live: LiveSearchIndex
let reference: ReferenceSearch

beforeAll(async () => {
  plannr = await startPlannr({ seed: 5, accounts: 1500, groups: 8, rateLimitPerMinute: 100_000, unthrottled: true })
  db = new PlannrDb(freshDbName('search-strategies'))
  const outcome = await createSyncEngine({ db, api: plannr.api }).syncNow({ full: true })
  expect(outcome.ok, JSON.stringify(outcome)).toBe(true)
  all = await db.participants.toArray()
  live = await LiveSearchIndex.open(db)
  await live.ready()
  reference = await referenceSearch(all)
})

afterAll(async () => {
  await reference?.close()
  await live?.close()
  db?.close()
  await plannr?.stop()
})

function expected(text: string): Set<string> {
  const tokens = searchTokens(text)
  return new Set(
    all
      .filter((row) => tokens.every((token) => row.words.some((word) => word.startsWith(token))))
      .map((row) => row.uuid),
  )
}

describe('multi-word search', () => {
  it('returns exactly the matching participants, as does the reference whatever its probe size', async () => {
    const texts = new Set<string>()
    for (const row of all.slice(0, 30)) {
      texts.add(row.name)
      texts.add(`${row.firstName.slice(0, 2)} ${row.lastName}`)
      texts.add(`${row.lastName.slice(0, 1)} ${row.firstName.slice(0, 1)}`)
      texts.add(`${row.lastName} ${row.firstName.slice(0, 1)}`)
    }
    texts.add('a e')
    texts.add('smith jo')
    for (const text of texts) {
      const want = expected(text)
      const fromMemory = (await live.search(text, 500)).map((row) => row.uuid)
      expect(new Set(fromMemory).size, `${text}: no duplicates`).toBe(fromMemory.length)
      if (want.size <= 500) expect(new Set(fromMemory), text).toEqual(want)
      else for (const uuid of fromMemory) expect(want.has(uuid)).toBe(true)
      for (const keyProbes of [[0], [1, 3], [3], [2, 50], [100_000]]) {
        const keyProbe = keyProbes.join('/')
        const got = await reference.search(text, 500, { keyProbes, skipPhrase: true })
        const uuids = got.map((row) => row.uuid)
        expect(new Set(uuids).size, `${text} probe ${keyProbe}: no duplicates`).toBe(uuids.length)
        if (want.size <= 500) expect(new Set(uuids), `${text} probe ${keyProbe}`).toEqual(want)
        else for (const uuid of uuids) expect(want.has(uuid)).toBe(true)
      }
    }
  })

  it('takes a name typed in order from the name phrase only when that alone fills the page', async () => {
    for (const row of all.slice(0, 40)) {
      for (const text of [row.name, row.name.slice(0, Math.max(1, row.name.length - 2))]) {
        const want = expected(text)
        for (const limit of [1, 2, 5, 500]) {
          const got = await live.search(text, limit)
          for (const hit of got) expect(want.has(hit.uuid), `${text} → ${hit.name}`).toBe(true)
          expect(got.length, `${text} limit ${limit}`).toBe(Math.min(limit, want.size))
        }
      }
    }
  })

  it('answers in the same order as the reference over IndexedDB', async () => {
    for (const row of all.slice(0, 30)) {
      for (const text of [
        row.name,
        `${row.firstName.slice(0, 2)} ${row.lastName}`,
        `${row.lastName} ${row.firstName}`,
      ]) {
        for (const limit of [1, 5, 20, 500]) {
          const want = (await reference.search(text, limit)).map((hit) => hit.uuid)
          const got = (await live.search(text, limit)).map((hit) => hit.uuid)
          expect(got, `${text} limit ${limit}`).toEqual(want)
        }
      }
    }
  })
})
