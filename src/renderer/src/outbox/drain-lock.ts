/**
 * One drainer per database. Every outbox instance on a database (a second window, a page
 * reloaded while its predecessor's request is still on its way) asks for the same Web Lock; only
 * the holder recovers interrupted operations and sends. A recovering instance that did not hold
 * the lock would take the holder's live `sending` operation for a crashed one, look it up before
 * the first request landed, and send it again.
 *
 * The browser releases a lock when its page goes away, so a crashed or reloaded page never keeps
 * the others waiting.
 */
export interface DrainLock {
  /**
   * Runs `drain` while holding the lock. Resolves true once `drain` has started (at once when the
   * lock is free), false when another instance holds it: `drain` then starts in the background
   * as soon as that instance lets go, unless release() came first.
   */
  acquire(drain: () => Promise<void>, onStarted: () => Promise<void>): Promise<boolean>
  /** Stops waiting; a held lock is released when `drain` returns. */
  release(): void
}

function lockName(databaseName: string): string {
  return `plannr-outbox:${databaseName}`
}

export function createDrainLock(databaseName: string, log: (message: string) => void): DrainLock {
  const name = lockName(databaseName)
  const abort = new AbortController()

  return {
    async acquire(drain, onStarted) {
      const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
      if (!locks) {
        // Without Web Locks (not a secure context) there is no one to share with safely; drain alone.
        log('outbox: Web Locks are not available; draining without the one-drainer guard')
        await onStarted()
        void drain()
        return true
      }
      let started!: (value: boolean) => void
      let failed!: (error: unknown) => void
      const ready = new Promise<boolean>((resolve, reject) => {
        started = resolve
        failed = reject
      })
      const hold = async (lock: Lock | null): Promise<void> => {
        if (!lock) return started(false)
        try {
          await onStarted()
        } catch (error) {
          failed(error)
          return
        }
        started(true)
        await drain()
      }
      void locks.request(name, { ifAvailable: true }, hold).catch(failed)
      if (await ready) return true
      if (abort.signal.aborted) return false
      void locks
        .request(name, { signal: abort.signal }, async () => {
          if (abort.signal.aborted) return
          try {
            await onStarted()
          } catch (error) {
            log(`outbox: could not start draining: ${String(error)}`)
            return
          }
          await drain()
        })
        .catch((error: unknown) => {
          if (!(error instanceof DOMException && error.name === 'AbortError')) log(`outbox: ${String(error)}`)
        })
      return false
    },
    release() {
      abort.abort()
    },
  }
}

/**
 * Tells the other outbox instances on the same database that the queue changed (something was
 * enqueued, sent, discarded): the drainer looks again, the others refresh what they show.
 */
export interface ChangeSignal {
  notify(): void
  close(): void
}

export function createChangeSignal(databaseName: string, onChange: () => void): ChangeSignal {
  if (typeof BroadcastChannel === 'undefined') return { notify() {}, close() {} }
  const channel = new BroadcastChannel(lockName(databaseName))
  channel.onmessage = () => onChange()
  return {
    notify: () => channel.postMessage('changed'),
    close: () => channel.close(),
  }
}
