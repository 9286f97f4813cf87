import { afterAll, describe, expect, it } from 'vitest'
import { openPlannrDatabases, type PlannrDatabases } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { unpackIndex } from '../../src/renderer/src/data/search-index-blob'
import { LiveSearchIndex, readSearchRevision } from '../../src/renderer/src/data/search-live'
import { crowdMember } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * The in-memory search index is saved as one blob holding every participant's words: megabytes
 * at 100,000 participants. A sync writes a page every second or so; saving a moment after each
 * change rewrote that growing blob all through a first sync. It is saved once the changes pause.
 */
let dbs: PlannrDatabases | null = null
let index: LiveSearchIndex | null = null

afterAll(async () => {
  await index?.close()
  dbs?.close()
})

async function savedRevision(databases: PlannrDatabases): Promise<number | null> {
  const row = await databases.cache.meta.get('searchIndex:blob')
  if (!(row?.value instanceof Blob)) return null
  return (await unpackIndex(row.value))?.revision ?? null
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('saving the search index', () => {
  it('waits until the changes pause, then saves once', async () => {
    const databases = (dbs = await openPlannrDatabases(freshDbName('search-index-save')))
    const saveDelayMs = 4_000
    const live = (index = await LiveSearchIndex.open(databases.cache, { saveDelayMs, maxSaveDelayMs: 600_000 }))
    await live.ready()
    await live.save()
    expect(await savedRevision(databases)).toBe(0)

    // Four pages of a group, 1.5 s apart: longer than the save delay in all, each well within it
    // of the last.
    for (let page = 0; page < 4; page += 1) {
      await ingestParticipants(databases.cache, 'g-1', [crowdMember(page)], [], { pass: null, readRevision: 0 })
      if (page < 3) await sleep(1_500)
    }
    expect(await savedRevision(databases)).toBe(0)

    const written = await readSearchRevision(databases.cache)
    expect(written).toBe(4)
    while ((await savedRevision(databases)) !== written) await sleep(200)
    expect(live.entries()?.size).toBe(4)
  }, 60_000)
})
