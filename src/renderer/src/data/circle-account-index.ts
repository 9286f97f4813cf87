import type { Dexie } from 'dexie'
import { interceptWrites } from './observe-writes'
import type { CachedCircle } from './records'

/**
 * Every circle row carries `accountUuids`: the uuids of its `accounts`, indexed multiEntry
 * (db.ts, version 9), so a participant's circles are one index lookup instead of a read of the
 * whole table. IndexedDB cannot index a field of the objects in an array (`accounts.uuid`), hence
 * this copy of them.
 *
 * The copy is stamped below Dexie's table API (a DBCore middleware on every put and add of circles
 * through a PlannrDb), from the `accounts` being written: every writer (a sync's list read, the
 * outbox's create, edit, undo and uuid swap) keeps the index true without knowing of it. Readers
 * never see it (PlannrDb strips it on read): sync compares a cached row field by field with what
 * Plannr sent, and a field Plannr never sends would make every row look changed.
 */
export const ACCOUNT_UUIDS_FIELD = 'accountUuids'

/** A circle row as IndexedDB holds it: from version 9, with its accounts' uuids. */
export type IndexedCircle = CachedCircle & { [ACCOUNT_UUIDS_FIELD]?: string[] }

/** The row without the indexed copy (what readers and writers above Dexie see). */
export function withoutAccountUuids(row: IndexedCircle): CachedCircle {
  if (!(ACCOUNT_UUIDS_FIELD in row)) return row
  const { [ACCOUNT_UUIDS_FIELD]: _accountUuids, ...circle } = row
  return circle
}

/**
 * The row with its accounts' uuids stamped on; anything that is not a circle row (no `accounts`
 * list) is returned as it is, and an account entry without a string uuid is left out.
 */
export function withAccountUuids(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('accounts' in value) || !Array.isArray(value.accounts)) {
    return value
  }
  const accounts: unknown[] = value.accounts
  const uuids = new Set<string>()
  for (const account of accounts) {
    if (typeof account === 'object' && account !== null && 'uuid' in account && typeof account.uuid === 'string') {
      uuids.add(account.uuid)
    }
  }
  return { ...value, [ACCOUNT_UUIDS_FIELD]: [...uuids] }
}

/** Stamps the accounts' uuids on every circle row `db` puts or adds. Call once per Dexie instance, before it opens. */
export function stampCircleAccountUuids(db: Dexie): void {
  interceptWrites(db, 'circle-account-uuids', 'circles', (request) =>
    request.type === 'put' || request.type === 'add'
      ? { ...request, values: request.values.map(withAccountUuids) }
      : request,
  )
}
