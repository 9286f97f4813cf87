import { equalJitter } from '../../../shared/backoff'
import { clampTimerMs } from '../../../shared/timers'

/** Thrown when a sync is stopped (engine.stop(), or auth lost) while it waits or works. */
export class SyncAborted extends Error {
  constructor() {
    super('Sync stopped')
    this.name = 'SyncAborted'
  }
}

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>

/** setTimeout as a promise that rejects with SyncAborted as soon as `signal` aborts. */
export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new SyncAborted())
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, clampTimerMs(ms))
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(new SyncAborted())
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new SyncAborted()
}

/**
 * Exponential backoff with equal jitter (src/shared/backoff.ts): `attempt` counts from 0 here, so
 * attempt 0 waits between base/2 and base, then 2×, 4×… capped. Sync always waits a little:
 * it retries a whole run, where an immediate retry would only fail again.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  return equalJitter(attempt + 1, baseMs, capMs, random)
}
