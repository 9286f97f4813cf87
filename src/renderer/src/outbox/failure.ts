import type { AppErrorData } from '../../../shared/ipc/errors'
import { backoffDelay, type BackoffPolicy } from './backoff'
import { classify } from './classify'
import { mayStillBeRunning } from './settle'
import type { Operation, OpProblem } from './types'

/** The fields a status change writes (lastError as a problem the UI can read). */
export type OpChanges = Partial<Omit<Operation<unknown>, 'id' | 'kind' | 'payload'>>

export interface FailureContext {
  now: number
  /** The whole outbox's hold after 429s (epoch ms). */
  holdUntil: number
  backoff: BackoffPolicy
  rateLimitBackoff: BackoffPolicy
  random: () => number
  /** The settle window of a write that may still be running on Plannr (settle.ts). */
  settleMs: number
  /** For a failed send: the operation's first and latest sends (times and clock readings) before this attempt stamped them. */
  sentBefore?: Pick<Operation<unknown>, 'firstSentAt' | 'firstSentClock' | 'lastSentAt' | 'lastSentClock'> | null
  /** The operation edits a record Plannr already has (not a create): a 404 means it was deleted there. */
  editsExisting?: boolean
}

/** What a failed send or lookup does to the operation and to the whole outbox. */
export interface AfterFailure {
  changes: OpChanges
  holdUntil: number
  /** A 429: keep a wider gap between requests for a while. */
  slowDown: boolean
  /** The sign-in is gone: the outbox pauses with this message (null: no change). */
  authPaused: string | null
}

/** Kinds after which no answer came at all: the operation is in doubt rather than waiting to retry. */
const NO_ANSWER = new Set<AppErrorData['kind']>([
  'outcome-unknown',
  'timeout',
  'cancelled',
  'malformed-response',
  'invalid-output',
])

/**
 * What failed: `lookup`, the read that looks for what an earlier send may have done; `read`, an
 * edit's read of Plannr's copy before it sends, with no earlier send in doubt (nothing was sent,
 * so nothing is in doubt after it either); `send`, the write itself.
 */
export type FailedStep = 'lookup' | 'read' | 'send'

/**
 * The executor's failure rule (pure): the shared error policy as read by classify.ts, turned
 * into the operation's next status, attempt count and time, and the outbox-wide hold.
 */
export function afterFailure(
  op: Pick<Operation<unknown>, 'attempts'>,
  error: AppErrorData,
  during: FailedStep,
  context: FailureContext,
): AfterFailure {
  const failure = classify(error)
  const problem: OpProblem = {
    kind: error.kind === 'not-found' && context.editsExisting ? 'deleted' : error.kind,
    message: error.message,
    ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
    ...(error.status !== undefined ? { status: error.status } : {}),
  }
  // After a lookup we still do not know; after a send, only a "may have committed" answer leaves
  // doubt; a read sent nothing, whatever its answer.
  const doubt = during === 'lookup' || (during === 'send' && failure.type === 'retry' && failure.mayHaveCommitted)
  const attempts = during === 'send' ? op.attempts : op.attempts + 1
  const t = context.now
  const same = { holdUntil: context.holdUntil, slowDown: false, authPaused: null }
  // A send that was certainly not applied (never connected, a 429, a refusal) is not a send for
  // the adoption check (operations/evidence.ts): its first and latest send times go back, so a
  // record somebody else made on Plannr meanwhile, or after it, cannot pass for ours.
  // A send left in doubt left no later than now, when its failure came back: that, not when the
  // engine handed it to main, bounds when it can have run (main may hold a write before it leaves,
  // for its rate limiter or a token refresh, and its own timeout starts only then).
  const before = context.sentBefore
  const sent: OpChanges =
    during === 'send' && !doubt
      ? {
          firstSentAt: before?.firstSentAt ?? null,
          firstSentClock: before?.firstSentClock ?? null,
          lastSentAt: before?.lastSentAt ?? null,
          lastSentClock: before?.lastSentClock ?? null,
        }
      : during === 'send'
        ? { lastSentAt: t }
        : {}
  switch (failure.type) {
    case 'retry': {
      const backoff = backoffDelay(attempts, context.backoff, context.random)
      // A send Plannr may still be working on is looked up only once it had time to finish; the
      // problem says so, and that wait is kept when the outbox's own waits are cut short. It is
      // the whole wait: a grown backoff on top would hold the lookup for minutes that nothing
      // (Plannr back, Try now) could shorten, and the lookup, not a resend, comes next.
      if (during === 'send' && doubt && mayStillBeRunning(error)) {
        return {
          ...same,
          changes: {
            status: 'outcome-unknown',
            reconcileFirst: true,
            ...sent,
            attempts,
            nextAttemptAt: t + context.settleMs,
            lastError: { ...problem, settling: true },
          },
        }
      }
      const unknown = during === 'lookup' || (during === 'send' && NO_ANSWER.has(error.kind))
      return {
        ...same,
        changes: {
          status: unknown ? 'outcome-unknown' : 'retry-wait',
          reconcileFirst: doubt,
          ...sent,
          attempts,
          nextAttemptAt: t + backoff,
          lastError: problem,
        },
      }
    }
    case 'rate-limited': {
      const wait =
        failure.retryAfterMs ??
        backoffDelay(attempts, context.rateLimitBackoff, context.random) + context.rateLimitBackoff.baseMs
      const holdUntil = Math.max(context.holdUntil, t + wait)
      return {
        holdUntil,
        slowDown: true,
        authPaused: null,
        changes: {
          status: doubt ? 'outcome-unknown' : 'retry-wait',
          reconcileFirst: doubt,
          ...sent,
          attempts,
          nextAttemptAt: holdUntil,
          lastError: problem,
        },
      }
    }
    case 'auth':
      return {
        ...same,
        authPaused: error.message,
        changes: {
          status: doubt ? 'outcome-unknown' : 'queued',
          reconcileFirst: doubt,
          ...sent,
          attempts,
          nextAttemptAt: 0,
          lastError: problem,
        },
      }
    case 'attention':
      return {
        ...same,
        changes: {
          status: 'needs-attention',
          reconcileFirst: doubt,
          ...sent,
          attempts,
          nextAttemptAt: 0,
          lastError: problem,
        },
      }
  }
}
