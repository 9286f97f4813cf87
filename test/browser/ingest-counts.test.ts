import { describe, expect, it } from 'vitest'
import { countGroupMembers, groupCountKey } from '../../src/renderer/src/data/counts'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { crowd } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * A group's member count is cached in `meta` and dropped by whatever changes its memberships: a
 * page that adds members drops the counts of exactly the groups it added to, so the next count
 * is true and the other groups keep theirs.
 */
describe("a page's new memberships and the cached counts", () => {
  it('drops the counts of the groups it added to, and only those', async () => {
    const db = new PlannrDb(freshDbName('ingest-counts'))
    const people = crowd(5)
    const options = { pass: null, readRevision: 0 }
    await ingestParticipants(db, 'group-a', people.slice(0, 2), [], options)
    await ingestParticipants(db, 'group-b', people.slice(0, 1), [], options)
    expect(await countGroupMembers(db, 'group-a')).toBe(2)
    expect(await countGroupMembers(db, 'group-b')).toBe(1)

    await ingestParticipants(db, 'group-a', people.slice(1, 5), [], options)
    expect(await db.meta.get(groupCountKey('group-a'))).toBeUndefined()
    expect((await db.meta.get(groupCountKey('group-b')))?.value).toBe(1)
    expect(await countGroupMembers(db, 'group-a')).toBe(5)

    // Nothing new: the recomputed count stays cached.
    await ingestParticipants(db, 'group-a', people, [], options)
    expect((await db.meta.get(groupCountKey('group-a')))?.value).toBe(5)
    db.close()
  })
})
