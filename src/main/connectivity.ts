import type { Connectivity, ConnectivityHint } from '../shared/ipc/contract'
import { monotonicNow, type MonotonicClock } from '../shared/monotonic-clock'
import type { Answer, Exchange } from './api/http'

/**
 * Reachability of the Plannr API as main really sees it. Three sources, one answer:
 *
 * - every real request reports whether an HTTP answer came back (a failed request flips to
 *   offline at once), with which status, and whether it was the API's own answer (JSON). Any
 *   answer means the network is there. Plannr is working only when the API itself answers: a
 *   gateway's "the server behind me is down" (502, 503, 504 and a CDN's 52x), or a page in place
 *   of the API's answer (a captive portal's sign-in, a proxy's or a maintenance page, whatever
 *   its status), means it is not, which the app shows as such rather than as Online;
 * - a cheap probe (no credentials, an API path: see api/probe.ts) at a steady pace: while online, once the API has been silent
 *   for `activeIntervalMs` (the app is in use) or `idleIntervalMs` (nobody touched it lately);
 *   while offline, with exponential backoff capped lower while the app is in use;
 * - hints: the OS or the renderer saying the network went up or down, the machine woke up, or
 *   the user is doing something. A hint never decides by itself; it makes the probe run now
 *   (network changes, wake) or makes "in use" pacing apply (activity).
 *
 * The renderer hears about changes through the `connectivity` event; navigator.onLine and the
 * OS only know whether a network interface is up, not whether Plannr answers.
 *
 * The pace is measured on a monotonic clock. On the wall clock, a clock set back an hour (often
 * on waking, with a wake hint) would put the last probe an hour in the future and push the next
 * one an hour away: the status would stop following the network for that hour. Only `lastOkAt`,
 * which the app shows, is wall time.
 */
export interface ProbeTimings {
  /** First wait before probing again after going offline; doubles after each failed probe. */
  minDelayMs: number
  /** Longest wait between probes while offline and nobody is using the app. */
  maxDelayMs: number
  /** Longest wait between probes while offline and the app is in use. */
  activeMaxDelayMs: number
  /** While online: probe after this long without an answer from Plannr, when nobody is using the app. */
  idleIntervalMs: number
  /** The same while the app is in use. */
  activeIntervalMs: number
  /** The app counts as in use for this long after the last sign of activity. */
  activeWindowMs: number
  /** A probe without an answer within this long counts as a failure. */
  timeoutMs: number
}

export const DEFAULT_PROBE_TIMINGS: ProbeTimings = {
  minDelayMs: 1_000,
  maxDelayMs: 60_000,
  activeMaxDelayMs: 4_000,
  idleIntervalMs: 20_000,
  activeIntervalMs: 4_000,
  activeWindowMs: 60_000,
  timeoutMs: 4_000,
}

/**
 * Answers a proxy or CDN in front of Plannr gives when the servers behind it are down or do not
 * answer. A 500 is not among them: it is one request failing on a server that works.
 */
const GATEWAY_FAILURES: ReadonlyMap<number, string> = new Map([
  [502, 'Bad Gateway'],
  [503, 'Service Unavailable'],
  [504, 'Gateway Timeout'],
  [520, 'Unknown Error'],
  [521, 'Web Server Is Down'],
  [522, 'Connection Timed Out'],
  [523, 'Origin Is Unreachable'],
  [524, 'A Timeout Occurred'],
])

/**
 * What the app says while Plannr does not work although something answers: a gateway failure,
 * or an answer that is not the API's. Undefined for the API's own answers, errors included (a
 * 500 or a 404 is one request failing on a server that works).
 */
export function serverProblemText(answer: Answer): string | undefined {
  const label = GATEWAY_FAILURES.get(answer.status)
  if (label !== undefined) return `Plannr answered ${answer.status} (${label}).`
  if (!answer.fromApi) {
    return `Plannr is not answering as expected: it answered ${answer.status} with something other than its data (a network sign-in or maintenance page may be in the way).`
  }
  return undefined
}

export interface ConnectivityOptions extends Partial<ProbeTimings> {
  /** Resolves what answered the probe, or null when nothing answered. */
  probe: () => Promise<Answer | null>
  onChange: (state: Connectivity) => void
  /** The clock the pace is measured on (default monotonicNow); never the wall clock. */
  now?: MonotonicClock
}

/** Two hints closer than this share one probe: a flapping interface must not flood the API. */
const HINT_GAP_MS = 1_000

export class ConnectivityMonitor {
  private state: Connectivity = { online: true, lastOkAt: null }
  private readonly timings: ProbeTimings
  private readonly now: MonotonicClock
  private timer: NodeJS.Timeout | null = null
  private backoffMs: number
  private lastAnswerAt: number
  private lastProbeAt = -Infinity
  private lastActiveAt = -Infinity
  private probing: Promise<Connectivity> | null = null
  /** Real requests on the wire now: each is an answer (or a failure) still to come. */
  private inFlight = 0
  /** Answers from Plannr so far: a probe that failed after one came in is not a sign of an outage. */
  private answers = 0
  /** Probes in a row that failed with nothing answering while real requests were still waiting. */
  private unansweredProbes = 0
  /** Nothing is probed until someone cares (a request, a hint, a check): not at the sign-in screen. */
  private armed = false
  private disposed = false

