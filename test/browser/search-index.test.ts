import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openPlannrDatabases, type PlannrDatabases } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import type { CachedParticipant } from '../../src/renderer/src/data/records'
import { indexToBytes, unpackIndex } from '../../src/renderer/src/data/search-index-blob'
import { LiveSearchIndex } from '../../src/renderer/src/data/search-live'
import { commands } from './helpers/commands'
import { searchTokens } from '../../src/renderer/src/data/search-words'
import { referenceSearch } from './helpers/indexeddb-search'
import { mustEdit, syncAll } from './helpers/edits'
import { testOutbox, until } from './helpers/outbox'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import type { Participant } from '../../src/shared/plannr/models'

/**
 * Quick search answers from an in-memory index kept beside the cache. After every way the cache
 * changes — a sync (new, renamed and deleted participants), outbox commits, a restart, another
 * window writing — the index must hold exactly what IndexedDB holds, and answer every query
 * exactly as a search over IndexedDB's own multiEntry `words` order does (same participants, same
 * order; helpers/indexeddb-search.ts).
 */
let plannr: TestPlannr
let name: string
let dbs: PlannrDatabases
let index: LiveSearchIndex

beforeAll(async () => {
  plannr = await startPlannr({ seed: 21, accounts: 700, groups: 6, rateLimitPerMinute: 100_000, unthrottled: true })
  name = freshDbName('search-index')
  dbs = await openPlannrDatabases(name)
  index = await LiveSearchIndex.open(dbs.cache, { saveDelayMs: 20 })
  await syncAll(dbs, plannr.api)
}, 120_000)

afterAll(async () => {
  await index?.close()
  dbs?.close()
  await plannr?.stop()
})

/** What the index should hold for a row, derived here independently of the index's own code. */
function expectedEntry(row: CachedParticipant): { words: string[]; phones: string[] } {
  const raw = row.primaryPhone?.value ?? null
  const digits = raw === null ? null : raw.replace(/\D/g, '')
  const phone = digits === null ? null : raw?.startsWith('+44') ? `0${digits.slice(2)}` : digits
  return { words: [...row.words].sort(), phones: phone ? [phone] : [] }
}

async function expectIndexMatchesDatabase(live: LiveSearchIndex, label: string): Promise<void> {
  await live.ready()
  // A search settles the index and proves it is the one answering (not the IndexedDB fallback).
  await live.search('a')
  const rows = await dbs.cache.participants.toArray()
  const want = new Map(rows.map((row) => [row.uuid, expectedEntry(row)]))
  const got = live.entries()
  expect(got, label).not.toBeNull()
  expect(got?.size, `${label}: participant count`).toBe(want.size)
  expect(got, label).toEqual(want)
}

function queriesFrom(rows: CachedParticipant[]): string[] {
  const texts = new Set<string>(['a', 'b', 'ma', 'smi', 'a e', 'smith jo', 'zz', 'ltd'])
  for (const row of rows.slice(0, 40)) {
    texts.add(row.name)
    texts.add(row.lastName.slice(0, 1))
    texts.add(row.lastName.slice(0, 2))
    texts.add(row.lastName.slice(0, 3))
    texts.add(row.name.slice(0, Math.max(1, row.name.length - 2)))
    texts.add(`${row.lastName} ${row.firstName}`)
    texts.add(`${row.firstName.slice(0, 2)} ${row.lastName}`)
    if (row.email) texts.add(row.email.slice(0, 8))
  }
  return [...texts]
}

async function expectSameAnswers(live: LiveSearchIndex, label: string): Promise<void> {
  const rows = await dbs.cache.participants.toArray()
  const reference = await referenceSearch(rows)
  try {
    for (const text of queriesFrom(rows)) {
      for (const limit of [1, 20, 500]) {
        const fromIndexedDb = (await reference.search(text, limit)).map((row) => row.uuid)
        const fromMemory = (await live.search(text, limit)).map((row) => row.uuid)
        expect(fromMemory, `${label}: "${text}" limit ${limit}`).toEqual(fromIndexedDb)
      }
    }
  } finally {
    await reference.close()
  }
}

function renamed(row: CachedParticipant, firstName: string, lastName: string): Participant {
  return { ...row, groups: [], firstName, lastName, name: `${firstName} ${lastName}` }
}

/** Writes participant rows as sync does (no group): the data/ write that stages index changes. */
function writeRows(databases: PlannrDatabases, participants: Participant[]): Promise<void> {
  return ingestParticipants(databases.cache, null, participants, [], { pass: null, readRevision: 0 })
}

