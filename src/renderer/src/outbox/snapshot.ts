import type { OutboxStatus } from '../data'
import { describeOp } from './describe'
import { inDoubt, mayHaveLanded } from './in-doubt'
import { isUnreadable, unreadableProblem, type StoredOp } from './record'
import { blockedBy, waitingOn } from './schedule'
import { settleEnd } from './settle'
import type { OpProblem } from './types'

/** One operation as the UI shows it. */
export interface OutboxItem {
  id: string
  seq: number
  kind: string
  /** e.g. `group “Jones family”` */
  label: string
  /** The stored state. */
  status: OutboxStatus
  /** What to show: the stored state, except 'blocked' when something it waits for needs the user. */
  state: OutboxStatus
  /** The temporary (or, for edits, real) uuid of the record concerned. */
  subjectUuid: string
  attempts: number
  /** Epoch ms of the next try while waiting (retry-wait, outcome-unknown); 0 when due. */
  nextAttemptAt: number
  /** The server's message and field errors (needs-attention), or the last transient error. */
  problem: OpProblem | null
  /** Labels of the operations this one waits on that need the user (when blocked). */
  blockedBy: string[]
  /**
   * When the lookup of a write Plannr may still be saving is due: nothing (Try now, Plannr back)
   * brings it forward (settle.ts). Null when no settle window holds it.
   */
  settleUntil: number | null
  /**
   * What holds this operation back by waiting out a time of its own: itself, or an operation it
   * waits for (its label and when it goes next). Null when it goes once those before it have gone.
   */
  waitsOn: { label: string; self: boolean; nextAttemptAt: number; settling: boolean } | null
  /** A create Plannr may already have (see mayHaveLanded): sent again as it is, never edited. */
  mayHaveLanded: boolean
  /** An earlier send got no clear answer and was not looked up since: Plannr may have it (see inDoubt). */
  inDoubt: boolean
  payload: unknown
  createdAt: string
}

export interface OutboxCounts {
  /** Will be sent without the user doing anything (queued, sending, waiting to retry). */
  pending: number
  needsAttention: number
  blocked: number
  total: number
}

export type OutboxPause =
  | { reason: 'signed-out'; message: string }
  /** This computer's storage failed the outbox's start: nothing is sent until it works (retried). */
  | { reason: 'storage'; message: string }
  | { reason: 'rate-limited'; until: number }

export interface OutboxSnapshot {
  items: OutboxItem[]
  counts: OutboxCounts
  running: boolean
  /** Why nothing is being sent right now, if that is the case. */
  paused: OutboxPause | null
}

export function toItems(ops: readonly StoredOp[]): OutboxItem[] {
  const byId = new Map(ops.map((op) => [op.id, op]))
  return [...ops]
    .sort((a, b) => a.seq - b.seq)
    .map((op) => {
      const culprits = op.status === 'needs-attention' ? [] : blockedBy(op, byId)
      const blocked = op.status === 'blocked' || culprits.length > 0
      const waiting = blocked ? null : waitingOn(op, byId)
      return {
        id: op.id,
        seq: op.seq,
        kind: op.kind,
        label: describeOp(op),
        status: op.status,
        state: blocked ? 'blocked' : op.status,
        subjectUuid: op.subjectUuid,
        attempts: op.attempts,
        nextAttemptAt: op.nextAttemptAt,
        problem: isUnreadable(op) ? unreadableProblem(op) : op.lastError,
        blockedBy: culprits.map((id) => {
          const culprit = byId.get(id)
          return culprit ? describeOp(culprit) : 'a discarded item'
        }),
        settleUntil: settleEnd(op),
        waitsOn: waiting && {
          label: describeOp(waiting),
          self: waiting.id === op.id,
          nextAttemptAt: waiting.nextAttemptAt,
          settling: settleEnd(waiting) !== null,
        },
        mayHaveLanded: mayHaveLanded(op),
        inDoubt: inDoubt(op),
        payload: op.payload,
        createdAt: op.createdAt,
      }
    })
}

export function countItems(items: readonly OutboxItem[]): OutboxCounts {
  const needsAttention = items.filter((item) => item.state === 'needs-attention').length
  const blocked = items.filter((item) => item.state === 'blocked').length
  return { pending: items.length - needsAttention - blocked, needsAttention, blocked, total: items.length }
}
