import type { Connectivity } from './contract'
import type { SessionApi } from './plannr-api'
import { clampTimerMs } from '../timers'
import { monotonicNow } from '../monotonic-clock'

/**
 * What an account's engines (pull sync, outbox) need to hear from main: whether the user is
 * signed in, and whether Plannr works. The renderer's account session subscribes to main's
 * events once and hands the same signals to both engines, so they follow one source and a closed
 * session leaves no subscription behind.
 */
export interface AccountSignals {
  /** Every sign-in change main announces: true once signed in, false when the sign-in is lost. */
  onAuth(listener: (signedIn: boolean) => void): () => void
  /**
   * Every change of whether Plannr works: reachable (`online`) and answering as itself (no
   * `serverProblem`: not a gateway's 502/503/504, not a page in the API's place). `true` after
   * `false` is Plannr working again, whether the network came back or a gateway stopped failing:
   * what waited out a backoff for it is due now. A change between offline and unavailable is
   * none (Plannr works in neither).
   */
  onConnectivity(listener: (works: boolean) => void): () => void
  /** Main's current answer (a failed question counts as signed in: the calls themselves will say). */
  signedIn(): Promise<boolean>
}

export interface OwnedAccountSignals extends AccountSignals {
  /** Ends the subscriptions to main's events; listeners hear nothing more. */
  close(): void
}

/**
 * Plannr working again wakes both engines, which then send what waited at once. A Plannr that
 * flaps (a gateway failing every other request, a route down while the probe's answers) would
 * otherwise have them retry at every answer that flips it: a recovery this soon after the last
 * one passed on is passed on at the end of the gap instead, if Plannr still works then. Still far
 * sooner than the engines' own backoffs, which grow to five minutes. Measured on the monotonic
 * clock: a wall clock set back must not stretch the gap.
 */
export const RECOVERY_GAP_MS = 30_000

/** Whether Plannr works, as main's connectivity state says it. */
function plannrWorks(state: Connectivity): boolean {
  return state.online && state.serverProblem === undefined
}

/** One subscription per event to main (through `api`), fanned out to every listener. */
export function accountSignals(api: Pick<SessionApi, 'events' | 'auth'>): OwnedAccountSignals {
  const auth = new Set<(signedIn: boolean) => void>()
  const connectivity = new Set<(works: boolean) => void>()
  /** What the listeners last heard (null: nothing yet). */
  let heard: boolean | null = null
  let lastRecoveryAt = -Infinity
  let deferred: ReturnType<typeof setTimeout> | null = null

  const cancelDeferred = (): void => {
    if (deferred !== null) clearTimeout(deferred)
    deferred = null
  }
  const pass = (works: boolean): void => {
    heard = works
    if (works) lastRecoveryAt = monotonicNow()
    for (const listener of [...connectivity]) listener(works)
  }

  const unsubscribes = [
    api.events.auth((status) => {
      for (const listener of [...auth]) listener(status.state === 'signed-in')
    }),
    api.events.connectivity((state) => {
      const works = plannrWorks(state)
      // Whatever was put off is decided again by this newer state.
      cancelDeferred()
      if (works === heard) return
      const wait = works ? lastRecoveryAt + RECOVERY_GAP_MS - monotonicNow() : 0
      if (wait <= 0) {
        pass(works)
        return
      }
      deferred = setTimeout(() => {
        deferred = null
        pass(true)
      }, clampTimerMs(wait))
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
      cancelDeferred()
      auth.clear()
      connectivity.clear()
    },
  }
}
