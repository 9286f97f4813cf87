import { commands as untyped } from 'vitest/browser'
import type { PlannrDatabases } from '../../../src/renderer/src/data/db'
import type { Outbox } from '../../../src/renderer/src/outbox'
import { createSyncEngine } from '../../../src/renderer/src/sync/engine'
import type { SessionApi } from '../../../src/shared/ipc/plannr-api'

/** The edit tests' extra commands (test/support/browser-commands.ts): server changes behind the app's back. */
interface EditCommands {
  sandboxRenameGroup(id: string, uuid: string, name: string): Promise<void>
  sandboxUpdateGroup(id: string, uuid: string, patch: { name?: string; businessUnit?: string | null }): Promise<void>
  sandboxDeleteGroup(id: string, uuid: string): Promise<void>
  sandboxUpdateCircle(
    id: string,
    uuid: string,
    patch: { name?: string; accountUuids?: string[]; bgColour?: string },
  ): Promise<void>
}

export const editCommands = untyped as unknown as EditCommands

/** A full pull sync into the cache, as the app does before the user edits anything. */
export async function syncAll(dbs: PlannrDatabases, api: SessionApi): Promise<void> {
  const outcome = await createSyncEngine({ db: dbs.cache, api, perPage: 200, sleep: async () => {} }).syncNow({
    full: true,
  })
  if (!outcome.ok) throw new Error(`sync failed: ${outcome.error.message}`)
}

/** Queues an edit and fails the test when it is refused. */
export async function mustEdit(outbox: Outbox, ...args: Parameters<Outbox['edit']>): Promise<string | null> {
  const result = await outbox.edit(...args)
  if (!result.ok) throw new Error(`edit refused: ${result.error.message}`)
  return result.opId
}
