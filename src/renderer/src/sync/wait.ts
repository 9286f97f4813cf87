import { abortableSleep } from '../../../shared/sleep'

/** Thrown when a sync is stopped (engine.stop(), or auth lost) while it waits or works. */
export class SyncAborted extends Error {
  constructor() {
    super('Sync stopped')
    this.name = 'SyncAborted'
  }
}

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>

/** The shared abortable wait (src/shared/sleep.ts): a stopped sync ends its waits with SyncAborted. */
export const sleep: Sleep = abortableSleep(() => new SyncAborted())

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new SyncAborted()
}
