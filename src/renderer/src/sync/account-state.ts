import { z } from 'zod'
import type { PlannrDb } from '../data'

/**
 * The account plan's bookkeeping (account-plan.ts), one `meta` row written in the same
 * transaction as the page it describes, like a group's syncState row: a pass killed mid-way
 * resumes at its next page. Stored as JSON text and checked on the way back in.
 */
const KEY = 'sync:accounts'

export const AccountPass = z.object({
  passId: z.string(),
  /** The user's groups when the pass began, sorted: the pass reads and reconciles these. */
  groups: z.array(z.string()),
  /** Which slice of `groups` (filter[groups] is sent in slices) and page to read next. */
  chunk: z.number().int().nonnegative(),
  nextPage: z.number().int().positive(),
  recordsDone: z.number().int().nonnegative(),
  /** The newest account change on the server when the pass began: incremental refresh starts there. */
  highWater: z.string().nullable(),
  startedAt: z.string(),
})
export type AccountPass = z.infer<typeof AccountPass>

export const AccountSyncState = z.object({
  full: AccountPass.nullable(),
  lastFullSyncAt: z.string().nullable(),
  lastIncrementalAt: z.string().nullable(),
  /** Newest participant `updatedAt` (normalised ISO) known read: incremental stops below it. */
  highWater: z.string().nullable(),
})
export type AccountSyncState = z.infer<typeof AccountSyncState>

const EMPTY: AccountSyncState = { full: null, lastFullSyncAt: null, lastIncrementalAt: null, highWater: null }

/** The stored state; an unreadable row (from a later version, or damaged) counts as none. */
export async function loadAccountState(db: PlannrDb): Promise<AccountSyncState> {
  const row = await db.meta.get(KEY)
  if (typeof row?.value !== 'string') return EMPTY
  try {
    const parsed = AccountSyncState.safeParse(JSON.parse(row.value))
    return parsed.success ? parsed.data : EMPTY
  } catch {
    return EMPTY
  }
}

/** Call inside a read-write transaction over `meta` to commit it with a page. */
export async function saveAccountState(db: PlannrDb, state: AccountSyncState): Promise<void> {
  await db.meta.put({ key: KEY, value: JSON.stringify(state), updatedAt: new Date().toISOString() })
}
