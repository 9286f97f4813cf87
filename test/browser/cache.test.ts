import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DBCore, DBCoreTable } from 'dexie'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { LiveSearchIndex } from '../../src/renderer/src/data/search-live'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import { foldText } from '../../src/shared/plannr/participant-query'
import { commands } from './helpers/commands'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import type { CachedParticipant } from '../../src/renderer/src/data/records'
import { compactParticipant } from '../../src/renderer/src/data/compact'

/** What the cache stores after a real sync: normalised, small, and searched from memory. */
let plannr: TestPlannr
let db: PlannrDb
let all: CachedParticipant[]
let live: LiveSearchIndex

interface Read {
  table: string
  index: string | null
  wholeTable: boolean
}
const reads: Read[] = []

/** Records every read the database is asked for (a DBCore middleware: Dexie's own seam). */
function spy(core: DBCore): DBCore {
  return {
    ...core,
    table(name): DBCoreTable {
      const table = core.table(name)
      const note = (query: { index: { name: string | null }; range: { type: number } }): void => {
        reads.push({ table: name, index: query.index.name, wholeTable: query.range.type === 3 })
      }
      return {
        ...table,
        query: (request) => (note(request.query), table.query(request)),
        openCursor: (request) => (note(request.query), table.openCursor(request)),
        count: (request) => (note(request.query), table.count(request)),
      }
    },
  }
}

beforeAll(async () => {
  plannr = await startPlannr({ seed: 3, accounts: 3000, groups: 20, rateLimitPerMinute: 100_000, unthrottled: true })
  await commands.sandboxCreateAccount(plannr.sandbox.id, {
    firstName: 'Zoë',
    lastName: 'Þórsson-Müller',
    email: 'Zoe.Thorsson@example.co.uk',
    groups: [plannr.sandbox.groups[0]?.uuid ?? ''],
  })
  db = new PlannrDb(freshDbName('cache'))
  db.use({ stack: 'dbcore', name: 'read-spy', create: spy })
  const outcome = await createSyncEngine({ db, api: plannr.api }).syncNow({ full: true })
  expect(outcome.ok, JSON.stringify(outcome)).toBe(true)
  all = await db.participants.toArray()
  live = await LiveSearchIndex.open(db)
  await live.ready()
})

afterAll(async () => {
  await live?.close()
  db?.close()
  await plannr?.stop()
})

describe('ingest normalises', () => {
  it('stores each firm once and participants with a firm uuid, nested accounts as {uuid, name}, no groups', async () => {
    // Rows on disk carry no nulls; every read gives the full shape back.
    const raw = await db.participants.toCollection().raw().first()
    expect(Object.values(raw ?? {}).includes(null)).toBe(false)
    expect(all[0]).toHaveProperty('pendingOpId', null)
    const firms = await db.firms.toArray()
    expect(firms.length).toBeGreaterThan(0)
    expect(firms.length).toBeLessThanOrEqual(2)
    const firmUuids = new Set(firms.map((firm) => firm.uuid))
    for (const participant of all) {
      expect(participant).not.toHaveProperty('firm')
      expect(participant).not.toHaveProperty('groups')
      if (participant.firmUuid) expect(firmUuids.has(participant.firmUuid)).toBe(true)
      for (const ref of [participant.assignedAdviser, participant.introducedBy, ...participant.owners]) {
        if (ref) expect(Object.keys(ref).sort()).toEqual(['name', 'uuid'])
      }
    }
  })

  it('averages at most 2 KB per cached participant (its row plus its memberships)', async () => {
    const encoder = new TextEncoder()
    let bytes = 0
    // As stored: the compact row (what the reading hook expands is not what is on disk).
    for (const participant of all) bytes += encoder.encode(JSON.stringify(compactParticipant(participant))).length
    for (const membership of await db.memberships.toArray()) bytes += encoder.encode(JSON.stringify(membership)).length
    const perParticipant = bytes / all.length
    const estimate = await navigator.storage.estimate()
    console.log(
      `cache: ${all.length} participants, ${Math.round(perParticipant)} B/participant as JSON (rows + memberships); ` +
        `origin usage ${estimate.usage ?? 0} B (all test databases, indexes included)`,
    )
    expect(perParticipant).toBeLessThan(2048)
  })
})

describe('search as you type', () => {
  function expected(text: string): Set<string> {
    const tokens = foldText(text)
      .split(/[^\p{L}\p{N}@.]+/u)
      .filter(Boolean)
    return new Set(
      all
        .filter((participant) => tokens.every((token) => participant.words.some((word) => word.startsWith(token))))
        .map((participant) => participant.uuid),
    )
  }

  it('finds by prefixes of name words and email, case and accent insensitive', async () => {
    const [zoe] = await live.search('zoe thor')
    expect(zoe?.firstName).toBe('Zoë')
    expect((await live.search('ZOË MÜLL')).map((p) => p.firstName)).toContain('Zoë')
    expect((await live.search('zoe.thorsson@exa')).map((p) => p.firstName)).toContain('Zoë')
    expect((await live.search('þórs')).map((p) => p.firstName)).toContain('Zoë')
    expect(await live.search('qqqxxzz')).toEqual([])
    expect(await live.search('   ')).toEqual([])
  })

  it('returns exactly the matching participants when fewer than the limit, and only matching ones otherwise', async () => {
    const sample = all.slice(0, 40)
    for (const participant of sample) {
      for (const text of [participant.lastName.slice(0, 3), participant.name, participant.firstName.slice(0, 1)]) {
        if (text.trim() === '') continue
        const want = expected(text)
        const got = await live.search(text, 50)
        for (const hit of got) expect(want.has(hit.uuid), `${text} → ${hit.name}`).toBe(true)
        if (want.size <= 50) expect(new Set(got.map((hit) => hit.uuid))).toEqual(want)
        else expect(got).toHaveLength(50)
      }
    }
  })

  it('answers from memory: the participants table has no words index and is never queried, only its hits read', async () => {
    expect(db.participants.schema.indexes.map((index) => index.name)).not.toContain('words')
    reads.length = 0
    let hits = 0
    for (const text of ['a', 'mo', 'smi', 'jane smith', 'zoe thorsson', 'e'])
      hits += (await live.search(text, 20)).length
    expect(hits).toBeGreaterThan(0)
    expect(reads.filter((read) => read.table === 'participants')).toEqual([])
  })
})
