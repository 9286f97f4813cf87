import { describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { PassMemberships } from '../../src/renderer/src/data/pass-memberships'
import { crowd, crowdMember } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * A full pass checks each page's memberships against the group keys it read once
 * (PassMemberships) instead of one read per membership. What it holds must never claim a
 * membership the cache no longer has: the page would then not add it back.
 */
describe("a full pass's view of the cache's memberships", () => {
  async function groupWith(name: string, count: number) {
    const db = new PlannrDb(freshDbName(name))
    const people = crowd(count)
    // Rows cached before the pass began, as for any pass after the first sync.
    await ingestParticipants(db, 'group-a', people, [], { pass: null, readRevision: 0 })
    return { db, people }
  }

  it('adds back a membership deleted between two pages, when a later page lists it', async () => {
    const { db, people } = await groupWith('pass-memberships-deleted', 4)
    const memberships = new PassMemberships()
    const options = { pass: 'pass-1', readRevision: 0, memberships }
    await ingestParticipants(db, 'group-a', people.slice(0, 2), [], options)

    const [, , , last] = people
    if (!last) throw new Error('crowd(4) gave fewer people')
    await db.memberships.delete(['group-a', last.uuid])
    await ingestParticipants(db, 'group-a', [last], [], options)

    expect(await db.memberships.get(['group-a', last.uuid])).toBeDefined()
    db.close()
  })

  it('does not believe a membership added by a page whose transaction aborted', async () => {
    const { db, people } = await groupWith('pass-memberships-aborted', 1)
    const newcomer = crowdMember(100)
    const memberships = new PassMemberships()
    await ingestParticipants(db, 'group-a', people, [], { pass: 'pass-1', readRevision: 0, memberships })

    const failing = ingestParticipants(db, 'group-a', [newcomer], [], {
      pass: 'pass-1',
      readRevision: 0,
      memberships,
      alsoWrite: () => Promise.reject(new Error('disk full')),
    })
    await expect(failing).rejects.toThrow('disk full')
    expect(await db.memberships.get(['group-a', newcomer.uuid])).toBeUndefined()

    await ingestParticipants(db, 'group-a', [newcomer], [], { pass: 'pass-1', readRevision: 0, memberships })
    expect(await db.memberships.get(['group-a', newcomer.uuid])).toBeDefined()
    db.close()
  })

  it('reports an unchanged page as unchanged, and a page with a missing membership as changed', async () => {
    const { db, people } = await groupWith('pass-memberships-changed', 3)
    const memberships = new PassMemberships()
    const changedFlags: boolean[] = []
    const options = {
      pass: 'pass-1',
      readRevision: 0,
      memberships,
      alsoWrite: async (_tx: unknown, changed: boolean) => {
        changedFlags.push(changed)
      },
    }
    await ingestParticipants(db, 'group-a', people, [], options)
    await ingestParticipants(db, 'group-b', people.slice(0, 1), [], options)
    await ingestParticipants(db, 'group-b', people.slice(0, 1), [], options)

    expect(changedFlags).toEqual([false, true, false])
    db.close()
  })
})
