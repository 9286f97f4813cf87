import { describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import type { Firm } from '../../src/shared/plannr/models'
import { countTableAccess } from './helpers/count-writes'
import { crowd } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * Every page of participants brings their firms. A firm is written only when something in it
 * changed: the same firm whose fields arrive in another order (another release's parser, the
 * other plan's route) rewrites nothing.
 */
describe('firms ingested with participants', () => {
  it('are rewritten only when a field changed, whatever the order of their keys', async () => {
    const db = new PlannrDb(freshDbName('ingest-firms'))
    const { writes, reset } = countTableAccess(db)
    const firm: Firm = {
      uuid: 'firm-1',
      name: 'Harbour Wealth',
      slug: 'harbour-wealth',
      townCity: 'Bristol',
      postcode: 'BS1 4DJ',
      regulatoryText: null,
    }
    const reordered: Firm = {
      regulatoryText: null,
      postcode: 'BS1 4DJ',
      townCity: 'Bristol',
      slug: 'harbour-wealth',
      name: 'Harbour Wealth',
      uuid: 'firm-1',
    }
    await db.firms.put(reordered)
    reset()
    const [someone] = crowd(1)
    if (!someone) throw new Error('no participant')
    const options = { pass: null, readRevision: 0 }
    await ingestParticipants(db, null, [someone], [firm], options)
    expect(writes.get('firms') ?? 0).toBe(0)
    await ingestParticipants(db, null, [someone], [{ ...firm, name: 'Harbour Wealth Ltd' }], options)
    expect(writes.get('firms')).toBe(1)
    expect((await db.firms.get('firm-1'))?.name).toBe('Harbour Wealth Ltd')
    db.close()
  })
})
