import type { OutboxRecord, OutboxStatus } from '../data/records'

/** States that will be sent without the user doing anything. */
const WILL_SEND: ReadonlySet<OutboxStatus> = new Set(['queued', 'retry-wait', 'outcome-unknown'])

/**
 * An operation cannot go ahead while something it waits for needs the user: stored 'blocked'
 * (its dependency was discarded), or a dependency — at any depth — that needs attention, is
 * blocked, or is gone without having recorded its uuid. Computed, not stored, so a dependency
 * that is fixed and sent unblocks its dependents with no extra write.
 */
export function blockedBy(
  op: OutboxRecord,
  byId: ReadonlyMap<string, OutboxRecord>,
  seen = new Set<string>(),
): string[] {
  if (seen.has(op.id)) return []
  seen.add(op.id)
  const culprits: string[] = []
  for (const id of op.dependsOn) {
    const dependency = byId.get(id)
    if (!dependency) {
      culprits.push(id)
      continue
    }
    if (dependency.status === 'needs-attention' || dependency.status === 'blocked') culprits.push(id)
    else culprits.push(...blockedBy(dependency, byId, seen))
  }
  return culprits
}

export function isBlocked(op: OutboxRecord, byId: ReadonlyMap<string, OutboxRecord>): boolean {
  return op.status === 'blocked' || blockedBy(op, byId).length > 0
}

export interface NextStep {
  /** The operation to work on now, if any. */
  op: OutboxRecord | null
  /** When the earliest waiting operation becomes due (epoch ms), if one is waiting. */
  wakeAt: number | null
}

/**
 * Oldest first by seq, skipping operations whose dependencies are still queued: a chain goes one
 * operation at a time, in order, while an operation that keeps failing does not hold up
 * independent ones behind it.
 */
export function nextStep(ops: readonly OutboxRecord[], now: number): NextStep {
  const byId = new Map(ops.map((op) => [op.id, op]))
  let wakeAt: number | null = null
  for (const op of [...ops].sort((a, b) => a.seq - b.seq)) {
    if (!WILL_SEND.has(op.status)) continue
    if (op.dependsOn.some((id) => byId.has(id)) || isBlocked(op, byId)) continue
    if (op.nextAttemptAt <= now) return { op, wakeAt: null }
    wakeAt = wakeAt === null ? op.nextAttemptAt : Math.min(wakeAt, op.nextAttemptAt)
  }
  return { op: null, wakeAt }
}
