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
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(new SyncAborted())
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new SyncAborted()
}

/** Exponential backoff with full jitter: attempt 0 waits up to base, then 2×, 4×… capped. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}