describe('the in-memory search index', () => {
  it('holds what IndexedDB holds after a sync, and answers as the IndexedDB search does', async () => {
    expect(index.source).toBe('rebuilt')
    await expectIndexMatchesDatabase(index, 'after the first sync')
    await expectSameAnswers(index, 'after the first sync')
  })

  it('follows a sync that adds, renames and deletes participants', async () => {
    const groups = await commands.sandboxGroups(plannr.sandbox.id)
    const group = groups[0]
    if (!group) throw new Error('no group')
    const members = await commands.sandboxGroupMembers(plannr.sandbox.id, group.uuid)
    const [renamed, removed] = members
    if (!renamed || !removed) throw new Error('group too small')
    await commands.sandboxRenameAccount(plannr.sandbox.id, renamed, { firstName: 'Quillon', lastName: 'Vexmoor' })
    await commands.sandboxCreateAccount(plannr.sandbox.id, {
      firstName: 'Ysolde',
      lastName: 'Brackwater',
      email: 'ysolde.brackwater@example.com',
      groups: [group.uuid],
    })
    // Removed from every group it is in: the next full pass deletes the row.
    for (const each of groups) {
      const inGroup = await commands.sandboxGroupMembers(plannr.sandbox.id, each.uuid)
      if (inGroup.includes(removed)) await commands.sandboxRemoveMembers(plannr.sandbox.id, each.uuid, [removed])
    }
    await syncAll(dbs, plannr.api)
    expect(await dbs.cache.participants.get(removed)).toBeUndefined()
    await expectIndexMatchesDatabase(index, 'after a changing sync')
    expect((await index.search('quillon vex')).map((row) => row.uuid)).toEqual([renamed])
    expect((await index.search('ysolde.brack')).map((row) => row.name)).toEqual(['Ysolde Brackwater'])
    expect(await index.search('brackwater ysol')).toHaveLength(1)
    await expectSameAnswers(index, 'after a changing sync')
  })

  it('finds a name with an apostrophe typed with or without it, straight or curly', async () => {
    const group = (await commands.sandboxGroups(plannr.sandbox.id))[0]
    if (!group) throw new Error('no group')
    const obrien = await commands.sandboxCreateAccount(plannr.sandbox.id, {
      firstName: 'Siobhán',
      lastName: "O'Brannagh",
      groups: [group.uuid],
    })
    const dsouza = await commands.sandboxCreateAccount(plannr.sandbox.id, {
      firstName: 'Devika',
      lastName: 'D’Souzavale',
      groups: [group.uuid],
    })
    await syncAll(dbs, plannr.api)
    const found = async (text: string) => (await index.search(text)).map((row) => row.uuid)
    for (const typed of ['obrannagh', "o'brannagh", 'o’brann', 'siobhan obran', 'brannagh', 'obrannagh siob'])
      expect(await found(typed), typed).toEqual([obrien])
    for (const typed of ['dsouzavale', "d'souzav", 'd’souzavale', 'souzavale devika', 'devika dsouz'])
      expect(await found(typed), typed).toEqual([dsouza])
    await expectIndexMatchesDatabase(index, 'after names with apostrophes')
    await expectSameAnswers(index, 'after names with apostrophes')
  })

  it('holds what IndexedDB holds after outbox commits', async () => {
    const group = (await commands.sandboxGroups(plannr.sandbox.id))[1]
    if (!group) throw new Error('no second group')
    const members = await commands.sandboxGroupMembers(plannr.sandbox.id, group.uuid)
    const outsider = (await dbs.cache.participants.toCollection().primaryKeys()).find((uuid) => !members.includes(uuid))
    if (!outsider || !members[0]) throw new Error('no participant to move')
    const outbox = testOutbox(dbs, plannr.api)
    await mustEdit(outbox, { kind: 'add-participants', uuid: group.uuid, participants: [outsider] })
    await mustEdit(outbox, { kind: 'remove-participants', uuid: group.uuid, participants: [members[0]] })
    await outbox.start()
    await until(outbox, (snapshot) => snapshot.items.length === 0)
    await outbox.stop()
    await expectIndexMatchesDatabase(index, 'after outbox commits')
    await syncAll(dbs, plannr.api)
    await expectIndexMatchesDatabase(index, 'after the sync that follows the commits')
  })

  it('is loaded from its saved blob after a restart, not rebuilt', async () => {
    await index.close()
    dbs.close()
    dbs = await openPlannrDatabases(name)
    index = await LiveSearchIndex.open(dbs.cache, { saveDelayMs: 20 })
    expect(index.source).toBe('blob')
    await expectIndexMatchesDatabase(index, 'after a restart')
    await expectSameAnswers(index, 'after a restart')
  })

  it('is saved compressed, loads a blob an earlier release saved raw, and rebuilds from a damaged one', async () => {
    const saved = await dbs.cache.meta.get('searchIndex:blob')
    if (!(saved?.value instanceof Blob)) throw new Error('no saved blob')
    const stored = await unpackIndex(saved.value)
    if (!stored) throw new Error('the saved blob does not load')
    const raw = new Blob([indexToBytes(stored)])
    expect(saved.value.size).toBeLessThan(raw.size / 1.5)

    const reopenWith = async (value: Blob): Promise<LiveSearchIndex> => {
      await index.close()
      dbs.close()
      dbs = await openPlannrDatabases(name)
      await dbs.cache.meta.put({ ...saved, value })
      index = await LiveSearchIndex.open(dbs.cache, { saveDelayMs: 20 })
      await index.ready()
      return index
    }
    expect((await reopenWith(raw)).source).toBe('blob')
    await expectIndexMatchesDatabase(index, 'from a raw blob')
    // gzip's magic bytes, then nothing a gzip stream can hold.
    expect((await reopenWith(new Blob([new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4])]))).source).toBe('rebuilt')
    await expectIndexMatchesDatabase(index, 'rebuilt from a damaged blob')
  })

  it('is rebuilt when the cache changed behind its back (another window, or a kill before saving)', async () => {
    const group = (await commands.sandboxGroups(plannr.sandbox.id))[2]
    if (!group) throw new Error('no third group')
    // Another window (its own Dexie instances, no open index) syncs a change.
    const other = await openPlannrDatabases(name)
    await commands.sandboxCreateAccount(plannr.sandbox.id, {
      firstName: 'Orrin',
      lastName: 'Talbeck',
      email: null,
      groups: [group.uuid],
    })
    await syncAll(other, plannr.api)
    other.close()
    // This window notices the other's commit (a live query on the revision) and rebuilds; search
    // answers meanwhile from the stale index, re-checked.
    await vi.waitFor(
      async () => expect((await index.search('orrin talb')).map((row) => row.name)).toEqual(['Orrin Talbeck']),
      { timeout: 60_000, interval: 100 },
    )
    await expectIndexMatchesDatabase(index, 'after another window wrote')
    expect(index.source).toBe('rebuilt')

    // Closed without saving: the saved blob is older than the cache, so the next start rebuilds.
    await commands.sandboxRenameAccount(
      plannr.sandbox.id,
      (await dbs.cache.participants.toCollection().primaryKeys())[5] ?? '',
      { firstName: 'Perpetua', lastName: 'Wendlestone' },
    )
    await index.close()
    await syncAll(dbs, plannr.api)
    index = await LiveSearchIndex.open(dbs.cache, { saveDelayMs: 20 })
    await index.ready()
    expect(index.source).toBe('rebuilt')
    await expectIndexMatchesDatabase(index, 'after a start with a stale blob')
    expect(await index.search('perpetua wendle')).toHaveLength(1)
  })

  it('answers from its stale index while a rebuild waits, never showing anyone for a name they lost', async () => {
    await index.ready()
    const rows = await dbs.cache.participants.orderBy(':id').toArray()
    // Someone whose old name the new one cannot match by its first letters.
    const moved = rows.find((row) => !/^(ma|qu)/iu.test(row.lastName) && row.lastName.length >= 2)
    if (!moved) throw new Error('too few participants')
    const oldName = moved.lastName.slice(0, 2)
    expect((await index.search(oldName, 500)).map((row) => row.uuid)).toContain(moved.uuid)
    const other = await openPlannrDatabases(name)
    let release = () => {}
    let holding: Promise<void> = Promise.resolve()
    try {
      // Another window renames them: this window's index no longer knows what it misses.
      // No email address left either: their words would still match the old name.
      await writeRows(other, [{ ...renamed(moved, 'Quintessa', 'Marlowe'), email: null, primaryEmail: null }])
      await vi.waitFor(() => expect(index.freshness).toBe('stale'), { timeout: 30_000, interval: 50 })
      // The other window holds `meta` (which every rebuild chunk reads with the rows): the rebuild waits.
      let held = false
      const released = new Promise<void>((resolve) => (release = resolve))
      let done = false
      void released.then(() => (done = true))
      holding = other.cache.transaction('rw', other.cache.meta, async () => {
        held = true
        while (!done) await other.cache.meta.get('hold')
      })
      await vi.waitFor(() => expect(held).toBe(true))
      const hits = await index.search(oldName, 500)
      expect(index.freshness).toBe('stale')
      expect(hits.map((row) => row.uuid)).not.toContain(moved.uuid)
      const current = new Map((await dbs.cache.participants.toArray()).map((row) => [row.uuid, row]))
      for (const hit of hits) {
        expect(
          current.get(hit.uuid)?.words.some((word) => word.startsWith(searchTokens(oldName)[0] ?? '')),
          hit.name,
        ).toBe(true)
      }
    } finally {
      release()
      await holding
      other.close()
    }
    await index.ready()
    expect(index.freshness).toBe('current')
    expect((await index.search('quintessa marl')).map((row) => row.uuid)).toEqual([moved.uuid])
    await expectIndexMatchesDatabase(index, 'after a stale spell')
  })

  it('finds people by phone number however it is typed', async () => {
    const rows = await dbs.cache.participants.toArray()
    const withPhone = rows.find((row) => row.primaryPhone?.value.startsWith('+447700'))
    if (!withPhone?.primaryPhone) throw new Error('no participant with a mobile number')
    const national = `0${withPhone.primaryPhone.value.slice(3)}` // 07700900123
    const samePhone = (row: CachedParticipant) => row.primaryPhone?.value === withPhone.primaryPhone?.value
    const expected = rows.filter(samePhone).map((row) => row.uuid)
    for (const typed of [
      national,
      `${national.slice(0, 5)} ${national.slice(5)}`,
      `+44 ${national.slice(1, 5)} ${national.slice(5, 8)} ${national.slice(8)}`,
      `0044${national.slice(1)}`,
      `(${national.slice(0, 5)}) ${national.slice(5)}`,
    ]) {
      const found = await index.search(typed, 50)
      expect(new Set(found.map((row) => row.uuid)), typed).toEqual(new Set(expected))
    }
    // A prefix of the number: everyone whose number starts so, nobody else.
    const prefix = await index.search('+44 7700 9', 500)
    expect(prefix.length).toBeGreaterThan(1)
    for (const row of prefix) expect(row.primaryPhone?.value.startsWith('+4477009'), row.name).toBe(true)
  })

  it('rebuilds in chunks, one transaction each: a write waits for one chunk only, and the index holds it', async () => {
    const rows = await dbs.cache.participants.orderBy(':id').toArray()
    const [early, late, stale] = [rows[2], rows[rows.length - 3], rows[rows.length >> 1]]
    if (!early || !late || !stale) throw new Error('too few participants')
    const write = (participants: Participant[]) => writeRows(dbs, participants)
    // The cache changes while no index is open: the saved blob is stale, the next start rebuilds.
    await index.close()
    await write([renamed(stale, 'Ottoline', 'Marchbanks')])

    const chunk = 50
    expect(rows.length).toBeGreaterThan(chunk * 4)
    index = await LiveSearchIndex.open(dbs.cache, { saveDelayMs: 20, rebuildChunk: chunk })
    const order: string[] = []
    // Asked while the first chunk is being read: one row that chunk holds (read before the write
    // commits) and one a later chunk holds (read after).
    const writing = write([renamed(early, 'Zephyrine', 'Quartermaine'), renamed(late, 'Barnaby', 'Thistlewood')]).then(
      () => order.push('write committed'),
    )
    await index.ready()
    order.push('index ready')
    await writing
    expect(order).toEqual(['write committed', 'index ready'])
    expect(index.source).toBe('rebuilt')
    await expectIndexMatchesDatabase(index, 'after a rebuild in chunks')
    expect((await index.search('zephyrine quarter')).map((row) => row.uuid)).toEqual([early.uuid])
    expect((await index.search('barnaby thistle')).map((row) => row.uuid)).toEqual([late.uuid])
    expect((await index.search('ottoline march')).map((row) => row.uuid)).toEqual([stale.uuid])
    await expectSameAnswers(index, 'after a rebuild in chunks')
  })

  it('discards a rebuild another window wrote into between two chunks, and rebuilds', async () => {
    const rows = await dbs.cache.participants.orderBy(':id').toArray()
    const [early, stale] = [rows[1], rows[rows.length >> 2]]
    if (!early || !stale) throw new Error('too few participants')
    await index.close()
    await writeRows(dbs, [renamed(stale, 'Wilhelmina', 'Crabtree')])
    const other = await openPlannrDatabases(name)
    try {
      index = await LiveSearchIndex.open(dbs.cache, { saveDelayMs: 20, rebuildChunk: 50 })
      // Another window (its own Dexie instance, no open index here) renames a row the first chunk read.
      await writeRows(other, [renamed(early, 'Peregrine', 'Ashdown')])
      await index.ready()
    } finally {
      other.close()
    }
    await expectIndexMatchesDatabase(index, 'after another window wrote during a rebuild')
    expect((await index.search('peregrine ash')).map((row) => row.uuid)).toEqual([early.uuid])
  })
})
