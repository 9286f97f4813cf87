import type { ConnectivityHint } from '../shared/ipc/contract'

/** The part of Electron's powerMonitor this needs (an interface, so tests need no Electron). */
export interface PowerEvents {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown
  removeListener(event: 'resume' | 'unlock-screen', listener: () => void): unknown
}

export interface OsNetworkOptions {
  /** Electron's net.isOnline(): whether the OS has a network connection at all. */
  isOnline: () => boolean
  power: PowerEvents
  hint: (hint: ConnectivityHint) => void
  /** How often the OS's network state is read (a local call, no traffic). */
  pollMs?: number
}

/**
 * Turns what the operating system knows into hints for the connectivity monitor: a network
 * interface coming or going (Electron has no event for it in main, so net.isOnline() is read
 * every couple of seconds) and the machine waking or being unlocked. Returns a stop function.
 */
export function watchOsNetwork(options: OsNetworkOptions): () => void {
  let online = options.isOnline()
  const timer = setInterval(() => {
    const now = options.isOnline()
    if (now === online) return
    online = now
    options.hint(now ? 'online' : 'offline')
  }, options.pollMs ?? 2_000)
  timer.unref?.()
  const wake = (): void => options.hint('wake')
  options.power.on('resume', wake)
  options.power.on('unlock-screen', wake)
  return () => {
    clearInterval(timer)
    options.power.removeListener('resume', wake)
    options.power.removeListener('unlock-screen', wake)
  }
}
