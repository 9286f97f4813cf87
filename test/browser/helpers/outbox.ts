import { commands as untyped } from 'vitest/browser'
import { openPlannrDatabases, type PlannrDatabases } from '../../../src/renderer/src/data/db'
import {
  createOutbox,
  type Outbox,
  type OutboxApi,
  type OutboxOptions,
  type OutboxSnapshot,
} from '../../../src/renderer/src/outbox'
import type { IpcResult } from '../../../src/shared/ipc/errors'
import { unwrap } from '../../../src/renderer/src/lib/ipc'
import type { SessionApi } from '../../../src/shared/ipc/plannr-api'

/** The outbox tests' view of test/support/browser-commands.ts (fault rules with every field). */
export interface FullFaultRule {
  latencyMs?: number
  errorRate?: number
  rateLimitBurst?: number
  retryAfterSeconds?: number
  resetRate?: number
  commitThenDropRate?: number
  /** Answer 504 at once, perform the write this many ms later (a gateway giving up on Plannr). */
  commitLateMs?: number
  commitLateTimes?: number
  slowBodyMs?: number
  status?: number
}

export interface ServerSnapshot {
  groups: { uuid: string; name: string; businessUnit: string | null; members: string[] }[]
  circles: { uuid: string; name: string; accounts: string[]; groups: string[]; bgColour?: string | null }[]
  businessUnits: { uuid: string; name: string }[]
}

interface OutboxCommands {
  sandboxSetFault(id: string, route: string, rule: FullFaultRule): Promise<void>
  sandboxClearFaults(id: string): Promise<void>
  sandboxLateWritesPerformed(id: string): Promise<void>
  sandboxSnapshot(id: string): Promise<ServerSnapshot>
  sandboxTokenValid(id: string, valid: boolean): Promise<void>
  sandboxBackdate(id: string, uuid: string, seconds: number): Promise<void>
  plannrSignInAgain(id: string): Promise<IpcResult<unknown>>
}

export const outboxCommands = untyped as unknown as OutboxCommands

/** Deterministic jitter: the same sequence of waits on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/**
 * The test outbox's settle window before it looks up a write in doubt: short, since the sandbox
 * performs no write after answering it, except through `commitLateMs`, whose tests set their own.
 */
export const TEST_SETTLE_MS = 50

/** An outbox with short backoffs (tests finish in seconds) and no event wiring (tests drive auth). */
export function testOutbox(dbs: PlannrDatabases, api: OutboxApi, extra: Partial<OutboxOptions> = {}): Outbox {
  return createOutbox({
    db: dbs,
    api,
    random: seededRandom(7),
    backoff: { baseMs: 20, maxMs: 300 },
    rateLimitBackoff: { baseMs: 50, maxMs: 500 },
    pace: { minGapMs: 20, maxGapMs: 400 },
    inDoubtSettleMs: TEST_SETTLE_MS,
    watchEvents: false,
    ...extra,
  })
}

export function open(name: string): Promise<PlannrDatabases> {
  return openPlannrDatabases(name)
}

/**
 * Several Dexie instances over one database name: an app restarted after a kill, or a second
 * window. `boot()` opens one more; `closeAll()` closes every one opened (after each test).
 */
export interface SharedDatabase {
  name: string
  boot(): Promise<PlannrDatabases>
  closeAll(): void
}

export function sharedDatabase(name: string): SharedDatabase {
  const opened: PlannrDatabases[] = []
  return {
    name,
    async boot() {
      const dbs = await open(name)
      opened.push(dbs)
      return dbs
    },
    closeAll() {
      for (const dbs of opened.splice(0)) dbs.close()
    },
  }
}

/** Resolves with the first snapshot `test` accepts. */
export function until(outbox: Outbox, test: (snapshot: OutboxSnapshot) => boolean): Promise<OutboxSnapshot> {
  return new Promise((resolve) => {
    const stop = outbox.subscribe((snapshot) => {
      if (test(snapshot)) {
        stop()
        resolve(snapshot)
      }
    })
  })
}

/** Account uuids from the server, for participants and circle members. */
export async function someAccounts(api: SessionApi, count: number): Promise<string[]> {
  const page = await unwrap(api.accounts.list({ page: 1, perPage: count }))
  return page.page.items.map((account) => account.uuid)
}

/**
 * The api with `groups.create` replaced, to stop the world at a chosen moment of a send
 * (the app being killed): `hook` decides what the outbox sees.
 */
export function withGroupCreate(api: SessionApi, hook: SessionApi['groups']['create']): SessionApi {
  return { ...api, groups: { ...api.groups, create: hook } }
}

/** A promise that never settles: the answer a killed app never gets. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {})
}
