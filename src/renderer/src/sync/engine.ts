import { AppError, type AppErrorData } from '../../../shared/ipc/errors'
import { clampTimerMs } from '../../../shared/timers'
import { monotonicNow } from '../../../shared/monotonic-clock'
import { accountSignals, type AccountSignals, type OwnedAccountSignals } from '../../../shared/ipc/account-signals'
import type { SessionApi } from '../../../shared/ipc/plannr-api'
import type { PlannrDb } from '../data'
import type { SyncContext } from './context'
import { ProgressTracker } from './progress'
import { type RequestPolicy } from './request'
import { syncReaction } from './reaction'
import { runSync } from './run'
import { fullGroupPass } from './group-full'
import { loadGroupState } from './group-state'
import { stampedSince } from './stamps'
import { stoppedStatus, type SyncOutcome, type SyncPlan, type SyncStatus } from './status'
import { sleep as realSleep, SyncAborted, type Sleep } from './wait'
import { backoffWait, type Backoff } from '../../../shared/backoff'

export interface SyncEngineOptions {
  db: PlannrDb
  /** `window.plannr` in the app; tests and the bench pass their own (same contract). */
  api: SessionApi
  /** Automatic sync period. Default 5 minutes. */
  intervalMs?: number
  /** How old a group's last full pass may get before the next sync reconciles it. Default 6 hours. */
  fullReconcileEveryMs?: number
  /**
   * The participants plan to try first (default `accounts`, which falls back to `per-group` for a
   * run when the account endpoint refuses it). Tests and the bench force `per-group`.
   */
  plan?: SyncPlan
  perPage?: number
  /** Pages a full pass requests ahead of the one it writes (default 3, paged-pass.ts). */
  pagesAhead?: number
  incrementalPerPage?: number
  now?: () => number
  sleep?: Sleep
  random?: () => number
  /**
   * Sign-in and reachability, from the account session (shared with its outbox). Without it the
   * engine follows `api.events` by itself.
   */
  signals?: AccountSignals
}

export interface SyncEngine {
  /** Starts the triggers (now, on connectivity back, on sign-in, on the timer). */
  start(): void
  /** Syncs now, or joins the sync already under way. Never rejects. */
  syncNow(options?: { full?: boolean }): Promise<SyncOutcome>
  /**
   * The user opened a group whose participants are not cached yet: its full pass runs now,
   * alongside (and ahead of) the background run, which skips the group once it is done.
   */
  focusGroup(groupUuid: string): void
  /** Stops the triggers and the run under way (it stops at its next step, nothing is lost). */
  stop(): Promise<void>
  subscribe(listener: (status: SyncStatus) => void): () => void
  readonly status: SyncStatus
}

/** The first offline retry of a whole run waits 5–10 s; each further one doubles that, up to the interval. */
const OFFLINE_BASE_MS = 10_000

