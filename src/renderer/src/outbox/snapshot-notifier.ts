import { abortableSleep } from '../../../shared/sleep'
import { isClosed } from './closed'
import type { OutboxSnapshot } from './snapshot'

/**
 * Snapshots read the whole queue (the UI lists it), so while the outbox is busy they are taken
 * at most this often (and less often when they are slow) rather than after every step: a long
 * queue drains at the network's pace, and the screen still follows it closely.
 */
const SNAPSHOT_GAP_MS = 200

export interface SnapshotNotifier {
  /** Listens to snapshots; the new listener gets one soon. */
  subscribe(listener: (snapshot: OutboxSnapshot) => void): () => void
  /** Something changed: the listeners get a fresh snapshot (coalesced with others under way). */
  emit(): void
}

/** Tells the outbox's listeners what the queue looks like, at a pace the queue's size allows. */
export function createSnapshotNotifier(
  read: () => Promise<OutboxSnapshot>,
  log: (message: string) => void,
): SnapshotNotifier {
  const listeners = new Set<(snapshot: OutboxSnapshot) => void>()
  const wait = abortableSleep(() => new DOMException('Aborted', 'AbortError'))
  let emitting: Promise<void> | null = null
  let emitAgain = false
  let lastSnapshotEnd = Number.NEGATIVE_INFINITY
  let lastSnapshotCost = 0

  function emit(): void {
    if (listeners.size === 0) return
    if (emitting) {
      emitAgain = true
      return
    }
    emitting = (async () => {
      do {
        // A gap after the last snapshot, longer when snapshots are costly (a long queue), so
        // they never take more than a small share of the time the drain and enqueues need.
        const gap = lastSnapshotEnd + Math.max(SNAPSHOT_GAP_MS, 4 * lastSnapshotCost) - performance.now()
        if (gap > 0) await wait(gap)
        emitAgain = false
        try {
          const started = performance.now()
          const snap = await read()
          for (const listener of listeners) listener(snap)
          lastSnapshotEnd = performance.now()
          lastSnapshotCost = lastSnapshotEnd - started
        } catch (error) {
          if (!isClosed(error)) log(`outbox: snapshot failed: ${String(error)}`)
          return
        }
      } while (emitAgain)
    })().finally(() => {
      emitting = null
    })
  }

  return {
    subscribe(listener) {
      listeners.add(listener)
      emit()
      return () => listeners.delete(listener)
    },
    emit,
  }
}
