import type { PlannrDb } from '../data'
import { operationKinds, type OperationKindName } from './operations/registry'
import { isUnreadable, type OpOf, type QueuedOp, type StoredOp } from './record'
import { opsNamed, opsWaitingFor, opsWithBaseName } from './store'
import type { PayloadOf } from './operations/registry'
import type { NameScope, NameTaken, SelfRef } from './types'
import { foldName } from './uuids'

/** The name a queued operation claims in `scope` (its kind's `uniqueName` hook), if any. */
function claimedName<K extends OperationKindName>(op: OpOf<K>, scope: NameScope): string | undefined {
  const claim = operationKinds[op.kind].uniqueName
  return claim?.scope === scope ? claim.of(op.payload) : undefined
}

function tableOf(db: PlannrDb, scope: NameScope) {
  switch (scope) {
    case 'group':
      return db.groups
    case 'business-unit':
      return db.businessUnits
  }
}

/**
 * Is `name` free for a record of this scope? Checked against the cache (which holds both synced
 * and pending records) AND the outbox's own queued operations, so a pending record that the
 * cache lost (cleared, re-synced) still counts. `self` is the operation being edited, which may
 * keep its own name.
 */
export async function nameTaken(
  db: PlannrDb,
  scope: NameScope,
  name: string,
  self: SelfRef,
): Promise<'cache' | 'outbox' | null> {
  // Both lookups go through a name index (cache rows, queued payloads), so the cost does not
  // grow with the cache or the queue. Payload names are trimmed by the shared Name schema.
  const wanted = foldName(name)
  const sameName = await tableOf(db, scope).where('name').equalsIgnoreCase(name.trim()).toArray()
  if (sameName.some((row) => row.uuid !== self.subjectUuid && foldName(row.name) === wanted)) return 'cache'
  const queued = await opsNamed(db, name.trim())
  const clash = queued.some((op) => {
    // The record being renamed may itself be a pending create: its own name is no clash.
    if (isUnreadable(op) || op.id === self.opId || op.subjectUuid === self.subjectUuid) return false
    const claimed = claimedName(op, scope)
    return claimed !== undefined && foldName(claimed) === wanted
  })
  return clash ? 'outbox' : null
}

/** nameTaken over one database, as kinds' checkLocally receive it. */
export function nameCheck(db: PlannrDb): NameTaken {
  return (scope, name, self) => nameTaken(db, scope, name, self)
}

/**
 * The queued operations, earlier than `self`, that free on Plannr the name this payload claims
 * (a rename away from it). On this computer the name was free as soon as the rename was queued;
 * on Plannr it is free only once the rename is sent, so the claim must wait for it even while the
 * rename waits out a backoff.
 */
export async function opsFreeingClaim<K extends OperationKindName>(
  db: PlannrDb,
  kind: K,
  payload: PayloadOf<K>,
  self: { id: string; seq: number } | null,
): Promise<StoredOp[]> {
  const claim = operationKinds[kind].uniqueName
  const name = claim?.of(payload)
  if (!claim || name === undefined) return []
  const wanted = foldName(name)
  const selfSeq = self?.seq ?? Number.POSITIVE_INFINITY
  return (await opsWithBaseName(db, name.trim())).filter((op): op is QueuedOp => {
    if (isUnreadable(op) || op.id === self?.id || op.seq >= selfSeq) return false
    const freed = freedName(op, claim.scope)
    return freed !== undefined && foldName(freed) === wanted
  })
}

/** The name a queued operation frees in `scope` once sent (its kind's `uniqueName.frees`), if any. */
function freedName<K extends OperationKindName>(op: OpOf<K>, scope: NameScope): string | undefined {
  const claim = operationKinds[op.kind].uniqueName
  return claim?.scope === scope ? claim.frees?.(op.payload) : undefined
}

/**
 * The operations waiting for `rename` because it frees the name they claim, with that name. Once
 * the rename is discarded the name stays with its record, so sending them could only be refused.
 */
export async function claimsOnFreedName(
  db: PlannrDb,
  rename: StoredOp,
): Promise<{ name: string; scope: NameScope; claims: QueuedOp[] } | null> {
  if (isUnreadable(rename)) return null
  const scope = operationKinds[rename.kind].uniqueName?.scope
  const name = scope === undefined ? undefined : freedName(rename, scope)
  if (scope === undefined || name === undefined) return null
  const wanted = foldName(name)
  const claims = (await opsWaitingFor(db, rename.id)).filter((op): op is QueuedOp => {
    if (isUnreadable(op) || op.subjectUuid === rename.subjectUuid) return false
    const claimed = claimedName(op, scope)
    return claimed !== undefined && foldName(claimed) === wanted
  })
  return { name, scope, claims }
}
