import type { AppErrorData } from '../../../shared/ipc/errors'
import { abortableSleep } from '../../../shared/sleep'
import { accountSignals, type AccountSignals, type OwnedAccountSignals } from '../../../shared/ipc/account-signals'
import { markChanged, stampCommitted, type CachedCircle, type CachedGroup, type PlannrDb } from '../data'
import { discardOperation, resolveConflict, retryOperation, type ActionResult, type ConflictChoice } from './actions'
import { edit, type Alongside, type EditIntent, type EditResult } from './edit'
import { circleEditStart, groupEditStart, type EditStart } from './opened'
import type { CircleOpened, GroupOpened } from './operations/edit-payloads'
import { backoffDelay, DEFAULT_BACKOFF, longestWaitMs, Pace, type BackoffPolicy, type PacePolicy } from './backoff'
import { forgetDeletedSubject } from './deleted-subject'
import { afterFailure, type FailedStep, type FailureContext, type OpChanges } from './failure'
import { inDoubt } from './in-doubt'
import { answerForAnotherRecord } from './answered-record'
import { isClosed } from './closed'
import { IN_DOUBT_SETTLE_MS } from './settle'
import { bringBackFarWaits, recoverInterrupted } from './recovery'
import { createSnapshotNotifier } from './snapshot-notifier'
import {
  allOps,
  bringWaitsForward,
  deleteOp,
  getOp,
  markSending,
  moveWaitsBack,
  samePayload,
  updateOperation,
} from './store'
import { answerNotSavedMessage, choiceNotSaved, notMarkedMessage, notSaved, notStartedMessage } from './local-failure'
import { enqueue, type EnqueueResult } from './enqueue'
import {
  isOperationKindName,
  operationKinds,
  type OperationKindName,
  type PayloadOf,
  type ResultMap,
} from './operations/registry'
import { rebaseSubject } from './rebase'
import { lookupApi } from './operations/lookup'
import { clockAtSend } from './operations/evidence'
import type { OpOf, StoredOp } from './record'
import { forgetOldCreated, rewriteTempUuid } from './rewrite'
import { nextStep } from './schedule'
import { createChangeSignal, createDrainLock, type ChangeSignal, type DrainLock } from './drain-lock'
import { countItems, toItems, type OutboxSnapshot } from './snapshot'
import { inOutboxTransaction } from './tables'
import type { OpProblem, OutboxApi } from './types'

export interface OutboxOptions {
  /** The databases from openPlannrDatabases(); the outbox only ever uses the durable instance. */
  db: { durable: PlannrDb }
  api: OutboxApi
  now?: () => number
  /** Jitter source, uniform in [0, 1). */
  random?: () => number
  backoff?: BackoffPolicy
  /** Waits after a 429 without Retry-After. */
  rateLimitBackoff?: BackoffPolicy
  /** Gap kept between requests after 429s (doubles per 429, halves per other answer). */
  pace?: PacePolicy
  /** How long a write that may still be running on Plannr is left before its lookup (default IN_DOUBT_SETTLE_MS). */
  inDoubtSettleMs?: number
  /**
   * Sign-in and reachability, from the account session (shared with its sync engine). Without
   * it the outbox follows `api.events` by itself, unless `watchEvents` is false.
   */
  signals?: AccountSignals
  /** Without `signals`: follow `api.events` (auth, connectivity) by itself. Default true. */
  watchEvents?: boolean
  log?: (message: string) => void
}

