import { clampTimerMs } from './timers'

/**
 * The one abortable wait of every process: resolves after `ms` (clamped, see timers.ts), or
 * rejects with `aborted()` as soon as `signal` aborts (at once if it already has). Each caller
 * says what an abort means to it (main: a `cancelled` AppError; sync: its stop signal).
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

export function abortableSleep(aborted: () => Error): Sleep {
  return (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(aborted())
        return
      }
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(aborted())
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, clampTimerMs(ms))
      signal?.addEventListener('abort', onAbort, { once: true })
    })
}
