import { flushSync, mount, unmount } from 'svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import QuickSearch from '../../src/renderer/src/components/QuickSearch.svelte'
import { openPlannrDatabases, type PlannrDatabases } from '../../src/renderer/src/data/db'
import { ingestParticipants } from '../../src/renderer/src/data/ingest'
import { toCachedParticipant } from '../../src/renderer/src/data/normalise'
import { SearchIndex } from '../../src/renderer/src/data/search-index'
import { indexToBytes } from '../../src/renderer/src/data/search-index-blob'
import { LiveSearchIndex, readSearchRevision } from '../../src/renderer/src/data/search-live'
import { toParticipant } from '../../src/renderer/src/data/participant-read'
import { person } from './helpers/people'
import { freshDbName } from './helpers/plannr'

/**
 * The details, the CSV export and Copy emails show a client's primary email address; `email`
 * is the API's deprecated field, which may be null or an older address. Quick search finds a
 * client by either, in a fresh cache and in one an earlier version wrote (its rows' words and
 * saved index made without the primary address).
 */
let dbs: PlannrDatabases | null = null
let index: LiveSearchIndex | null = null

const mounted: Array<ReturnType<typeof mount>> = []

afterEach(async () => {
  for (const component of mounted.splice(0)) void unmount(component)
  document.body.replaceChildren()
  await index?.close()
  dbs?.close()
  index = null
  dbs = null
})

const onlyPrimary = person('p-only-primary', null, {
  email: { primary: 'jane.doe@example.com', deprecated: null },
})
const twoAddresses = person('p-two-addresses', null, {
  email: { primary: 'Current.Address@Example.com', deprecated: 'old.address@example.org' },
})

async function found(live: LiveSearchIndex, text: string): Promise<string[]> {
  return (await live.search(text)).map((row) => row.uuid)
}

/**
 * A saved index as the previous version wrote it: format 1, built from rows' words that held
 * only the deprecated `email`'s words.
 */
function previousVersionBlob(people: { uuid: string; words: string[] }[], revision: number): Blob {
  const bytes = indexToBytes(
    SearchIndex.build(
      people.map((client) => ({ ...client, phones: [] })),
      revision,
    ),
  )
  const view = new DataView(bytes.buffer)
  const headerLength = view.getUint32(0, true)
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as Record<string, unknown>
  const rewritten = new TextEncoder().encode(JSON.stringify({ ...header, format: 1 }))
  if (rewritten.length !== headerLength) throw new Error('the format number changed the header length')
  bytes.set(rewritten, 4)
  return new Blob([bytes])
}

describe('quick search by email', () => {
  it('finds a client by the primary address the details show, and by the deprecated one', async () => {
    dbs = await openPlannrDatabases(freshDbName('search-email'))
    index = await LiveSearchIndex.open(dbs.cache, { saveDelayMs: 20 })
    await ingestParticipants(dbs.cache, 'g-1', [onlyPrimary, twoAddresses], [], { pass: null, readRevision: 0 })

    expect(await found(index, 'jane.doe@ex')).toEqual([onlyPrimary.uuid])
    expect(await found(index, 'current.address@example.com')).toEqual([twoAddresses.uuid])
    expect(await found(index, 'old.address@')).toEqual([twoAddresses.uuid])
    // The local part's words, as for the deprecated address.
    expect(await found(index, 'doe')).toEqual([onlyPrimary.uuid])
  })

  it("finds it in a cache an earlier version wrote, at once and after the next sync rewrites the row's words", async () => {
    const name = freshDbName('search-email-upgrade')
    dbs = await openPlannrDatabases(name)
    await ingestParticipants(dbs.cache, 'g-1', [onlyPrimary, twoAddresses], [], { pass: null, readRevision: 0 })
    // The rows and the saved index as the earlier version left them: words of `email` only.
    const earlier = [onlyPrimary, twoAddresses].map((client) => ({
      uuid: client.uuid,
      words: toCachedParticipant({ ...client, primaryEmail: null }).words,
    }))
    const db = dbs.cache
    await db.transaction('rw', [db.participants, db.meta], async () => {
      for (const row of earlier) await db.participants.update(row.uuid, { words: row.words })
      await db.meta.put({
        key: 'searchIndex:blob',
        value: previousVersionBlob(earlier, await readSearchRevision(db)),
        updatedAt: new Date().toISOString(),
      })
    })
    expect((await db.participants.get(onlyPrimary.uuid))?.words).not.toContain('jane.doe@example.com')

    index = await LiveSearchIndex.open(db, { saveDelayMs: 20 })
    expect(await found(index, 'jane.doe@ex')).toEqual([onlyPrimary.uuid])
    expect(await found(index, 'current.address@')).toEqual([twoAddresses.uuid])

    // The next sync that sees the unchanged participants rewrites their words (ingest.ts sameRow).
    await ingestParticipants(db, 'g-1', [onlyPrimary, twoAddresses], [], { pass: null, readRevision: 0 })
    expect((await db.participants.get(onlyPrimary.uuid))?.words).toContain('jane.doe@example.com')
    expect(await found(index, 'jane.doe@ex')).toEqual([onlyPrimary.uuid])
  })

  it('quick search shows the address it found the client by', async () => {
    dbs = await openPlannrDatabases(freshDbName('search-email-dialog'))
    const live = (index = await LiveSearchIndex.open(dbs.cache, { saveDelayMs: 20 }))
    await ingestParticipants(dbs.cache, 'g-1', [onlyPrimary, twoAddresses], [], { pass: null, readRevision: 0 })
    const target = document.createElement('div')
    document.body.append(target)
    const noop = (): void => {}
    const search = async (text: string) => (await live.search(text)).map(toParticipant)
    mounted.push(mount(QuickSearch, { target, props: { search, recent: async () => [], onOpen: noop, onClose: noop } }))
    flushSync()
    const input = document.querySelector<HTMLInputElement>('input[role="combobox"]')
    if (!input) throw new Error('no search box')
    input.value = 'current.address@ex'
    input.dispatchEvent(new Event('input', { bubbles: true }))
    flushSync()
    await vi.waitFor(() => expect(document.querySelectorAll('[role="option"]')).toHaveLength(1))
    expect(document.querySelector('[role="option"]')?.textContent).toContain('Current.Address@Example.com')
  })
})
