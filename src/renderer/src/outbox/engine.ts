import type { AppErrorData } from '../../../shared/ipc/errors'
import { clampTimerMs } from '../../../shared/timers'
import { markChanged, type OutboxRecord, type PlannrDb } from '../data'
import { discardOperation, resolveConflict, retryOperation, type ActionResult, type ConflictChoice } from './actions'
import { edit, type EditIntent, type EditResult } from './edit'
import { backoffDelay, DEFAULT_BACKOFF, Pace, type BackoffPolicy, type PacePolicy } from './backoff'
import { classify } from './classify'
import { answerNotSavedMessage, notSaved } from './local-failure'
import { stampCommitted } from './commit-stamp'
import { enqueue, type EnqueueResult } from './enqueue'
import { operationKind, type OperationKindName, type PayloadOf } from './operations/registry'
import { rebaseSubject } from './rebase'
import { rewriteTempUuid } from './rewrite'
import { nextStep } from './schedule'
import { createChangeSignal, createDrainLock, type ChangeSignal, type DrainLock } from './drain-lock'
import { countItems, toItems, type OutboxSnapshot } from './snapshot'
import { inOutboxTransaction } from './tables'
import type { AnyOperationKind, OpProblem, Operation, OutboxApi } from './types'

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
  /** Follow `api.events` (auth, connectivity) by itself. Default true. */
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
  /** Look again now (after an enqueue, a sign-in, the network coming back). */
  kick(): void
  /** Called with a fresh snapshot after every change, and once right away. Returns unsubscribe. */
  subscribe(listener: (snapshot: OutboxSnapshot) => void): () => void
  enqueue<K extends OperationKindName>(kind: K, payload: PayloadOf<K>): Promise<EnqueueResult<K>>
  /** Queues an edit: folded into a pending create or coalesced with a queued edit where possible. */
  edit(intent: EditIntent): Promise<EditResult>
  /** A conflict's answer: 'mine' sends the edit over Plannr's value, 'theirs' drops it for Plannr's. */
  resolve(id: string, choice: ConflictChoice): Promise<ActionResult>
  retry(id: string, editedPayload?: unknown): Promise<ActionResult>
  discard(id: string): Promise<ActionResult>
  snapshot(): Promise<OutboxSnapshot>
  /** For hosts that track sign-in themselves (when watchEvents is off). */
  setSignedIn(signedIn: boolean): void
  setOnline(online: boolean): void
  /** Resolves once nothing is left that would be sent without the user (all done, or waiting on them). */
  idle(): Promise<OutboxSnapshot>
}

/**
 * Snapshots read the whole queue (the UI lists it), so while the outbox is busy they are taken
 * at most this often (and less often when they are slow) rather than after every step: a long
 * queue drains at the network's pace, and the screen still follows it closely.
 */
const SNAPSHOT_GAP_MS = 200

/** Errors that mean the database went away under us (the app is closing): stop quietly. */
function isClosed(error: unknown): boolean {
  return error instanceof Error && (error.name === 'DatabaseClosedError' || error.name === 'InvalidStateError')
}

