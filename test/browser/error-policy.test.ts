import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openPlannrDatabases, type PlannrDatabases } from '../../src/renderer/src/data/db'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import { accountSignals } from '../../src/shared/ipc/account-signals'
import { bindAccount } from '../../src/shared/ipc/plannr-api'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import { testOutbox, until } from './helpers/outbox'

/**
 * Sync and the outbox read one error policy: a failure that means "the sign-in for this account
 * is gone" pauses both until the user signs in again, rather than pausing one and putting the
 * other into an error state. Here main itself refuses the calls (an OfflineAccount left over from another
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
    const api = bindAccount(plannr.raw, OTHER_ACCOUNT, plannr.sandbox.url)
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

describe("one account's signals, shared by both engines", () => {
  it('a lost sign-in pauses the sync and the outbox together, and signing in again resumes both', async () => {
    const signals = accountSignals(plannr.api)
    const engine = createSyncEngine({ db: dbs.cache, api: plannr.api, signals, sleep: async () => {} })
    const outbox = testOutbox(dbs, plannr.api, { signals })
    engine.start()
    await outbox.start()
    await until(outbox, (snapshot) => snapshot.paused === null)

    plannr.emit('auth', { state: 'reauth-required' })
    expect(engine.status.state).toBe('paused-auth')
    await until(outbox, (snapshot) => snapshot.paused?.reason === 'signed-out')

    plannr.emit('auth', { state: 'signed-in' })
    expect(engine.status.state).not.toBe('paused-auth')
    await until(outbox, (snapshot) => snapshot.paused === null)

    await engine.stop()
    await outbox.stop()
    signals.close()
    // Closed: nothing listens any more.
    plannr.emit('auth', { state: 'reauth-required' })
    expect(engine.status.state).toBe('stopped')
  })
})
