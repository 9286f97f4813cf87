import { describe, expect, it } from 'vitest'
import { PlannrDb } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { toCachedParticipant } from '../../src/renderer/src/data/normalise'
import { participant as testParticipant } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * Search words are derived data. A row cached by an older version (here: without the name
 * phrase) is rewritten the next time sync sees that participant, even though Plannr's copy is
 * unchanged; an up-to-date row is left alone.
 */
describe('derived search words', () => {
  it('are refreshed by the next ingest of an unchanged participant', async () => {
    const db = new PlannrDb(freshDbName('words-refresh'))
    const participant = testParticipant({
      uuid: 'p-1',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-02T00:00:00.000Z',
      type: 'client',
      role: 'client',
      firstName: 'Zoë',
      lastName: 'Þórsson-Müller',
      email: 'zoe@example.co.uk',
    })
    const current = toCachedParticipant(participant)
    expect(current.words).toContain('zoe þorsson muller')
    await db.participants.put({ ...current, words: current.words.filter((word) => !word.includes(' ')) })

    await ingestParticipants(db, 'g-1', [participant], [], { pass: 'a', readRevision: 0 })
    expect((await db.participants.get('p-1'))?.words).toEqual(current.words)
    db.close()
  })
})
