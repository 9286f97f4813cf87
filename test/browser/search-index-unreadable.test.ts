import { afterEach, describe, expect, it } from 'vitest'
import { openPlannrDatabases, type PlannrDatabases } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { LiveSearchIndex } from '../../src/renderer/src/data/search-live'
import { crowdMember } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * Quick search's saved index is a copy of what the participant rows already say, kept so a start
 * need not rebuild it. Chromium keeps a large IndexedDB value in a file of its own, which a crash,
 * a disk cleaner or a synced profile folder can lose: from then on every read of it fails. Such a
 * copy must be rebuilt from the rows, never keep the account's cache (and its queued changes)
 * from opening.
 */
let dbs: PlannrDatabases | null = null
let index: LiveSearchIndex | null = null
let undo: (() => void) | null = null

afterEach(async () => {
  undo?.()
  undo = null
  await index?.close()
  index = null
  dbs?.close()
  dbs = null
})

const BLOB_KEY = 'searchIndex:blob'
const lost = (): DOMException => new DOMException('Failed to read large IndexedDB value', 'NotReadableError')

/** Every read of the saved index's row fails, as when the file holding its value is gone. */
function failReadsOfTheSavedRow(): () => void {
  const get = IDBObjectStore.prototype.get
  IDBObjectStore.prototype.get = function (this: IDBObjectStore, query: IDBValidKey | IDBKeyRange) {
    if (this.name === 'meta' && query === BLOB_KEY) throw lost()
    return get.call(this, query)
  }
  return () => {
    IDBObjectStore.prototype.get = get
  }
}

/** The row reads, but its blob's bytes cannot be. */
function failReadsOfBlobs(): () => void {
  const { arrayBuffer, stream } = Blob.prototype
  Blob.prototype.arrayBuffer = () => Promise.reject(lost())
  Blob.prototype.stream = function () {
    return new ReadableStream({ start: (controller) => controller.error(lost()) })
  }
  return () => {
    Blob.prototype.arrayBuffer = arrayBuffer
    Blob.prototype.stream = stream
  }
}

describe.each([
  ['its row cannot be read', failReadsOfTheSavedRow],
  ['its bytes cannot be read', failReadsOfBlobs],
])('a saved search index that cannot be read (%s)', (_, fail) => {
  it('is rebuilt from the cached rows, and search works', async () => {
    const databases = (dbs = await openPlannrDatabases(freshDbName('search-index-unreadable')))
    const people = [crowdMember(0), crowdMember(1), crowdMember(2)]
    await ingestParticipants(databases.cache, 'g-1', people, [], { pass: null, readRevision: 0 })
    const first = await LiveSearchIndex.open(databases.cache)
    await first.ready()
    await first.save()
    await first.close()
    expect(await databases.cache.meta.get(BLOB_KEY)).toBeDefined()

    undo = fail()
    const live = (index = await LiveSearchIndex.open(databases.cache))
    undo()
    undo = null
    await live.ready()
    const [someone] = people
    if (!someone) throw new Error('nobody')
    const found = await live.search(`${someone.firstName} ${someone.lastName}`)
    expect(found.map((person) => person.uuid)).toContain(someone.uuid)
  })
})
