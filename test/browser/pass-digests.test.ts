import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { PlannrDb, SCHEMA_HISTORY } from '../../src/renderer/src/data/db'
import { compactParticipant } from '../../src/renderer/src/data/compact'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { toCachedParticipant } from '../../src/renderer/src/data/normalise'
import { PassDigests } from '../../src/renderer/src/data/pass-digests'
import { participantDigest } from '../../src/renderer/src/data/row-digest'
import type { Participant } from '../../src/shared/plannr/models'
import { countTableAccess } from './helpers/count-writes'
import { crowd } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * A full pass skips, unread, every account whose cached row is exactly the row it would write
 * (equal digests). What it holds must never claim a row the cache no longer has: the page would
 * then leave a row stale that it should have rewritten.
 */
describe("a full pass's view of the cached participants' digests", () => {
  function renamed(person: Participant, lastName: string): Participant {
    return { ...person, lastName, name: `${person.firstName} ${lastName}`, updatedAt: '2026-11-01T00:00:00.000Z' }
  }

  async function cachedCrowd(name: string, count: number) {
    const db = new PlannrDb(freshDbName(name))
    const counts = countTableAccess(db)
    const people = crowd(count)
    // Rows cached before the pass began, as for any pass after the first sync.
    await ingestParticipants(db, 'group-a', people, [], { pass: null, readRevision: 0 })
    return { db, people, counts }
  }

  /** The stored rows, read past PlannrDb's reading hook, as IndexedDB holds them. */
  async function rawRows(name: string): Promise<Record<string, unknown>[]> {
    const raw = new Dexie(name)
    await raw.open()
    const rows: unknown[] = await raw.table('participants').toArray()
    raw.close()
    return rows.filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null)
  }

  it('stamps every row written with the digest of its content, and readers never see it', async () => {
    const { db, people } = await cachedCrowd('digests-stamped', 5)
    const rows = await rawRows(db.name)
    expect(rows).toHaveLength(5)
    for (const person of people) {
      const row = rows.find((candidate) => candidate['uuid'] === person.uuid)
      expect(row?.['digest']).toBe(participantDigest(compactParticipant(toCachedParticipant(person))))
    }
    const read = await db.participants.get(people[0]?.uuid ?? '')
    expect(read).toBeDefined()
    expect(read && 'digest' in read).toBe(false)
    db.close()
  })

  it('reads no row of an unchanged page, and still rewrites a row that changed on the server', async () => {
    const { db, people, counts } = await cachedCrowd('digests-unchanged', 6)
    const { reads, writes, reset } = counts
    const digests = new PassDigests()
    const options = { pass: 'pass-1', readRevision: 0, digests }
    reset()
    await ingestParticipants(db, 'group-a', people.slice(0, 3), [], options)
    expect({ reads: reads.get('participants') ?? 0, writes: writes.get('participants') ?? 0 }).toEqual({
      reads: 0,
      writes: 0,
    })

    const [, , , fourth] = people
    if (!fourth) throw new Error('crowd(6) gave fewer people')
    await ingestParticipants(db, 'group-a', [renamed(fourth, 'Changed'), ...people.slice(4)], [], options)
    expect({ reads: reads.get('participants') ?? 0, writes: writes.get('participants') ?? 0 }).toEqual({
      reads: 1,
      writes: 1,
    })
    expect((await db.participants.get(fourth.uuid))?.lastName).toBe('Changed')
    db.close()
  })

  it('rewrites a row another writer changed between two pages, when a later page lists it as it was', async () => {
    const { db, people } = await cachedCrowd('digests-raced', 4)
    const digests = new PassDigests()
    const options = { pass: 'pass-1', readRevision: 0, digests }
    await ingestParticipants(db, 'group-a', people.slice(0, 2), [], options)

    const [, , , last] = people
    if (!last) throw new Error('crowd(4) gave fewer people')
    // Another writer (an incremental refresh, a group opened meanwhile) between two pages.
    await ingestParticipants(db, 'group-a', [renamed(last, 'Elsewhere')], [], { pass: null, readRevision: 0 })
    await ingestParticipants(db, 'group-a', [last], [], options)

    expect((await db.participants.get(last.uuid))?.lastName).toBe(last.lastName)
    db.close()
  })

  it('does not believe a row written by a page whose transaction aborted', async () => {
    const { db, people } = await cachedCrowd('digests-aborted', 2)
    const [first, second] = people
    if (!first || !second) throw new Error('crowd(2) gave fewer people')
    const digests = new PassDigests()
    await ingestParticipants(db, 'group-a', [first], [], { pass: 'pass-1', readRevision: 0, digests })

    const failing = ingestParticipants(db, 'group-a', [renamed(second, 'Aborted')], [], {
      pass: 'pass-1',
      readRevision: 0,
      digests,
      alsoWrite: () => Promise.reject(new Error('disk full')),
    })
    await expect(failing).rejects.toThrow('disk full')
    expect((await db.participants.get(second.uuid))?.lastName).toBe(second.lastName)

    await ingestParticipants(db, 'group-a', [renamed(second, 'Aborted')], [], {
      pass: 'pass-1',
      readRevision: 0,
      digests,
    })
    expect((await db.participants.get(second.uuid))?.lastName).toBe('Aborted')
    db.close()
  })

  it('rewrites once each row a cache from before digests holds, and skips it on the next pass', async () => {
    const name = freshDbName('digests-upgraded')
    const people = crowd(8)
    // Version 6, as the release before digests left it.
    const old = new Dexie(name)
    SCHEMA_HISTORY.slice(0, 6).forEach((stores, index) => old.version(index + 1).stores(stores))
    await old.open()
    await old.table('participants').bulkPut(people.map((person) => compactParticipant(toCachedParticipant(person))))
    old.close()

    const db = new PlannrDb(name)
    const { reads, writes, reset } = countTableAccess(db)
    await ingestParticipants(db, 'group-a', people, [], {
      pass: 'pass-1',
      readRevision: 0,
      digests: new PassDigests(),
    })
    expect(writes.get('participants')).toBe(people.length)
    expect((await rawRows(name)).every((row) => typeof row['digest'] === 'number')).toBe(true)

    reset()
    await ingestParticipants(db, 'group-a', people, [], {
      pass: 'pass-2',
      readRevision: 0,
      digests: new PassDigests(),
    })
    expect({ reads: reads.get('participants') ?? 0, writes: writes.get('participants') ?? 0 }).toEqual({
      reads: 0,
      writes: 0,
    })
    db.close()
  })
})
