import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import type { PlannrDatabases } from '../../../src/renderer/src/data/db'
import type { Outbox } from '../../../src/renderer/src/outbox'
import { syncAll } from './edits'
import { open, outboxCommands, testOutbox, type ServerSnapshot } from './outbox'
import { freshDbName, startPlannr, type TestPlannr } from './plannr'

/** What an outbox or edits test works on: a sandbox, a fresh database and an outbox (not started). */
export interface OutboxWorld {
  readonly plannr: TestPlannr
  readonly dbs: PlannrDatabases
  readonly outbox: Outbox
  /** The sandbox's data as it is now ("on Plannr"). */
  server(): Promise<ServerSnapshot>
}

export interface OutboxWorldOptions {
  /** Sandbox size and seed, as for startPlannr. */
  seed: number
  accounts: number
  groups: number
  /** A full pull sync into the cache first, as the app does before the user edits anything. */
  synced?: boolean
  /** 'each' (default): a new world per test; 'all': one world for the whole file. */
  per?: 'each' | 'all'
}

/**
 * Registers the setup every outbox and edits test starts from — start a sandbox, open a fresh
 * database named after `label`, make an outbox on it, optionally sync — and the teardown that
 * stops all three. Read the parts through the returned object inside tests and hooks.
 */
export function useOutboxWorld(label: string, options: OutboxWorldOptions): OutboxWorld {
  let current: { plannr: TestPlannr; dbs: PlannrDatabases; outbox: Outbox } | null = null
  const live = () => {
    if (!current) throw new Error('the outbox world is used outside a test (it exists from its setup to its teardown)')
    return current
  }
  const setUp = async (): Promise<void> => {
    const plannr = await startPlannr({ seed: options.seed, accounts: options.accounts, groups: options.groups })
    const dbs = await open(freshDbName(label))
    if (options.synced) await syncAll(dbs, plannr.api)
    current = { plannr, dbs, outbox: testOutbox(dbs, plannr.api) }
  }
  const tearDown = async (): Promise<void> => {
    const world = live()
    current = null
    await world.outbox.stop()
    world.dbs.close()
    await world.plannr.stop()
  }
  if (options.per === 'all') {
    beforeAll(setUp)
    afterAll(tearDown)
  } else {
    beforeEach(setUp)
    afterEach(tearDown)
  }
  return {
    get plannr() {
      return live().plannr
    },
    get dbs() {
      return live().dbs
    },
    get outbox() {
      return live().outbox
    },
    server: () => outboxCommands.sandboxSnapshot(live().plannr.sandbox.id),
  }
}
