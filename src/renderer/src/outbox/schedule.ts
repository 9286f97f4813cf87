import type { OutboxRecord, OutboxStatus, PlannrDb } from '../data'
import { isUnreadable, type QueuedOp } from './record'
import { opsBySeq } from './store'

/** States that will be sent without the user doing anything. */
const WILL_SEND: ReadonlySet<OutboxStatus> = new Set(['queued', 'retry-wait', 'outcome-unknown'])

/**
 * An operation cannot go ahead while something it waits for needs the user: stored 'blocked'
 * (its dependency was discarded), or a dependency — at any depth — that needs attention, is
 * blocked, or is gone without having recorded its uuid. Computed, not stored, so a dependency
 * that is fixed and sent unblocks its dependents with no extra write.
 */
type Scheduled = Pick<OutboxRecord, 'id' | 'status' | 'dependsOn'>

export function blockedBy(
  op: Scheduled,
  byId: ReadonlyMap<string, Scheduled>,
  seen = new Set<string>([op.id]),
): string[] {
  const culprits: string[] = []
  for (const id of op.dependsOn) {
    // Each operation is looked at once: a dependency cycle ends, and a culprit reached by two
    // paths (a circle on two groups that wait for one refused unit) is named once.
    if (seen.has(id)) continue
    seen.add(id)
    const dependency = byId.get(id)
    if (!dependency || dependency.status === 'needs-attention' || dependency.status === 'blocked') culprits.push(id)
    else culprits.push(...blockedBy(dependency, byId, seen))
  }
  return culprits
}

/** States in which an operation waits out a time of its own (a backoff, a settle window) before it goes. */
const WAITING: ReadonlySet<OutboxStatus> = new Set(['retry-wait', 'outcome-unknown'])

/**
 * The operation that holds `op` back by waiting out a time of its own: `op` itself, or what it
 * waits for at any depth (the earliest in the chain found first). Null when nothing in its chain
 * waits: it goes as soon as those before it have gone. Computed, like blockedBy, from the rows.
 */
export function waitingOn<T extends Scheduled>(
  op: T,
  byId: ReadonlyMap<string, T>,
  seen = new Set<string>([op.id]),
): T | null {
  for (const id of op.dependsOn) {
    if (seen.has(id)) continue
    seen.add(id)
    const dependency = byId.get(id)
    if (!dependency) continue
    const waiting = waitingOn(dependency, byId, seen)
    if (waiting) return waiting
  }
  return WAITING.has(op.status) ? op : null
}

export interface NextStep {
  /** The operation to work on now, if any. */
  op: QueuedOp | null
  /** When the earliest waiting operation becomes due (epoch ms), if one is waiting. */
  wakeAt: number | null
}

/**
 * Oldest first by seq, skipping operations that wait for others: a chain goes one operation at a
 * time, in order, while an operation that keeps failing does not hold up independent ones behind
 * it. An operation with anything left in `dependsOn` waits: either that dependency is still
 * queued, or it is gone without having released it (discarded), which blocks it. An unreadable
 * row is never sent (it waits for the user to discard it).
 *
 * Reads the `seq` index in small chunks and stops at the first operation due, so a step costs
 * the same with ten or ten thousand operations queued behind it.
 */
export async function nextStep(db: PlannrDb, now: number): Promise<NextStep> {
  let wakeAt: number | null = null
  for await (const op of opsBySeq(db)) {
    if (isUnreadable(op) || !WILL_SEND.has(op.status) || op.dependsOn.length > 0) continue
    if (op.nextAttemptAt <= now) return { op, wakeAt: null }
    wakeAt = wakeAt === null ? op.nextAttemptAt : Math.min(wakeAt, op.nextAttemptAt)
  }
  return { op: null, wakeAt }
}
