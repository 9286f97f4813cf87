import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openPlannrDatabases, type PlannrDatabases } from '../../src/renderer/src/data/db'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import { bindAccount } from '../../src/shared/ipc/plannr-api'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import { testOutbox, until } from './helpers/outbox'

/**
 * Sync and the outbox read one error policy: a failure that means "the sign-in for this account
 * is gone" pauses both until the user signs in again, rather than pausing one and putting the
 * other into an error state. Here main itself refuses the calls (a Session left over from another
 * account: `account-mismatch`), through its real handlers.
 */
let plannr: TestPlannr
let dbs: PlannrDatabases

beforeEach(async () => {
  plannr = await startPlannr({ seed: 17, accounts: 10, groups: 1 })
  dbs = await openPlannrDatabases(freshDbName('error-policy'))
})

afterEach(async () => {
  dbs.close()
  await plannr.stop()
})

/** Another account than the one main is signed in to. */
const OTHER_ACCOUNT = '0b7c6a4e-1f1d-4b8e-9a57-3d2f6c1e9a10'

describe('a call refused because the account is not the signed-in one', () => {
  it('pauses the sync for sign-in, as it pauses the outbox', async () => {
    const api = bindAccount(plannr.raw, OTHER_ACCOUNT)
    const engine = createSyncEngine({ db: dbs.cache, api, sleep: async () => {} })
    const outcome = await engine.syncNow()
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'account-mismatch' } })
    expect(engine.status.state).toBe('paused-auth')
    await engine.stop()

    const outbox = testOutbox(dbs, api)
    const queued = await outbox.enqueue('create-business-unit', { name: 'Not for this firm' })
    expect(queued.ok).toBe(true)
    await outbox.start()
    const paused = await until(outbox, (snapshot) => snapshot.paused?.reason === 'signed-out')
    expect(paused.counts.total).toBe(1)
    await outbox.stop()
  })
})
