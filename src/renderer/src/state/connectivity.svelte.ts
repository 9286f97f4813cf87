import type { Connectivity, RateLimitWait } from '../../../shared/ipc/contract'
import type { PlannrApi } from '../../../shared/ipc/plannr-api'

/** Signs of use are passed to main at most this often (main counts the app in use for a minute). */
const ACTIVITY_HINT_GAP_MS = 10_000
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'focus'] as const

/**
 * Online/offline as main sees it from real requests to Plannr and its own probes: the one truth
 * the status bar, the offline banner and the Waiting-to-sync screen show. The browser's
 * online/offline events and the user's activity only go to main as hints; navigator.onLine
 * knows whether a network interface is up, not whether Plannr answers.
 */
export class ConnectivityState {
  online = $state(true)
  lastOkAt = $state<string | null>(null)
  reason = $state<string | null>(null)
  /** Set while Plannr answers but is not working (a gateway's 502/503/504), with what it answered. */
  serverProblem = $state<string | null>(null)
  /** Plannr answers and works: what "Online" means in the status bar. */
  readonly usable = $derived(this.online && this.serverProblem === null)
  /**
   * Nothing has answered yet, and nothing has failed: main starts out assuming the network, and
   * a window starts out before main has told it anything. Shown as such, never as Online.
   */
  readonly connecting = $derived(this.online && this.lastOkAt === null && this.serverProblem === null)
  /** Epoch ms until which main holds every call because Plannr answered 429; null when not waiting. */
  rateLimitedUntil = $state<number | null>(null)
  /**
   * Ticks every 30 s so relative times ("last synced 3 min ago") stay current, and every second
   * while something on screen counts down (a 429's wait, or a time `countDownTo` was given).
   */
  now = $state(Date.now())
  /** Whole seconds left of the 429 wait, or null. */
  readonly rateLimitSeconds = $derived.by(() =>
    this.rateLimitedUntil === null ? null : Math.max(0, Math.ceil((this.rateLimitedUntil - this.now) / 1000)),
  )

  private lastActivityHint = -Infinity
  /** States applied so far: a reply older than one of them is not applied over it. */
  private applied = 0
  private countdown: ReturnType<typeof setInterval> | null = null
  /** Epoch ms each part of the screen counts down to (the changes waiting to sync, a notice), by part. */
  private readonly deadlines = new Map<string, number>()

  constructor(private readonly api: PlannrApi) {}

  init(): () => void {
    const unsubscribe = this.api.events.connectivity((value) => this.apply(value))
    const unsubscribeRateLimit = this.api.events.rateLimit((wait) => this.applyWait(wait))
    const timer = setInterval(() => (this.now = Date.now()), 30_000)
    const onOnline = (): void => void this.api.connectivity.hint({ hint: 'online' })
    const onOffline = (): void => void this.api.connectivity.hint({ hint: 'offline' })
    const onActivity = (): void => this.activity()
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') this.activity()
    }
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true })
    document.addEventListener('visibilitychange', onVisible)
    this.activity()
    void this.check()
    return () => {
      unsubscribe()
      unsubscribeRateLimit()
      clearInterval(timer)
      this.stopCountdown()
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', onOffline)
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true })
      document.removeEventListener('visibilitychange', onVisible)
    }
  }

  /** Asks main to check Plannr now ("Try now"); resolves whether Plannr answered and works. */
  async check(): Promise<boolean> {
    const result = await this.api.connectivity.check()
    if (result.ok) this.apply(result.value)
    return result.ok && this.usable
  }

  /**
   * Tells main the app is in use. Its reply is main's state as it stands, applied unless a newer
   * one came meanwhile: a window opening during an outage shows Offline at once, not after its
   * first check has timed out.
   */
  private activity(): void {
    const at = Date.now()
    if (at - this.lastActivityHint < ACTIVITY_HINT_GAP_MS) return
    this.lastActivityHint = at
    const appliedBefore = this.applied
    void this.api.connectivity.hint({ hint: 'active' }).then(
      (result) => {
        if (result.ok && this.applied === appliedBefore) this.apply(result.value)
      },
      // Main out of reach (the window closing): nothing to show, and main's events say the rest.
      () => {},
    )
  }

  private apply(value: Connectivity): void {
    this.applied += 1
    this.online = value.online
    this.lastOkAt = value.lastOkAt
    this.reason = value.reason ?? null
    this.serverProblem = value.serverProblem ?? null
    this.now = Date.now()
  }

  private applyWait(wait: RateLimitWait): void {
    const until = wait.waitingUntil === null ? null : Date.parse(wait.waitingUntil)
    this.now = Date.now()
    this.rateLimitedUntil = until !== null && until > this.now ? until : null
    this.tickWhileCounting()
  }

  /**
   * A part of the screen (`part`: the changes waiting to sync, a notice; each has its own) shows a
   * countdown to `until` (epoch ms; null: none any more): `now` ticks every second
   * until then, and once more as it passes, so "in 3 s" never freezes and what waits for the time
   * (a Try now button) shows when it comes. Nothing ticks every second while nothing counts down.
   */
  countDownTo(until: number | null, part = 'view'): void {
    // The first number shown is read now, not at the last tick up to 30 s ago.
    this.now = Date.now()
    // Each part says only when its own countdown ends: one part ending leaves another counting.
    if (until !== null && until > this.now) this.deadlines.set(part, until)
    else this.deadlines.delete(part)
    this.tickWhileCounting()
  }

  private tickWhileCounting(): void {
    if (!this.counting()) return this.stopCountdown()
    this.countdown ??= setInterval(() => {
      this.now = Date.now()
      if (this.rateLimitedUntil !== null && this.rateLimitedUntil <= this.now) this.rateLimitedUntil = null
      for (const [part, until] of this.deadlines) if (until <= this.now) this.deadlines.delete(part)
      if (!this.counting()) this.stopCountdown()
    }, 1_000)
  }

  private counting(): boolean {
    return this.rateLimitedUntil !== null || this.deadlines.size > 0
  }

  private stopCountdown(): void {
    if (this.countdown) clearInterval(this.countdown)
    this.countdown = null
  }
}
