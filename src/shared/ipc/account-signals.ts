import type { SessionApi } from './plannr-api'

/**
 * What an account's engines (pull sync, outbox) need to hear from main: whether the user is
 * signed in, and whether Plannr is reachable. The renderer's account session subscribes to main's
 * events once and hands the same signals to both engines, so they follow one source and a closed
 * session leaves no subscription behind.
 */
export interface AccountSignals {
  /** Every sign-in change main announces: true once signed in, false when the sign-in is lost. */
  onAuth(listener: (signedIn: boolean) => void): () => void
  /**
   * Every change of reachability main announces. Main's event also carries whether Plannr works
   * (`serverProblem`); a change of that alone is for the status bar, not the engines, which retry
   * a failing Plannr on their own backoff rather than at every answer that flips it.
   */
  onConnectivity(listener: (online: boolean) => void): () => void
  /** Main's current answer (a failed question counts as signed in: the calls themselves will say). */
  signedIn(): Promise<boolean>
}

export interface OwnedAccountSignals extends AccountSignals {
  /** Ends the subscriptions to main's events; listeners hear nothing more. */
  close(): void
}

/** One subscription per event to main (through `api`), fanned out to every listener. */
export function accountSignals(api: Pick<SessionApi, 'events' | 'auth'>): OwnedAccountSignals {
  const auth = new Set<(signedIn: boolean) => void>()
  const connectivity = new Set<(online: boolean) => void>()
  let lastOnline: boolean | null = null
  const unsubscribes = [
    api.events.auth((status) => {
      for (const listener of [...auth]) listener(status.state === 'signed-in')
    }),
    api.events.connectivity((state) => {
      if (state.online === lastOnline) return
      lastOnline = state.online
      for (const listener of [...connectivity]) listener(state.online)
    }),
  ]
  const listen =
    <T>(set: Set<(value: T) => void>) =>
    (listener: (value: T) => void): (() => void) => {
      set.add(listener)
      return () => set.delete(listener)
    }
  return {
    onAuth: listen(auth),
    onConnectivity: listen(connectivity),
    async signedIn() {
      const status = await api.auth.status()
      return !status.ok || status.value.state === 'signed-in'
    },
    close() {
      for (const unsubscribe of unsubscribes) unsubscribe()
      auth.clear()
      connectivity.clear()
    },
  }
}