export interface Outbox {
  /**
   * Takes the database's drain lock, recovers operations interrupted mid-send, then drains
   * whenever there is something to do. When another instance (another window) holds the lock,
   * resolves at once and waits for it in the background; meanwhile this one still shows the
   * queue and accepts work, which the holder sends.
   */
  start(): Promise<void>
  /** Stops after the current step and lets go of the lock; a request already sent is still recorded when it answers. */
  stop(): Promise<void>
  /** Look again now (after an enqueue, a sign-in): what waits out a backoff still waits. */
  kick(): void
  /**
   * The user asked to try now ("Try now", "Sync now"): what waits out a backoff of the app's own
   * is sent at once. A wait Plannr asked for (a 429's Retry-After, the hold after it) is kept.
   * Resolves once the waits are brought forward.
   */
  tryNow(): Promise<void>
  /** Called with a fresh snapshot after every change, and once right away. Returns unsubscribe. */
  subscribe(listener: (snapshot: OutboxSnapshot) => void): () => void
  /**
   * Called once a queued create committed under Plannr's uuid: a screen showing the record by
   * its temporary uuid follows it there. Returns unsubscribe.
   */
  onCreated(listener: (created: CreatedRecord) => void): () => void
  enqueue<K extends OperationKindName>(kind: K, payload: PayloadOf<K>): Promise<EnqueueResult<K>>
  /**
   * Queues an edit: folded into a pending create or coalesced with a queued edit where possible.
   * `alongside`'s writes commit in the same transaction, or not at all (see Alongside).
   */
  edit(intent: EditIntent, alongside?: Alongside): Promise<EditResult>
  /**
   * A group or circle as its edit form opens on it, with the `opened` values its edit intent
   * carries back (opened.ts); null when it is not cached.
   */
  groupEditStart(uuid: string): Promise<EditStart<CachedGroup, GroupOpened> | null>
  circleEditStart(uuid: string): Promise<EditStart<CachedCircle, CircleOpened> | null>
  /** A conflict's answer: 'mine' sends the edit over Plannr's value, 'theirs' drops it for Plannr's. */
  resolve(id: string, choice: ConflictChoice): Promise<ActionResult>
  retry(id: string, editedPayload?: unknown): Promise<ActionResult>
  discard(id: string): Promise<ActionResult>
  snapshot(): Promise<OutboxSnapshot>
  /** For hosts that track sign-in themselves (when watchEvents is off). */
  setSignedIn(signedIn: boolean): void
  /**
   * Whether Plannr works (reachable, and not a gateway failing for it). Working again after it
   * did not brings forward what waited out a backoff, as tryNow() does.
   */
  setOnline(works: boolean): void
  /** Resolves once nothing is left that would be sent without the user (all done, or waiting on them). */
  idle(): Promise<OutboxSnapshot>
}

/** A step back of the clock larger than this moves every wait back with it (see followClock). */
const CLOCK_STEP_BACK_MS = 1_000

/** A record created on Plannr: the temporary uuid it was shown under, and Plannr's. */
export interface CreatedRecord {
  temporaryUuid: string
  uuid: string
}

/** `unlessEdited`: commit only if the operation was not edited since it was picked (see samePayload). */
interface CommitOptions {
  unlessEdited: boolean
}