/**
 * The pull sync loop of the renderer. One run at a time (single flight: a second "Sync now"
 * joins the first); pauses on lost auth until main says signed-in; after an offline failure
 * retries with growing backoff and as soon as connectivity returns.
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, api } = options
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? realSleep
  const random = options.random ?? Math.random
  const intervalMs = options.intervalMs ?? 5 * 60_000
  const fullReconcileEveryMs = options.fullReconcileEveryMs ?? 6 * 60 * 60_000

  const listeners = new Set<(status: SyncStatus) => void>()
  let status: SyncStatus = stoppedStatus()
  let running: Promise<SyncOutcome> | null = null
  let followUp: Promise<SyncOutcome> | null = null
  /** Set by stop(): a follow-up run asked for before it does not start after it. */
  let stopped = false
  let controller: AbortController | null = null
  let started = false
  let pausedForAuth = false
  let offlineFailures = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let unsubscribers: (() => void)[] = []
  const holdUntil = { at: 0 }
  /** The group the user opened, loading ahead of the background run; `done` says whether it completed. */
  let focus: { groupUuid: string; abort: AbortController; done: Promise<boolean> } | null = null
  /** The group the background run is syncing now. */
  let backgroundGroup: string | null = null

  function publish(patch: Partial<SyncStatus>): void {
    status = { ...status, ...patch }
    for (const listener of listeners) listener(status)
  }

  function schedule(delayMs: number): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
    if (!started) return publish({ nextRunAt: null })
    timer = setTimeout(() => {
      timer = null
      void trigger()
    }, clampTimerMs(delayMs))
    publish({ nextRunAt: now() + delayMs })
  }

  async function trigger(): Promise<void> {
    if (!started || pausedForAuth) return
    await syncNow()
  }

  function pauseForAuth(error: AppErrorData | null): void {
    pausedForAuth = true
    controller?.abort()
    focus?.abort.abort()
    if (timer !== null) clearTimeout(timer)
    timer = null
    publish({ state: 'paused-auth', lastError: error, nextRunAt: null })
  }

  function contextFor(signal: AbortSignal, progress: ProgressTracker): SyncContext {
    const policy: RequestPolicy = {
      signal,
      sleep,
      random,
      maxTransientRetries: 3,
      maxRateLimitWaits: 10,
      onRequest: () => progress.request(),
      onWait: (reason, ms) => progress.waiting(reason, ms),
      holdUntil,
      // A 429's hold is a wait: on the wall clock, a clock put back would stretch it by the step.
      now: monotonicNow,
    }
    return {
      db,
      api,
      policy,
      progress,
      plan: options.plan ?? 'accounts',
      known: new Map(),
      perPage: options.perPage ?? 500,
      pagesAhead: options.pagesAhead,
      incrementalPerPage: options.incrementalPerPage ?? 100,
      now,
      newPassId: () => now().toString(36),
    }
  }

  async function execute(full: boolean): Promise<SyncOutcome> {
    const abort = new AbortController()
    controller = abort
    const startedAt = now()
    const startedAtMonotonic = monotonicNow()
    const progress = new ProgressTracker((snapshot) => publish({ progress: snapshot }), monotonicNow)
    const context: SyncContext = {
      ...contextFor(abort.signal, progress),
      beforeGroup: (groupUuid) => beforeGroup(groupUuid, startedAt),
    }
    publish({ state: 'syncing', progress: progress.snapshot(), lastError: null, nextRunAt: null })
    const tally = (): { requests: number; records: number; durationMs: number } => {
      const snapshot = progress.snapshot()
      return {
        requests: snapshot.requests,
        records: snapshot.recordsDone,
        durationMs: monotonicNow() - startedAtMonotonic,
      }
    }
    try {
      const plan = await runSync(context, { full, fullReconcileEveryMs })
      offlineFailures = 0
      publish({ state: 'idle', lastSyncAt: new Date(now()).toISOString() })
      schedule(intervalMs)
      return { ok: true, plan, ...tally() }
    } catch (caught) {
      const error = describe(caught)
      const reaction = syncReaction(error.kind)
      switch (reaction) {
        case 'pause-auth':
          pauseForAuth(error)
          break
        case 'stopped':
          publish({ state: pausedForAuth ? 'paused-auth' : started ? 'idle' : 'stopped' })
          break
        case 'offline': {
          offlineFailures += 1
          publish({ state: 'offline', lastError: error })
          const backoff: Backoff = { baseMs: OFFLINE_BASE_MS, capMs: intervalMs, jitter: 'equal' }
          schedule(backoffWait(offlineFailures, backoff, random))
          break
        }
        case 'error':
          publish({ state: 'error', lastError: error })
          schedule(intervalMs)
          break
      }
      return { ok: false, error, ...tally() }
    } finally {
      if (controller === abort) controller = null
      backgroundGroup = null
    }
  }

  /**
   * The background run's turn for a group: wait for the user's focused pass of it if one is
   * under way, and skip the group when a full pass completed since the run started (the run
   * itself never passes a group twice, so only a focused pass can have done that). A stamp after
   * now was left by a clock that ran ahead, not by this run (stamps.ts).
   */
  async function beforeGroup(groupUuid: string, runStartedAt: number): Promise<boolean> {
    backgroundGroup = groupUuid
    const pending = focus
    if (pending?.groupUuid === groupUuid) await pending.done
    const state = await loadGroupState(db, groupUuid)
    return !(state.full === null && stampedSince(state.lastFullSyncAt, runStartedAt, now()))
  }

  function focusGroup(groupUuid: string): void {
    if (!started || pausedForAuth) return
    if (focus?.groupUuid === groupUuid || backgroundGroup === groupUuid) return
    // Only the group on screen goes first: one the user left gives way (its progress is kept).
    focus?.abort.abort()
    const abort = new AbortController()
    const context = contextFor(abort.signal, new ProgressTracker(() => {}, monotonicNow))
    const done = (async (): Promise<boolean> => {
      const state = await loadGroupState(db, groupUuid)
      if (state.full === null && state.lastFullSyncAt !== null) return false
      await fullGroupPass(context, groupUuid)
      return true
    })()
      // A failure (offline, stopped) leaves the group to the background run, as before.
      .catch(() => false)
      .finally(() => {
        if (focus?.done !== done) return
        focus = null
        publish({ focusGroup: null })
      })
    focus = { groupUuid, abort, done }
    publish({ focusGroup: groupUuid })
  }

  function runOnce(full: boolean): Promise<SyncOutcome> {
    running = execute(full).finally(() => {
      running = null
    })
    return running
  }

  function syncNow(request: { full?: boolean } = {}): Promise<SyncOutcome> {
    const full = request.full ?? false
    if (!running) return runOnce(full)
    // Asked while a run is under way: that run may already have read past what changed since
    // (the user pressed Sync now because something did), so one more run follows it. Further
    // asks meanwhile join that follow-up rather than queueing more.
    followUp ??= running.then((previous) => {
      followUp = null
      if (stopped) return previous
      return running ?? runOnce(full)
    })
    return followUp
  }

  function start(): void {
    if (started) return
    started = true
    stopped = false
    publish({ state: 'idle' })
    let own: OwnedAccountSignals | null = null
    const signals = options.signals ?? (own = accountSignals(api))
    unsubscribers = [
      // Plannr works again (back online, or a gateway stopped failing for it): whatever changed
      // on Plannr meanwhile is fetched now, whether or not a run of ours failed during the outage.
      signals.onConnectivity((works) => {
        if (works) void trigger()
      }),
      signals.onAuth((signedIn) => {
        if (signedIn) {
          if (!pausedForAuth) return
          pausedForAuth = false
          publish({ state: 'idle', lastError: null })
          void trigger()
        } else pauseForAuth(null)
      }),
      () => own?.close(),
    ]
    void signals.signedIn().then((signedIn) => {
      if (!started) return
      if (!signedIn) pauseForAuth(null)
      else void trigger()
    })
  }

  async function stop(): Promise<void> {
    started = false
    stopped = true
    for (const unsubscribe of unsubscribers) unsubscribe()
    unsubscribers = []
    if (timer !== null) clearTimeout(timer)
    timer = null
    controller?.abort()
    focus?.abort.abort()
    if (running) await running
    await focus?.done
    publish({ state: 'stopped', nextRunAt: null })
  }

  return {
    start,
    syncNow,
    focusGroup,
    stop,
    subscribe(listener) {
      listeners.add(listener)
      listener(status)
      return () => listeners.delete(listener)
    },
    get status() {
      return status
    },
  }
}

function describe(caught: unknown): AppErrorData {
  if (caught instanceof SyncAborted) return { kind: 'cancelled', message: 'Sync stopped.' }
  if (caught instanceof AppError) return caught.data
  // Dexie failures (quota, a closed database) end the run the same way, with the reason kept.
  const message = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)
  return { kind: 'internal', message: `Sync failed: ${message}` }
}
