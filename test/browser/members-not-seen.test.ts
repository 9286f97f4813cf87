import { describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { membersNotSeen } from '../../src/renderer/src/data/prune'
import { crowd } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * Reconciliation asks the server only about the group's cached members that the completed pass
 * did not see: neither read by it (`seen`) nor marked with its id by a pass of the older design.
 */
describe("a group's members a pass did not see", () => {
  it('are those neither seen nor marked with the pass, in this group only', async () => {
    const db = new PlannrDb(freshDbName('members-not-seen'))
    const people = crowd(5)
    const uuids = people.map((person) => person.uuid)
    await ingestParticipants(db, 'group-a', people.slice(0, 3), [], { pass: 'old-pass', readRevision: 0 })
    await ingestParticipants(db, 'group-a', people.slice(3), [], { pass: 'this-pass', readRevision: 0 })
    await ingestParticipants(db, 'group-b', people, [], { pass: 'old-pass', readRevision: 0 })

    const seen = new Set([uuids[0] ?? ''])
    expect((await membersNotSeen(db, 'group-a', seen, 'this-pass')).sort()).toEqual(
      [uuids[1] ?? '', uuids[2] ?? ''].sort(),
    )
    expect(await membersNotSeen(db, 'group-a', new Set(uuids.slice(0, 3)), 'this-pass')).toEqual([])
    expect((await membersNotSeen(db, 'group-b', seen, 'this-pass')).sort()).toEqual(uuids.slice(1).sort())
    db.close()
  })
})
