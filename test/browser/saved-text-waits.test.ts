import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openPlannrDatabases, type PlannrDatabases } from '../../src/renderer/src/data/db'
import type { Outbox, OutboxItem, OutboxSnapshot } from '../../src/renderer/src/outbox'
import { savedText } from '../../src/renderer/src/state/saved-text'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'
import { outboxCommands, someAccounts, testOutbox, until, type FullFaultRule } from './helpers/outbox'

/**
 * A change saved behind an earlier one that is not going yet (a create Plannr may still be
 * saving, or one waiting out a backoff) is not being sent either: it waits for that one. What a
 * save says must not promise "Sending" then, and must name what it waits for.
 */
const LONG_WAIT_MS = 60_000

let plannr: TestPlannr
let dbs: PlannrDatabases
let outbox: Outbox

beforeEach(async () => {
  plannr = await startPlannr({ seed: 29, accounts: 20, groups: 2 })
  dbs = await openPlannrDatabases(freshDbName('saved-text-waits'))
})

afterEach(async () => {
  await outbox.stop()
  dbs.close()
  await plannr.stop()
})

async function setFault(route: string, rule: FullFaultRule): Promise<void> {
  await outboxCommands.sandboxSetFault(plannr.sandbox.id, route, rule)
}

/** The group's create is waiting (not due) after its first send; a circle that names the group is saved behind it. */
async function circleSavedBehindWaitingGroup(): Promise<{ circle: OutboxItem; snapshot: OutboxSnapshot }> {
  const group = await outbox.enqueue('create-group', { name: 'Harbour family' })
  if (!group.ok) throw new Error(group.error.message)
  await outbox.start()
  await until(outbox, (snapshot) =>
    snapshot.items.some((item) => item.subjectUuid === group.tempUuid && item.nextAttemptAt > Date.now()),
  )
  const accounts = await someAccounts(plannr.api, 1)
  const circle = await outbox.enqueue('create-circle', {
    name: 'Harbour cousins',
    account_uuids: accounts,
    group_uuids: [group.tempUuid],
  })
  if (!circle.ok) throw new Error(circle.error.message)
  const snapshot = await outbox.snapshot()
  const item = snapshot.items.find((candidate) => candidate.subjectUuid === circle.tempUuid)
  if (!item) throw new Error('the circle is not queued')
  return { circle: item, snapshot }
}

function textFor(circle: OutboxItem, snapshot: OutboxSnapshot): string {
  return savedText({
    queued: { item: circle },
    paused: snapshot.paused,
    waitsForSignIn: false,
    online: true,
    serverProblem: false,
    now: Date.now(),
  })
}

describe('what a save says when an earlier change it waits for is not going yet', () => {
  it('names the create Plannr may still be saving, and does not say sending', async () => {
    outbox = testOutbox(dbs, plannr.api, { inDoubtSettleMs: LONG_WAIT_MS })
    await setFault('POST /api/v1/group', { commitLateMs: 200, commitLateTimes: 1 })
    const { circle, snapshot } = await circleSavedBehindWaitingGroup()

    const text = textFor(circle, snapshot)
    expect(text).not.toMatch(/Sending/)
    expect(text).toMatch(
      /^Saved on this computer\. It will be sent once Plannr is known to have group “Harbour family”/,
    )
    // About a minute, or a few seconds under it on a busy machine.
    expect(text).toMatch(/in about (1 minute|\d+ s)/)
  })

  it('names the create waiting to be sent again, and does not say sending', async () => {
    outbox = testOutbox(dbs, plannr.api, { backoff: { baseMs: LONG_WAIT_MS, maxMs: LONG_WAIT_MS } })
    // Plannr refuses to work on it for now: sent again after the backoff.
    await setFault('POST /api/v1/group', { status: 503 })
    const { circle, snapshot } = await circleSavedBehindWaitingGroup()

    const text = textFor(circle, snapshot)
    expect(text).not.toMatch(/Sending/)
    expect(text).toMatch(/^Saved on this computer\. It will be sent after group “Harbour family”, which is tried again/)
  })
})
