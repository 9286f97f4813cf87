import { describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { compactParticipant } from '../../src/renderer/src/data/compact'
import { toCachedParticipant } from '../../src/renderer/src/data/normalise'
import { getParticipantDetails } from '../../src/renderer/src/data/details'
import { crowdMember } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * Earlier releases cached Plannr's lists as they came, so a participant answered with the same tag
 * twice (or a circle with the same account twice) is stored that way in caches made before main's
 * parse kept each record once. Every screen keys these lists by identity and a repeated key breaks
 * it, so rows read back from the cache must mean each record once too: offline, no sync comes to
 * rewrite them.
 */
describe('lists cached with a record repeated, read back', () => {
  it("a participant's tags, owners, custom fields and references are each read once", async () => {
    const db = new PlannrDb(freshDbName('read-repeats'))
    await db.open()
    const base = crowdMember(1)
    const tag = { uuid: 'a7c4a3f2-0000-4000-8000-000000000001', name: 'VIP', colour: null }
    const owner = { uuid: 'a7c4a3f2-0000-4000-8000-000000000002', name: 'Sam Adviser' }
    const field = { uuid: 'a7c4a3f2-0000-4000-8000-000000000003', name: 'Risk', reference: null, value: 'Low' }
    const reference = { thirdParty: 'origo', reference: 'R-1' }
    const stored = compactParticipant(
      toCachedParticipant({
        ...base,
        // As an older release stored them: the same record twice, once in another letter case.
        tags: [tag, { ...tag, uuid: tag.uuid.toUpperCase() }],
        owners: [owner, owner],
        customFields: [field, { ...field, value: 'High' }],
        externalReferences: [reference, { ...reference }],
      }),
    )
    await db.participants.put(stored)

    const details = await getParticipantDetails(db, base.uuid)
    expect(details?.participant.tags).toEqual([tag])
    expect(details?.participant.owners).toEqual([owner])
    expect(details?.participant.customFields).toEqual([field])
    expect(details?.participant.externalReferences).toEqual([reference])
    // Lists that repeat nothing read back as stored.
    const [read] = await db.participants.bulkGet([base.uuid])
    expect(read?.tags).toEqual([tag])
    db.close()
  })

  it("a circle's accounts and groups are each read once", async () => {
    const db = new PlannrDb(freshDbName('read-repeats'))
    await db.open()
    const account = { uuid: 'b7c4a3f2-0000-4000-8000-000000000001', name: 'Pat Doe' }
    const group = { uuid: 'b7c4a3f2-0000-4000-8000-000000000002', name: 'Family' }
    await db.circles.put({
      uuid: 'b7c4a3f2-0000-4000-8000-000000000003',
      name: 'Doe household',
      bgColour: null,
      accounts: [account, { ...account, uuid: account.uuid.toUpperCase() }],
      groups: [group, group],
      jointAccountUuid: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    })
    const circle = await db.circles.get('b7c4a3f2-0000-4000-8000-000000000003')
    expect(circle?.accounts).toEqual([account])
    expect(circle?.groups).toEqual([group])
    db.close()
  })
})
