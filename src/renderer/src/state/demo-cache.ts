import { Dexie } from 'dexie'
import type { AuthStatus } from '../../../shared/ipc/contract'
import { readTableAsStored, type PlannrDb } from '../data'

/** The meta row naming the run of the demo a demo cache was filled from. */
const DEMO_RUN_KEY = 'demoRun'

/**
 * The run of the demo a status is signed in to, or null when it is not the demo. Main starts a new
 * sandbox for every run of the demo (each app start, each "Explore the demo") and names the run:
 * a window reloaded during a run sees the same name, the next run another, even on the same port.
 */
export function demoRunOf(status: AuthStatus | null): string | null {
  return status?.kind === 'demo' ? status.demoRun : null
}

/**
 * Called before a demo account's cache is opened. The demo's seeded account has the same uuid on
 * every run, so its cache would come back with the last run's rows and queue, and send that
 * queue to a sandbox that never had them. A cache filled from another run (or one that cannot be
 * read) is deleted: each run of the demo starts empty, while a reload during a run keeps its cache.
 */
export async function forgetEarlierDemoRuns(databaseName: string, run: string): Promise<void> {
  const onDisk = (await indexedDB.databases()).some((database) => database.name === databaseName)
  if (!onDisk) return
  if ((await recordedRun(databaseName)) !== run) await Dexie.delete(databaseName)
}

/** Records which run of the demo fills this cache (see forgetEarlierDemoRuns). */
export async function markDemoRun(db: PlannrDb, run: string): Promise<void> {
  await db.meta.put({ key: DEMO_RUN_KEY, value: run, updatedAt: new Date().toISOString() })
}

/** The run recorded in a cache, read with no schema of its own (nothing is created or upgraded). */
async function recordedRun(databaseName: string): Promise<string | null> {
  try {
    return await readTableAsStored(databaseName, 'meta', async (meta) => {
      const row: unknown = meta ? await meta.get(DEMO_RUN_KEY) : undefined
      return typeof row === 'object' && row !== null && 'value' in row && typeof row.value === 'string'
        ? row.value
        : null
    })
  } catch {
    return null
  }
}