export function createOutbox(options: OutboxOptions): Outbox {
  const db = options.db.durable
  const api = options.api
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const rateLimitBackoff = options.rateLimitBackoff ?? { baseMs: 2_000, maxMs: 60_000 }
  const settleMs = options.inDoubtSettleMs ?? IN_DOUBT_SETTLE_MS
  const log = options.log ?? (() => {})
  const pace = new Pace(options.pace)
  const unsubscribes: (() => void)[] = []
  let ownSignals: OwnedAccountSignals | null = null

  let started = false
  let running = false
  let loop: Promise<void> | null = null
  let lock: DrainLock | null = null
  let signal: ChangeSignal | null = null
  let signedIn = true
  let authPaused: string | null = null
  /**
   * Whether Plannr works, as last heard (setOnline); null before anything was. Main says so only
   * when it changes, so the first word that it works, even in a window opened during an outage,
   * is Plannr coming back.
   */
  let online: boolean | null = null
  /**
   * Plannr came back while this instance did not hold the drain lock (still starting, or another
   * window sending): the waits it would have brought forward are brought forward once it does.
   */
  let cameBackBeforeDrain = false
  let holdUntil = 0
  let lastRequestAt = 0
  /** The clock as the previous step read it, to notice the computer's clock set back (followClock). */
  let lastStepAt: number | null = null
  let inFlight = false
  /**
   * Recovery at start (recovery.ts) is done for this hold of the drain lock: until it is, nothing
   * is sent. Retried by the drain loop when this computer's storage failed it.
   */
  let recovered = false
  let recoveryFailures = 0
  /** Why the outbox could not start (its storage failing), shown as a pause until recovery works. */
  let notStarted: string | null = null
  /** Operations whose 'outcome-unknown' could not be stored yet (storage failing): id → changes. */
  const unrecorded = new Map<string, OpChanges>()
  const createdListeners = new Set<(created: CreatedRecord) => void>()
  const wait = abortableSleep(() => new DOMException('Woken', 'AbortError'))
  // Set by kick(); a kick between reading the table and going to sleep must not be lost.
  let dirty = false
  let wakeUp: (() => void) | null = null

  function wake(): void {
    dirty = true
    const resolve = wakeUp
    wakeUp = null
    resolve?.()
  }

  /** The queue changed here: look again, and tell the other instances on this database. */
  function changed(): void {
    wake()
    signal?.notify()
  }

  /** Until `at` (or until woken, when null), ending early on wake(): the shared abortable sleep. */
  async function sleepUntil(at: number | null): Promise<void> {
    if (dirty || !running) return
    const waking = new AbortController()
    wakeUp = () => waking.abort()
    // Woken early is the point of the wait, not a failure.
    await wait(at === null ? Infinity : at - now(), waking.signal).catch(() => {})
    wakeUp = null
  }

  /**
   * Every wait here is a time on the wall clock (stored ones must survive a restart). When the
   * computer's clock is set back (time sync correcting a clock that ran fast), those times move
   * back with it, so a wait keeps the length it had; left as they were, every wait, and the pace
   * kept between requests, would grow by the step, and nothing would be sent for that long.
   */
  async function followClock(t: number): Promise<void> {
    const previous = lastStepAt
    lastStepAt = t
    if (previous === null || previous - t <= CLOCK_STEP_BACK_MS) return
    const back = previous - t
    log(`outbox: the clock was set back ${Math.round(back / 1000)} s; waits move back with it`)
    if (lastRequestAt > 0) lastRequestAt -= back
    if (holdUntil > 0) holdUntil -= back
    for (const changes of unrecorded.values())
      if (changes.nextAttemptAt) changes.nextAttemptAt = Math.max(0, changes.nextAttemptAt - back)
    await moveWaitsBack(db, back)
  }

  async function snapshot(): Promise<OutboxSnapshot> {
    const ops = await allOps(db)
    // What could not be stored yet is still what the user must see.
    const items = toItems(ops.map((op): StoredOp => ({ ...op, ...unrecorded.get(op.id) })))
    const paused: OutboxSnapshot['paused'] =
      authPaused !== null || !signedIn
        ? { reason: 'signed-out', message: authPaused ?? 'Sign in to send what is waiting.' }
        : notStarted !== null
          ? { reason: 'storage', message: notStarted }
          : holdUntil > now()
            ? { reason: 'rate-limited', until: holdUntil }
            : null
    return { items, counts: countItems(items), running, paused }
  }

  const notifier = createSnapshotNotifier(snapshot, log)
  const emit = (): void => notifier.emit()

  /**
   * Recovery at start, by the drain lock's holder: operations left 'sending' are looked up before
   * anything is resent. False (and said, as a pause) when this computer's storage failed it.
   */
  async function recover(): Promise<boolean> {
    try {
      await recoverInterrupted(db, now() + settleMs)
      await bringBackFarWaits(db, now() + longestWaitMs(backoff, rateLimitBackoff, settleMs))
      await forgetOldCreated(db, now())
    } catch (error) {
      if (isClosed(error)) throw error
      log(`outbox: could not recover interrupted operations: ${String(error)}`)
      recoveryFailures++
      notStarted = notStartedMessage(error)
      return false
    }
    recovered = true
    recoveryFailures = 0
    notStarted = null
    return true
  }

  async function run(): Promise<void> {
    while (running) {
      dirty = false
      try {
        // Nothing is sent before recovery: a 'sending' operation may have reached Plannr.
        if (!recovered && !(await recover())) {
          emit()
          await sleepUntil(now() + backoffDelay(recoveryFailures, backoff, random))
          continue
        }
        if (authPaused !== null || !signedIn) {
          emit()
          await sleepUntil(null)
          continue
        }
        if (unrecorded.size > 0) await flushUnrecorded()
        const t = now()
        await followClock(t)
        const step = await nextStep(db, t)
        if (!step.op) {
          emit()
          await sleepUntil(step.wakeAt)
          continue
        }
        const notBefore = Math.max(holdUntil, lastRequestAt + pace.gapMs)
        if (notBefore > t) {
          emit()
          await sleepUntil(notBefore)
          continue
        }
        await work(step.op)
        signal?.notify()
        emit()
      } catch (error) {
        if (isClosed(error)) {
          running = false
          break
        }
        log(`outbox: unexpected failure: ${String(error)}`)
        await sleepUntil(now() + backoff.baseMs)
      }
    }
    emit()
  }

  async function work<K extends OperationKindName>(op: OpOf<K>): Promise<void> {
    const kind = operationKinds[op.kind]

    let server: ResultMap[K] | undefined
    if (kind.prepare) {
      // Edits read the server copy before every send: conflicts, deletions and edits that
      // already landed are found here, so this is also their lookup after an unknown outcome.
      lastRequestAt = now()
      const prepare = kind.prepare
      const prepared = await request(() => prepare(api, op))
      if (prepared.ok || prepared.error.kind !== 'rate-limited') pace.speedUp()
      if (!prepared.ok) {
        // A failed read sent nothing: the edit is in as much doubt as it was before it, no more
        // (not in doubt, a later edit of the record still merges into it).
        await failed(op, prepared.error, inDoubt(op) ? 'lookup' : 'read')
        return
      }
      // Both answers below are about the payload as it was read: one edited meanwhile (a later
      // edit coalesced into it while the read was out) is read again on the next step instead.
      const step = prepared.value
      if (step.action === 'done') {
        const wrong = answerForAnotherRecord(op, step.result)
        if (wrong) await failed(op, wrong, inDoubt(op) ? 'lookup' : 'read')
        else await record(op, step.result, { unlessEdited: true })
        return
      }
      if (step.action === 'conflict') {
        await setProblemUnlessEdited(op, {
          kind: 'conflict',
          message: 'Changed on Plannr too since you edited it. Choose which to keep.',
          conflicts: step.conflicts,
          serverUpdatedAt: step.serverUpdatedAt,
        })
        return
      }
      server = step.server
    } else if (inDoubt(op)) {
      // No resend until Plannr says it does not have the record: that is the no-duplicates rule.
      lastRequestAt = now()
      const found = await request(() => kind.reconcile(lookupApi(api, op.id), op, { settleMs }))
      if (found.ok || found.error.kind !== 'rate-limited') pace.speedUp()
      if (!found.ok) {
        await failed(op, found.error, 'lookup')
        return
      }
      if (found.value !== null) {
        const wrong = answerForAnotherRecord(op, found.value)
        if (wrong) await failed(op, wrong, 'lookup')
        else await record(op, found.value)
        return
      }
    }

    // Plannr's clock is kept with the first send and with the latest one (markSending).
    const clock = await clockAtSend(api, now())
    const sending = await markSending(db, op, now(), clock).catch((error: unknown) => {
      if (isClosed(error)) throw error
      notMarked(op, error)
      return null
    })
    if (!sending) return
    lastRequestAt = now()
    const result = await request(() => kind.send(api, { ...op, attempts: sending.attempts, status: 'sending' }, server))
    if (result.ok || result.error.kind !== 'rate-limited') pace.speedUp()
    const sentBefore = {
      firstSentAt: op.firstSentAt ?? null,
      firstSentClock: op.firstSentClock ?? null,
      lastSentAt: op.lastSentAt ?? null,
      lastSentClock: op.lastSentClock ?? null,
    }
    const error = result.ok ? answerForAnotherRecord(op, result.value) : result.error
    if (error) await failed(sending, error, 'send', sentBefore)
    else if (result.ok) await record(op, result.value)
  }

  async function request<T>(call: () => Promise<T>): Promise<T> {
    inFlight = true
    try {
      return await call()
    } finally {
      inFlight = false
    }
  }

  /** The server's record replaces the pending one and the operation leaves the outbox, atomically. */
  async function commit<K extends OperationKindName>(
    op: OpOf<K>,
    result: ResultMap[K],
    options: CommitOptions,
  ): Promise<void> {
    const kind = operationKinds[op.kind]
    const after = await inOutboxTransaction(db, async () => {
      const fresh = await getOp(db, op.id)
      // Discarded while we looked it up: the record stays on Plannr and sync will bring it in.
      if (!fresh) return undefined
      if (options.unlessEdited && !samePayload(fresh, op)) return undefined
      // Only a create's answer names a new uuid (work() refuses an edit's that names another).
      const uuid = kind.creates ? kind.resultUuid(result) : fresh.subjectUuid
      // Deleted first, so the pending markers recomputed below no longer count it.
      await deleteOp(db, fresh.id)
      const committed = await kind.commit(db, { ...op, subjectUuid: fresh.subjectUuid }, result)
      await rewriteTempUuid(db, fresh.subjectUuid, uuid, fresh.id, new Date(now()))
      await rebaseSubject(db, uuid)
      await stampCommitted(db, uuid)
      const created = kind.creates && fresh.subjectUuid !== uuid ? { temporaryUuid: fresh.subjectUuid, uuid } : null
      return { afterCommit: committed ?? undefined, created }
    })
    after?.afterCommit?.()
    markChanged(db)
    const created = after?.created
    if (created) for (const listener of createdListeners) listener(created)
  }

  /**
   * Commits Plannr's answer. When this computer cannot write it (a full disk, a DataError), the
   * operation must not stay 'sending' until a restart: it is in doubt at once (Plannr has it,
   * we could not note that), shown to the user, and looked up before anything is sent again.
   */
  async function record<K extends OperationKindName>(
    op: OpOf<K>,
    result: ResultMap[K],
    options: CommitOptions = { unlessEdited: false },
  ): Promise<void> {
    try {
      await commit(op, result, options)
    } catch (error) {
      if (isClosed(error)) throw error
      log(`outbox: could not record the answer for ${op.id}: ${String(error)}`)
      const problem: OpProblem = { kind: 'not-saved', message: answerNotSavedMessage(error) }
      const changes: OpChanges = {
        status: 'outcome-unknown',
        reconcileFirst: true,
        nextAttemptAt: now() + backoffDelay(Math.max(1, op.attempts), backoff, random),
        lastError: problem,
      }
      await updateOrKeep(op, changes)
    }
  }

  /**
   * Writes an operation's new status; when this computer cannot (a full disk), keeps it here
   * instead: the snapshot shows it, and each step writes it again before anything else is sent.
   * An operation left 'sending' on disk would otherwise wait, unexplained, for a restart.
   */
  async function updateOrKeep(op: Pick<StoredOp, 'id'>, changes: OpChanges): Promise<void> {
    try {
      await update(op, changes)
      unrecorded.delete(op.id)
    } catch (error) {
      if (isClosed(error)) throw error
      log(`outbox: could not write the status of ${op.id}: ${String(error)}`)
      unrecorded.set(op.id, { ...unrecorded.get(op.id), ...changes })
    }
  }

  /**
   * An operation that could not be marked 'sending' (a full disk) is not sent: the request must
   * never leave before that mark. Said on the operation, with a backoff, like the other writes
   * that failed (updateOrKeep): written with the next step that can write.
   */
  function notMarked(op: Pick<StoredOp, 'id' | 'attempts'>, error: unknown): void {
    log(`outbox: could not mark ${op.id} as being sent: ${String(error)}`)
    unrecorded.set(op.id, {
      ...unrecorded.get(op.id),
      nextAttemptAt: now() + backoffDelay(Math.max(1, op.attempts), backoff, random),
      lastError: { kind: 'not-saved', message: notMarkedMessage(error) },
    })
  }

  /** Writes the status changes that could not be stored earlier (see updateOrKeep). */
  async function flushUnrecorded(): Promise<void> {
    for (const [id, changes] of [...unrecorded]) {
      const op = await getOp(db, id)
      if (op) await update(op, changes)
      unrecorded.delete(id)
    }
  }

  /** `sentBefore`, for a failed send: the operation's first and latest sends before this attempt (see afterFailure). */
  async function failed(
    op: Pick<StoredOp, 'id' | 'attempts' | 'kind'>,
    error: AppErrorData,
    during: FailedStep,
    sentBefore: FailureContext['sentBefore'] = null,
  ): Promise<void> {
    const editsExisting = isOperationKindName(op.kind) && !operationKinds[op.kind].creates
    const context = { now: now(), holdUntil, backoff, rateLimitBackoff, random, settleMs, sentBefore, editsExisting }
    const next = afterFailure(op, error, during, context)
    holdUntil = next.holdUntil
    if (next.slowDown) pace.slowDown()
    if (next.authPaused !== null) authPaused = next.authPaused
    await updateOrKeep(op, next.changes)
  }

  const update = (op: Pick<StoredOp, 'id'>, changes: OpChanges): Promise<void> => updateOperation(db, op, changes)
  const setProblemUnlessEdited = (op: Pick<StoredOp, 'id' | 'payload'>, problem: OpProblem): Promise<void> =>
    inOutboxTransaction(db, async () => {
      const fresh = await getOp(db, op.id)
      if (fresh && samePayload(fresh, op))
        await db.outbox.update(op.id, { status: 'needs-attention', lastError: problem, nextAttemptAt: 0 })
    })

  /** The signals given, or ones of its own over `api` (closed on stop), or none (tests drive it). */
  function signalSource(): AccountSignals | null {
    if (options.signals) return options.signals
    if (options.watchEvents === false || !api.events || !api.auth) return null
    ownSignals ??= accountSignals({ events: api.events, auth: api.auth })
    return ownSignals
  }

  async function followSignals(): Promise<void> {
    const source = signalSource()
    if (!source) return
    // Listening before asking: what main announces while the question is out is newer than its
    // answer, and must neither be missed nor overwritten by it.
    let heardAuth = false
    unsubscribes.push(
      source.onAuth((value) => {
        heardAuth = true
        outbox.setSignedIn(value)
      }),
      source.onConnectivity((value) => outbox.setOnline(value)),
    )
    const answer = await source.signedIn()
    if (!heardAuth) signedIn = answer
  }

  /** Plannr works again, or the user asked: what waited out a backoff goes now (see bringWaitsForward). */
  async function dueNow(): Promise<void> {
    try {
      await bringWaitsForward(db, holdUntil)
      changed()
    } catch (error) {
      log(`outbox: could not bring the waits forward: ${String(error)}`)
      // Still a reason to look now: a recovery or a write that failed is tried again at once.
      wake()
    }
  }

  /** Runs while this instance holds the drain lock; returning lets the next instance in. */
  async function drain(): Promise<void> {
    running = true
    dirty = false
    loop = run()
    if (cameBackBeforeDrain && online === true) void dueNow()
    cameBackBeforeDrain = false
    emit()
    // A closed database ends this instance's turn (its page is going away) even while a request
    // still hangs: its answer could not be recorded here anyway, and the next holder looks it up.
    let onClose = (): void => {}
    const closed = new Promise<void>((resolve) => (onClose = resolve))
    db.on('close', onClose)
    try {
      await Promise.race([loop, closed])
    } finally {
      db.on('close').unsubscribe(onClose)
    }
  }

  /** A user's choice about a queued item; one this computer's storage refused is said, not thrown. */
  async function userChoice(what: string, apply: () => Promise<ActionResult>): Promise<ActionResult> {
    const result = await apply().catch((error: unknown) => {
      if (isClosed(error)) throw error
      log(`outbox: could not ${what}: ${String(error)}`)
      return choiceNotSaved(error)
    })
    changed()
    emit()
    return result
  }

  const outbox: Outbox = {
    async start() {
      if (started) return
      started = true
      await followSignals()
      signal = createChangeSignal(db.name, () => {
        wake()
        emit()
      })
      lock = createDrainLock(db.name, log)
      recovered = false
      // Only the holder recovers: another instance's 'sending' operation may be live. Recovered
      // before start() resolves when it can be; when it cannot, the drain loop retries it first.
      await lock.acquire(drain, async () => {
        if (!started) return
        await recover()
      })
      emit()
    },
    async stop() {
      started = false
      running = false
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe()
      ownSignals?.close()
      ownSignals = null
      lock?.release()
      lock = null
      signal?.close()
      signal = null
      wake()
      await loop
      loop = null
    },
    kick: changed,
    async tryNow() {
      // Another window may hold the drain lock: the write reaches it through the change signal.
      if (started) await dueNow()
    },
    subscribe(listener) {
      const unsubscribe = notifier.subscribe(listener)
      emit()
      return unsubscribe
    },
    onCreated(listener) {
      createdListeners.add(listener)
      return () => createdListeners.delete(listener)
    },
    async enqueue(kind, payload) {
      const result = await enqueue(db, kind, payload, { now }).catch((error: unknown) => {
        if (isClosed(error)) throw error
        log(`outbox: could not queue ${kind}: ${String(error)}`)
        return notSaved(error)
      })
      if (result.ok) changed()
      emit()
      return result
    },
    async edit(intent, alongside) {
      const result = await edit(db, intent, { now, ...(alongside ? { alongside } : {}) }).catch((error: unknown) => {
        if (isClosed(error)) throw error
        log(`outbox: could not queue ${intent.kind}: ${String(error)}`)
        return notSaved(error)
      })
      if (result.ok) changed()
      emit()
      return result
    },
    groupEditStart: (uuid) => groupEditStart(db, uuid),
    circleEditStart: (uuid) => circleEditStart(db, uuid),
    resolve: (id, choice) => userChoice(`resolve ${id}`, () => resolveConflict(db, id, choice)),
    retry: (id, editedPayload) => userChoice(`send ${id} again`, () => retryOperation(db, id, editedPayload)),
    discard: (id) =>
      userChoice(`discard ${id}`, async () => {
        const before = await getOp(db, id)
        const result = await discardOperation(db, id)
        if (result.ok && before) await forgetDeletedSubject(db, before)
        return result
      }),
    snapshot,
    setSignedIn(value) {
      signedIn = value
      if (value) authPaused = null
      wake()
      emit()
    },
    setOnline(works) {
      const cameBack = works && online !== true
      online = works
      if (!cameBack) return
      if (running) void dueNow()
      else cameBackBeforeDrain = true
    },
    idle() {
      return new Promise((resolve) => {
        const stop = outbox.subscribe((snap) => {
          if (snap.counts.pending === 0 && !inFlight) {
            stop()
            resolve(snap)
          }
        })
      })
    },
  }
  return outbox
}
