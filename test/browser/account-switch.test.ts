import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ulid } from 'ulid'
import { OfflineAccount } from '../../src/renderer/src/state/offline-account.svelte'
import { switchAccount } from '../../src/renderer/src/state/account-switch'
import { unwrap } from '../../src/renderer/src/lib/ipc'
import { openPlannrDatabases } from '../../src/renderer/src/data/db'
import { commands } from './helpers/commands'
import { startPlannr, type TestPlannr } from './helpers/plannr'

// Switching account with an OfflineAccount running: real OfflineAccount (cache, sync, outbox) in Chromium, the
// real main handlers signed in as a user with logins in two firms, the sandbox over HTTP.
let plannr: TestPlannr
let session: OfflineAccount | null = null

beforeEach(async () => {
  plannr = await startPlannr({ seed: 21, accounts: 40, groups: 3, multiLogin: true })
})

afterEach(async () => {
  await session?.close()
  session = null
  await plannr.stop()
})

const SCOPED = ['groups.', 'accounts.', 'circles.', 'businessUnits.']

describe('switching account', () => {
  it('stops the old session without waiting for its call in flight, which main then aborts; nothing of A lands in B', async () => {
    const a = plannr.sandbox.accountUuid
    const b = plannr.sandbox.otherAccountUuid
    if (!b) throw new Error('the multi-login user should have a second account')
    const opened = await OfflineAccount.open(plannr.raw, { accountUuid: a, baseUrl: plannr.sandbox.url, demo: false })
    session = opened
    opened.start()
    // A 429 on a write pauses main's limiter for a minute: A's create will wait in it, on its way.
    await commands.sandboxSetFault(plannr.sandbox.id, 'POST /api/v1/business-units', {
      rateLimitBurst: 1,
      retryAfterSeconds: 60,
    })
    await unwrap(
      plannr.raw.businessUnits.create({
        accountUuid: a,
        baseUrl: plannr.sandbox.url,
        opId: ulid(),
        body: { name: 'Pause' },
      }),
    ).catch(() => undefined)
    expect(await opened.create('create-group', { name: 'Made in firm A' })).toBeNull()
    await expect
      .poll(() => plannr.trace.some((entry) => entry.at === 'start' && entry.channel === 'groups.create'))
      .toBe(true)

    const switched = await switchAccount(
      {
        close: async () => {
          const closing = session
          session = null
          await closing?.close()
        },
        choose: async (uuid) => (await plannr.raw.auth.chooseAccount({ accountUuid: uuid })).ok,
        reopen: async () => {},
      },
      a,
      b,
    )
    expect(switched).toBe(true)

    const choose = plannr.trace.findIndex((entry) => entry.at === 'start' && entry.channel === 'auth.chooseAccount')
    expect(choose).toBeGreaterThan(0)
    // The close did not wait for A's create, still waiting in main's limiter when main was asked
    // to change account; main's switch ended it, unsent.
    await expect
      .poll(() => plannr.trace.findIndex((entry) => entry.at === 'end' && entry.channel === 'groups.create'))
      .toBeGreaterThan(choose)
    expect(plannr.trace.find((entry) => entry.at === 'end' && entry.channel === 'groups.create')?.outcome).toBe(
      'cancelled',
    )
    // Anything of A's that the stopped session still asked for after the switch was refused, unsent.
    const ofA = (entry: { channel: string; accountUuid: string | null }) =>
      entry.accountUuid === a && SCOPED.some((prefix) => entry.channel.startsWith(prefix))
    const startedAfter = plannr.trace.slice(choose).filter((entry) => ofA(entry) && entry.at === 'start').length
    const refusedAfter = plannr.trace
      .slice(choose)
      .filter((entry) => ofA(entry) && entry.at === 'end' && entry.outcome === 'account-mismatch').length
    expect(refusedAfter).toBe(startedAfter)

    // A's create never went to firm B.
    expect(await commands.sandboxGroupFirms(plannr.sandbox.id, 'Made in firm A')).not.toContain(1)
    // A's database keeps A's queue and cache: the group is there, its create still queued.
    const dbs = await openPlannrDatabases(opened.databaseName)
    try {
      const groups = await dbs.cache.groups.toArray()
      expect(groups.map((group) => group.name)).toContain('Made in firm A')
      const queued = await dbs.durable.outbox.toArray()
      expect(queued.map((op) => op.kind)).toContain('create-group')
    } finally {
      dbs.close()
    }
  }, 60_000)
})