  constructor(private readonly options: ConnectivityOptions) {
    const { probe: _probe, onChange: _onChange, now, ...timings } = options
    this.timings = { ...DEFAULT_PROBE_TIMINGS, ...definedOnly(timings) }
    this.now = now ?? monotonicNow
    this.backoffMs = this.timings.minDelayMs
    this.lastAnswerAt = this.now()
  }

  current(): Connectivity {
    return { ...this.state }
  }

  /**
   * Called by the HTTP layer when a real request goes on the wire; the function it returns is
   * called once that request has settled (answered, failed or cancelled).
   */
  requestStarted(): () => void {
    this.inFlight++
    let settled = false
    return () => {
      if (settled) return
      settled = true
      this.inFlight--
    }
  }

  /** Called by the HTTP layer after every exchange. */
  report(exchange: Exchange): void {
    if (this.disposed) return
    this.armed = true
    const at = this.now()
    if (exchange.answered) {
      const serverProblem = serverProblemText(exchange)
      const changed = !this.state.online || this.state.serverProblem !== serverProblem
      this.answers++
      this.unansweredProbes = 0
      this.lastAnswerAt = at
      this.backoffMs = this.timings.minDelayMs
      this.state = serverProblem
        ? { online: true, lastOkAt: this.state.lastOkAt, serverProblem }
        : { online: true, lastOkAt: new Date().toISOString() }
      this.schedule()
      if (changed) this.options.onChange(this.current())
      return
    }
    const changed = this.state.online
    this.unansweredProbes = 0
    this.state = { online: false, lastOkAt: this.state.lastOkAt, reason: exchange.reason }
    if (changed) {
      this.backoffMs = this.timings.minDelayMs
      this.lastProbeAt = at
      this.schedule()
      this.options.onChange(this.current())
    }
  }

  /** `connectivity.check` and "Try now": probe now, whatever the state (joins a probe under way). */
  check(): Promise<Connectivity> {
    this.armed = true
    if (this.disposed) return Promise.resolve(this.current())
    // The next probe is planned once this one has settled (schedule() waits while one runs).
    this.probing ??= this.runProbe().finally(() => {
      this.probing = null
      this.schedule()
    })
    return this.probing
  }

  /** A hint from the OS or the renderer (see the class comment). */
  hint(hint: ConnectivityHint): Connectivity {
    if (this.disposed) return this.current()
    this.armed = true
    if (hint === 'active') {
      const wasInUse = this.inUse()
      this.lastActiveAt = this.now()
      // Coming back to the app after a while: the in-use pace applies from now, so a probe that
      // is overdue by that pace runs at once.
      if (!wasInUse) this.schedule()
      return this.current()
    }
    // The network changed or the machine woke: whatever backoff we were in no longer says much.
    this.backoffMs = this.timings.minDelayMs
    if (this.now() - this.lastProbeAt >= HINT_GAP_MS) void this.check()
    else this.schedule(HINT_GAP_MS)
    return this.current()
  }

  dispose(): void {
    this.disposed = true
    this.clearTimer()
  }

  private inUse(): boolean {
    return this.now() - this.lastActiveAt < this.timings.activeWindowMs
  }

  private async runProbe(): Promise<Connectivity> {
    this.clearTimer()
    this.lastProbeAt = this.now()
    const answersBefore = this.answers
    const answer = await this.options.probe().catch(() => null)
    if (this.disposed) return this.current()
    if (answer !== null) this.report({ answered: true, ...answer })
    // Still down: wait longer before the next try.
    else if (!this.state.online) this.backoffMs = Math.min(this.backoffMs * 2, this.timings.maxDelayMs)
    else if (this.outageShown(answersBefore)) this.report({ answered: false, reason: 'Plannr cannot be reached.' })
    return this.current()
  }

  /**
   * Whether a probe that failed while online shows an outage. The probe waits `timeoutMs`, real
   * requests far longer: on a slow link that works, the probe gives up on answers that still come.
   * So it does not count when Plannr answered a real request since it started, and while real
   * requests are still waiting it counts only the second time in a row (a link that lost every
   * packet is not left looking Online until their own timeout). With nothing waiting, one failed
   * probe is an outage, so Offline shows as soon as it did before.
   */
  private outageShown(answersBefore: number): boolean {
    if (this.answers !== answersBefore) return false
    if (this.inFlight === 0) return true
    this.unansweredProbes++
    return this.unansweredProbes >= 2
  }

  /** (Re)arms the one timer for the next probe, from the current state and pace. */
  private schedule(minimumMs = 0): void {
    this.clearTimer()
    if (this.disposed || !this.armed || this.probing) return
    const now = this.now()
    const inUse = this.inUse()
    let dueAt: number
    if (this.state.online) {
      dueAt = this.lastAnswerAt + (inUse ? this.timings.activeIntervalMs : this.timings.idleIntervalMs)
    } else {
      const wait = Math.min(this.backoffMs, inUse ? this.timings.activeMaxDelayMs : this.timings.maxDelayMs)
      dueAt = this.lastProbeAt + wait
    }
    const delay = Math.max(minimumMs, dueAt - now, 0)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.check()
    }, delay)
    // A pending probe must not keep the process (or a test run) alive.
    this.timer.unref()
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>
}
