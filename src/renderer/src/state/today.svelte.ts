import { createSubscriber } from 'svelte/reactivity'
import { localDate } from '../data'

/**
 * The longest a timer waits before the day is checked again. Timers count only the time the
 * machine is awake on some systems (sleep pauses them), so a timer set in the evening for
 * midnight could fire hours after a morning wake: checking at least once a minute bounds how
 * late the day changes after a wake nobody announced. Reading the clock costs next to nothing.
 */
const MAX_WAIT_MS = 60_000

/** Milliseconds from `now` to the next local midnight (the Date constructor handles DST). */
function untilMidnight(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime() - now.getTime()
}

/**
 * The renderer's one notion of today, the computer's local calendar date (`YYYY-MM-DD`): the
 * reviews-due counts, the reviews list's windows and the overdue marks all read it, so they
 * change together at local midnight and an app left open overnight never counts one day while
 * listing another.
 *
 * Reactive: effects and templates reading `current` run again when the day changes. While
 * anything reactive reads it, a timer set for the next midnight (re-armed after each check, and
 * never more than a minute away) keeps it current, and the window shown again or focused checks
 * at once. Once nothing reads it the timer and listeners are gone, and a read takes the clock.
 */
class LocalToday {
  #date = localDate()
  #watched = false

  readonly #subscribe = createSubscriber((changed) => {
    this.#watched = true
    this.#date = localDate()
    let timer: ReturnType<typeof setTimeout> | undefined
    const check = (): void => {
      clearTimeout(timer)
      const now = new Date()
      timer = setTimeout(check, Math.min(untilMidnight(now), MAX_WAIT_MS))
      const date = localDate(now)
      if (date === this.#date) return
      this.#date = date
      changed()
    }
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') check()
    }
    check()
    document.addEventListener('visibilitychange', onVisible)
    window.addEventListener('focus', check)
    return () => {
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', onVisible)
      window.removeEventListener('focus', check)
      this.#watched = false
    }
  })

  /** Today's local date, `YYYY-MM-DD`. */
  get current(): string {
    this.#subscribe()
    // Unwatched, no timer keeps the held date current: the clock says what day it is.
    if (!this.#watched) this.#date = localDate()
    return this.#date
  }
}

export const today = new LocalToday()
