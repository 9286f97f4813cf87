import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { PlannrDb, SCHEMA_HISTORY } from '../../src/renderer/src/data/db'
import { compactParticipant } from '../../src/renderer/src/data/compact'
import { toCachedParticipant } from '../../src/renderer/src/data/normalise'
import { getParticipantDetails } from '../../src/renderer/src/data/details'
import { isUnreadable, readRecord } from '../../src/renderer/src/outbox/record'
import type { OutboxRecord } from '../../src/renderer/src/data/records'
import { crowd } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * Schema version 9 indexes circles by the uuids of their accounts, a field the rows did not have.
 * A version 8 cache (the previous release) upgrades in place: every circle, a pending one made
 * offline included, is found through the new index; the circles read back exactly as they were
 * stored (the indexed copy is not shown to readers); and a queued create of a circle is still
 * there, unchanged, and still reads as a valid operation.
 */

const CREATE_OP = '01JZZZZZZZZZZZZZZZZZZZZZC1'

/** A version 8 cache: two people, a synced circle and a circle made offline with its create queued. */
async function version8Cache(name: string) {
  const old = new Dexie(name)
  SCHEMA_HISTORY.slice(0, 8).forEach((stores, index) => old.version(index + 1).stores(stores))
  await old.open()
  const [first, second, third] = crowd(3)
  if (!first || !second || !third) throw new Error('the crowd is too small')
  await old.table('participants').bulkPut([first, second, third].map((p) => compactParticipant(toCachedParticipant(p))))
  const ref = (p: { uuid: string; name: string }) => ({ uuid: p.uuid, name: p.name })
  const synced = {
    uuid: crypto.randomUUID(),
    name: 'Synced Family',
    bgColour: '#36367e',
    accounts: [ref(first), ref(second)],
    groups: [],
    jointAccountUuid: null,
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    pendingOpId: null,
  }
  const offline = {
    uuid: crypto.randomUUID(),
    name: 'Made On The Train',
    bgColour: null,
    accounts: [ref(second), ref(third)],
    groups: [],
    jointAccountUuid: null,
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
    pendingOpId: CREATE_OP,
  }
  await old.table('circles').bulkPut([synced, offline])
  const create: OutboxRecord = {
    id: CREATE_OP,
    seq: 1,
    kind: 'create-circle',
    status: 'queued',
    payload: { name: offline.name, account_uuids: [second.uuid, third.uuid], group_uuids: [] },
    dependsOn: [],
    attempts: 0,
    nextAttemptAt: 0,
    lastError: null,
    createdAt: offline.createdAt,
    subjectUuid: offline.uuid,
    reconcileFirst: false,
  }
  await old.table('outbox').put(create)
  const snapshot = {
    circles: await old.table('circles').toArray(),
    outbox: await old.table('outbox').toArray(),
    participants: await old.table('participants').toArray(),
  }
  old.close()
  return { people: { first, second, third }, synced, offline, snapshot }
}

async function circleIndexes(name: string): Promise<string[]> {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error('open failed'))
  })
  const names = [...idb.transaction('circles').objectStore('circles').indexNames]
  idb.close()
  return names.sort()
}

describe('circles by account, cache schema version 9', () => {
  it('upgrades a version 8 cache in place: every circle indexed, rows and the queued create unchanged', async () => {
    const name = freshDbName('circle-account-index')
    const before = await version8Cache(name)
    expect(await circleIndexes(name)).toEqual(['name'])

    const db = new PlannrDb(name)
    await db.open()
    expect(db.verno).toBe(SCHEMA_HISTORY.length)
    expect(await circleIndexes(name)).toEqual(['accountUuids', 'name'])

    // Found through the index, the pending circle included; the circles read back as stored.
    const { first, second, third } = before.people
    const byAccount = (uuid: string) => db.circles.where('accountUuids').equals(uuid).primaryKeys()
    expect(await byAccount(first.uuid)).toEqual([before.synced.uuid])
    expect((await byAccount(second.uuid)).sort()).toEqual([before.synced.uuid, before.offline.uuid].sort())
    expect(await byAccount(third.uuid)).toEqual([before.offline.uuid])
    expect(await db.circles.toArray()).toEqual(before.snapshot.circles)
    expect(await db.participants.toCollection().raw().toArray()).toEqual(before.snapshot.participants)

    // The queued create is untouched and still parses as a create-circle operation.
    const queued = await db.outbox.toArray()
    expect(queued).toEqual(before.snapshot.outbox)
    const [create] = queued
    if (!create) throw new Error('the queued create is gone')
    const read = readRecord(create)
    expect(isUnreadable(read)).toBe(false)
    expect(read.kind).toBe('create-circle')

    // The details list both circles for the person in both, the pending one marked.
    const details = await getParticipantDetails(db, second.uuid)
    expect(details?.circles.map((circle) => [circle.name, circle.pending])).toEqual([
      ['Made On The Train', true],
      ['Synced Family', false],
    ])
    db.close()
  })

  it('keeps the index true through every kind of write, and never shows the indexed copy', async () => {
    const name = freshDbName('circle-account-index-writes')
    const before = await version8Cache(name)
    const db = new PlannrDb(name)
    await db.open()
    const { first, third } = before.people
    const byAccount = (uuid: string) => db.circles.where('accountUuids').equals(uuid).primaryKeys()

    // An update (Dexie's modify) of the accounts moves the circle from one person to another.
    await db.circles.update(before.synced.uuid, { accounts: [{ uuid: third.uuid, name: third.name }] })
    expect(await byAccount(first.uuid)).toEqual([])
    expect((await byAccount(third.uuid)).sort()).toEqual([before.synced.uuid, before.offline.uuid].sort())
    const updated = await db.circles.get(before.synced.uuid)
    expect(updated && 'accountUuids' in updated).toBe(false)

    // A circle under a new uuid (a create that reached Plannr) is found under that uuid only.
    const landed = { ...before.offline, uuid: crypto.randomUUID(), pendingOpId: null }
    await db.transaction('rw', db.circles, async () => {
      await db.circles.delete(before.offline.uuid)
      await db.circles.put(landed)
    })
    expect((await byAccount(third.uuid)).sort()).toEqual([before.synced.uuid, landed.uuid].sort())

    // Clearing the table (a sign-out) leaves nothing behind in the index.
    await db.circles.clear()
    expect(await byAccount(third.uuid)).toEqual([])
    db.close()
  })
})
