import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OfflineAccount } from '../../src/renderer/src/state/offline-account.svelte'
import { openPlannrDatabases } from '../../src/renderer/src/data/db'
import { toParticipant } from '../../src/renderer/src/data'
import { startPlannr, type TestPlannr } from './helpers/plannr'

// "Undo" of a removal through a real OfflineAccount (cache, sync, outbox) in Chromium, the real
// main handlers, the sandbox over HTTP: what the cache holds when the window goes away mid-Undo.
let plannr: TestPlannr
let account: OfflineAccount | null = null

beforeEach(async () => {
  plannr = await startPlannr({ seed: 33, accounts: 30, groups: 3 })
})

afterEach(async () => {
  await account?.close()
  account = null
  await plannr.stop()
})

async function syncedAccount(): Promise<OfflineAccount> {
  const opened = await OfflineAccount.open(plannr.raw, {
    accountUuid: plannr.sandbox.accountUuid,
    baseUrl: plannr.sandbox.url,
    demo: false,
  })
  account = opened
  opened.start()
  await expect
    .poll(
      () =>
        opened.syncStatus.state === 'idle' && opened.groups.length > 0 && opened.groups.every((g) => g.firstPassDone),
      {
        timeout: 30_000,
      },
    )
    .toBe(true)
  return opened
}

/** A cached participant who is a member of exactly one cached group. */
async function inOneGroupOnly(opened: OfflineAccount) {
  const memberships = await opened.dbs.cache.memberships.toArray()
  const groupsOf = new Map<string, string[]>()
  for (const row of memberships)
    groupsOf.set(row.participantUuid, [...(groupsOf.get(row.participantUuid) ?? []), row.groupUuid])
  const [uuid, [groupUuid] = []] = [...groupsOf].find(([, groups]) => groups.length === 1) ?? ['', []]
  const row = await opened.dbs.cache.participants.get(uuid)
  if (!row || !groupUuid) throw new Error('no cached participant in exactly one group')
  return { uuid, groupUuid, participant: toParticipant(row) }
}

describe('Undo of a removal', () => {
  it('never leaves the client put back in no group when the window closes mid-Undo', async () => {
    const opened = await syncedAccount()
    const { uuid, groupUuid, participant } = await inOneGroupOnly(opened)
    expect(await opened.edit({ kind: 'remove-participants', uuid: groupUuid, participants: [uuid] })).toBeNull()
    // Plannr confirms the removal: left in no group, the client leaves the cache.
    await expect
      .poll(async () => (await opened.dbs.cache.participants.get(uuid)) === undefined, { timeout: 20_000 })
      .toBe(true)
    await expect.poll(() => opened.outboxSnapshot.counts.total).toBe(0)

    // The window goes away (quit, sign out, account switch) as soon as the row written back is
    // stored.
    let closing: Promise<void> | null = null
    opened.dbs.durable.participants.hook('creating', (_key, _row, transaction) => {
      transaction.on('complete', () => {
        // As a killed window: no transaction after this one (closing the database at once).
        opened.dbs.close()
        closing ??= opened.close()
      })
    })
    account = null
    await opened.putBack(groupUuid, participant).catch(() => null)
    expect(closing, 'the window closed mid-Undo').not.toBeNull()
    await closing

    // What the next start finds: the client is cached only with the add that puts them back queued.
    const dbs = await openPlannrDatabases(opened.databaseName)
    try {
      const row = await dbs.cache.participants.get(uuid)
      const adds = (await dbs.cache.outbox.toArray()).filter(
        (op) => op.kind === 'add-participants' && JSON.stringify(op.payload).includes(uuid),
      )
      expect(adds.length > 0, 'a client back in the cache has the add that put them back queued').toBe(
        row !== undefined,
      )
    } finally {
      dbs.close()
    }
  }, 60_000)
})