export function createOutbox(options: OutboxOptions): Outbox {
  const db = options.db.durable
  const api = options.api
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const rateLimitBackoff = options.rateLimitBackoff ?? { baseMs: 2_000, maxMs: 60_000 }
  const log = options.log ?? (() => {})
  const pace = new Pace(options.pace)
  const listeners = new Set<(snapshot: OutboxSnapshot) => void>()
  const unsubscribes: (() => void)[] = []

  let started = false
  let running = false
  let loop: Promise<void> | null = null
  let lock: DrainLock | null = null
  let signal: ChangeSignal | null = null
  let signedIn = true
  let authPaused: string | null = null
  let online = true
  let holdUntil = 0
  let lastRequestAt = 0
  let inFlight = false
  /** Operations whose 'outcome-unknown' could not be stored yet (storage failing): id → changes. */
  const unrecorded = new Map<string, Partial<OutboxRecord>>()
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

  function sleepUntil(at: number | null): Promise<void> {
    if (dirty || !running) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = at === null ? null : setTimeout(wake, clampTimerMs(at - now()))
      wakeUp = () => {
        if (timer !== null) clearTimeout(timer)
        resolve()
      }
    })
  }

  async function snapshot(): Promise<OutboxSnapshot> {
    const rows = await db.outbox.toArray()
    // What could not be stored yet is still what the user must see.
    const items = toItems(rows.map((row) => ({ ...row, ...unrecorded.get(row.id) })))
    const paused: OutboxSnapshot['paused'] =
      authPaused !== null || !signedIn
        ? { reason: 'signed-out', message: authPaused ?? 'Sign in to send what is waiting.' }
        : holdUntil > now()
          ? { reason: 'rate-limited', until: holdUntil }
          : null
    return { items, counts: countItems(items), running, paused }
  }

  let emitting: Promise<void> | null = null
  let emitAgain = false
  let lastSnapshotEnd = Number.NEGATIVE_INFINITY
  let lastSnapshotCost = 0
  function emit(): void {
    if (listeners.size === 0) return
    if (emitting) {
      emitAgain = true
      return
    }
    emitting = (async () => {
      do {
        // A gap after the last snapshot, longer when snapshots are costly (a long queue), so
        // they never take more than a small share of the time the drain and enqueues need.
        const wait = lastSnapshotEnd + Math.max(SNAPSHOT_GAP_MS, 4 * lastSnapshotCost) - performance.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        emitAgain = false
        try {
          const started = performance.now()
          const snap = await snapshot()
          for (const listener of listeners) listener(snap)
          lastSnapshotEnd = performance.now()
          lastSnapshotCost = lastSnapshotEnd - started
        } catch (error) {
          if (!isClosed(error)) log(`outbox: snapshot failed: ${String(error)}`)
          return
        }
      } while (emitAgain)
    })().finally(() => {
      emitting = null
    })
  }

  /** Operations a killed app left in 'sending' may have reached Plannr: look before resending. */
  async function recoverInterrupted(): Promise<void> {
    await inOutboxTransaction(db, async () => {
      await db.outbox
        .where('status')
        .equals('sending')
        .modify((op) => {
          op.status = 'outcome-unknown'
          op.reconcileFirst = true
          op.nextAttemptAt = 0
          op.lastError = {
            kind: 'outcome-unknown',
            message: 'The app closed while this was being sent; checking Plannr before sending again.',
          } satisfies OpProblem
        })
    })
  }

  async function run(): Promise<void> {
    while (running) {
      dirty = false
      try {
        if (authPaused !== null || !signedIn) {
          emit()
          await sleepUntil(null)
          continue
        }
        if (unrecorded.size > 0) await flushUnrecorded()
        const t = now()
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

  async function work(op: OutboxRecord): Promise<void> {
    const kind = operationKind(op.kind)
    if (!kind) {
      await setProblem(op, 'needs-attention', {
        kind: 'invalid-payload',
        message: `Unknown kind of operation: ${op.kind}.`,
      })
      return
    }
    const parsed = kind.schema.safeParse(op.payload)
    if (!parsed.success) {
      await setProblem(op, 'needs-attention', {
        kind: 'invalid-payload',
        message: 'This item is not valid any more. Edit it or discard it.',
      })
      return
    }
    const typed: Operation<unknown> = { ...op, payload: parsed.data }

    let server: unknown
    if (kind.prepare) {
      // Edits read the server copy before every send: conflicts, deletions and edits that
      // already landed are found here, so this is also their lookup after an unknown outcome.
      lastRequestAt = now()
      const prepared = await request(() => (kind.prepare as NonNullable<AnyOperationKind['prepare']>)(api, typed))
      if (prepared.ok || prepared.error.kind !== 'rate-limited') pace.speedUp()
      if (!prepared.ok) {
        await failed(op, prepared.error, 'lookup')
        return
      }
      const step = prepared.value
      if (step.action === 'done') {
        await record(kind, typed, step.result)
        return
      }
      if (step.action === 'conflict') {
        await setProblem(op, 'needs-attention', {
          kind: 'conflict',
          message: 'Changed on Plannr too since you edited it. Choose which to keep.',
          conflicts: step.conflicts,
          serverUpdatedAt: step.serverUpdatedAt,
        })
        return
      }
      server = step.server
    } else if (op.reconcileFirst || op.status === 'outcome-unknown') {
      // No resend until Plannr says it does not have the record: that is the no-duplicates rule.
      lastRequestAt = now()
      const found = await request(() => kind.reconcile(api, typed))
      if (found.ok || found.error.kind !== 'rate-limited') pace.speedUp()
      if (!found.ok) {
        await failed(op, found.error, 'lookup')
        return
      }
      if (found.value !== null) {
        await record(kind, typed, found.value)
        return
      }
    }

    const sending = await markSending(op)
    if (!sending) return
    lastRequestAt = now()
    const result = await request(() =>
      kind.send(api, { ...typed, attempts: sending.attempts, status: 'sending' }, server),
    )
    if (result.ok || result.error.kind !== 'rate-limited') pace.speedUp()
    if (result.ok) {
      await record(kind, typed, result.value)
    } else {
      await failed(sending, result.error, 'send')
    }
  }

  async function request<T>(call: () => Promise<T>): Promise<T> {
    inFlight = true
    try {
      return await call()
    } finally {
      inFlight = false
    }
  }

  /** Durably 'sending' with the attempt counted BEFORE the request leaves, so a crash is visible. */
  async function markSending(op: OutboxRecord): Promise<OutboxRecord | null> {
    return inOutboxTransaction(db, async () => {
      const fresh = await db.outbox.get(op.id)
      // Discarded or edited by the user since we picked it: pick again.
      if (!fresh || fresh.status !== op.status || JSON.stringify(fresh.payload) !== JSON.stringify(op.payload))
        return null
      const next: OutboxRecord = {
        ...fresh,
        status: 'sending',
        attempts: fresh.attempts + 1,
        reconcileFirst: false,
        firstSentAt: fresh.firstSentAt ?? now(),
      }
      await db.outbox.put(next)
      return next
    })
  }

  /** The server's record replaces the pending one and the operation leaves the outbox, atomically. */
  async function commit(kind: AnyOperationKind, op: Operation<unknown>, result: unknown): Promise<void> {
    await inOutboxTransaction(db, async () => {
      const fresh = await db.outbox.get(op.id)
      // Discarded while we looked it up: the record stays on Plannr and sync will bring it in.
      if (!fresh) return
      const uuid = kind.resultUuid(result)
      // Deleted first, so the pending markers recomputed below no longer count it.
      await db.outbox.delete(fresh.id)
      await kind.commit(db, { ...fresh, payload: op.payload }, result)
      await rewriteTempUuid(db, fresh.subjectUuid, uuid, fresh.id)
      await rebaseSubject(db, uuid)
      await stampCommitted(db, uuid)
    })
    markChanged(db)
  }

  /**
   * Commits Plannr's answer. When this computer cannot write it (a full disk, a DataError), the
   * operation must not stay 'sending' until a restart: it is in doubt at once (Plannr has it,
   * we could not note that), shown to the user, and looked up before anything is sent again.
   */
  async function record(kind: AnyOperationKind, op: Operation<unknown>, result: unknown): Promise<void> {
    try {
      await commit(kind, op, result)
    } catch (error) {
      if (isClosed(error)) throw error
      log(`outbox: could not record the answer for ${op.id}: ${String(error)}`)
      const problem: OpProblem = { kind: 'not-saved', message: answerNotSavedMessage(error) }
      const changes: Partial<OutboxRecord> = {
        status: 'outcome-unknown',
        reconcileFirst: true,
        nextAttemptAt: now() + backoffDelay(Math.max(1, op.attempts), backoff, random),
        lastError: problem,
      }
      try {
        await update(op, changes)
        unrecorded.delete(op.id)
      } catch (again) {
        if (isClosed(again)) throw again
        // Not even the status could be written: keep it here and try again each step.
        unrecorded.set(op.id, changes)
      }
    }
  }

  /** Writes the status changes that could not be stored earlier (see record). */
  async function flushUnrecorded(): Promise<void> {
    for (const [id, changes] of [...unrecorded]) {
      const op = await db.outbox.get(id)
      if (op) await update(op, changes)
      unrecorded.delete(id)
    }
  }

  async function failed(op: OutboxRecord, error: AppErrorData, during: 'lookup' | 'send'): Promise<void> {
    const failure = classify(error)
    const problem: OpProblem = {
      kind: error.kind,
      message: error.message,
      ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      ...(error.status !== undefined ? { status: error.status } : {}),
    }
    // After a lookup we still do not know; after a send, only a "may have committed" answer leaves doubt.
    const doubt = during === 'lookup' || (failure.type === 'retry' && failure.mayHaveCommitted)
    const attempts = during === 'lookup' ? op.attempts + 1 : op.attempts
    const t = now()
    switch (failure.type) {
      case 'retry': {
        const unknown =
          during === 'lookup' ||
          ['outcome-unknown', 'timeout', 'cancelled', 'malformed-response', 'invalid-output'].includes(error.kind)
        await update(op, {
          status: unknown ? 'outcome-unknown' : 'retry-wait',
          reconcileFirst: doubt,
          attempts,
          nextAttemptAt: t + backoffDelay(Math.max(1, attempts), backoff, random),
          lastError: problem,
        })
        return
      }
      case 'rate-limited': {
        const wait =
          failure.retryAfterMs ??
          backoffDelay(Math.max(1, attempts), rateLimitBackoff, random) + rateLimitBackoff.baseMs
        holdUntil = Math.max(holdUntil, t + wait)
        pace.slowDown()
        await update(op, {
          status: doubt ? 'outcome-unknown' : 'retry-wait',
          reconcileFirst: doubt,
          attempts,
          nextAttemptAt: holdUntil,
          lastError: problem,
        })
        return
      }
      case 'auth':
        authPaused = error.message
        await update(op, {
          status: doubt ? 'outcome-unknown' : 'queued',
          reconcileFirst: doubt,
          attempts,
          nextAttemptAt: 0,
          lastError: problem,
        })
        return
      case 'attention':
        await update(op, {
          status: 'needs-attention',
          reconcileFirst: doubt,
          attempts,
          nextAttemptAt: 0,
          lastError: problem,
        })
        return
    }
  }

  async function update(op: OutboxRecord, changes: Partial<OutboxRecord>): Promise<void> {
    await inOutboxTransaction(db, async () => {
      if (await db.outbox.get(op.id)) await db.outbox.update(op.id, changes)
    })
  }

  async function setProblem(op: OutboxRecord, status: 'needs-attention', problem: OpProblem): Promise<void> {
    await update(op, { status, lastError: problem, nextAttemptAt: 0 })
  }

  function watchEvents(): void {
    if (options.watchEvents === false || !api.events) return
    unsubscribes.push(
      api.events.auth((status) => outbox.setSignedIn(status.state === 'signed-in')),
      api.events.connectivity((state) => outbox.setOnline(state.online)),
    )
  }

  async function readAuth(): Promise<void> {
    if (options.watchEvents === false || !api.auth) return
    const status = await api.auth.status()
    if (status.ok) signedIn = status.value.state === 'signed-in'
  }

  /** Back online: what was waiting out a backoff for the network goes now. */
  async function dueNow(): Promise<void> {
    await inOutboxTransaction(db, async () => {
      // Only rows that change are written (modify would rewrite every row it visits).
      await db.outbox
        .where('status')
        .anyOf('retry-wait', 'outcome-unknown')
        .filter((op) => op.nextAttemptAt > holdUntil)
        .modify((op) => {
          op.nextAttemptAt = holdUntil
        })
    })
  }

  /** Runs while this instance holds the drain lock; returning lets the next instance in. */
  async function drain(): Promise<void> {
    running = true
    dirty = false
    loop = run()
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

  const outbox: Outbox = {
    async start() {
      if (started) return
      started = true
      await readAuth()
      watchEvents()
      signal = createChangeSignal(db.name, () => {
        wake()
        emit()
      })
      lock = createDrainLock(db.name, log)
      // Only the holder recovers: another instance's 'sending' operation may be live.
      await lock.acquire(drain, async () => {
        if (started) await recoverInterrupted()
      })
      emit()
    },
    async stop() {
      started = false
      running = false
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe()
      lock?.release()
      lock = null
      signal?.close()
      signal = null
      wake()
      await loop
      loop = null
    },
    kick: changed,
    subscribe(listener) {
      listeners.add(listener)
      emit()
      return () => listeners.delete(listener)
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
    async edit(intent) {
      const result = await edit(db, intent, { now }).catch((error: unknown) => {
        if (isClosed(error)) throw error
        log(`outbox: could not queue ${intent.kind}: ${String(error)}`)
        return notSaved(error)
      })
      if (result.ok) changed()
      emit()
      return result
    },
    async resolve(id, choice) {
      const result = await resolveConflict(db, id, choice)
      changed()
      emit()
      return result
    },
    async retry(id, editedPayload) {
      const result = await retryOperation(db, id, editedPayload)
      changed()
      emit()
      return result
    },
    async discard(id) {
      const result = await discardOperation(db, id)
      changed()
      emit()
      return result
    },
    snapshot,
    setSignedIn(value) {
      signedIn = value
      if (value) authPaused = null
      wake()
      emit()
    },
    setOnline(value) {
      const cameBack = value && !online
      online = value
      if (cameBack && running) void dueNow().then(changed, (error: unknown) => log(`outbox: ${String(error)}`))
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
