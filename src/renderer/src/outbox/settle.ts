import type { AppErrorData } from '../../../shared/ipc/errors'
import type { OutboxRecord } from '../data'
import { OpProblemSchema } from './problem'

/**
 * How long a write that may still be running on Plannr is left to finish before the outbox looks
 * it up. A lookup that comes while Plannr is still saving finds nothing, so the write is sent
 * again: a second circle or business unit beside the first, a group refused as "already taken"
 * by its own first copy, an edit that lands late over a newer one. Main gives up on a request
 * after 20 s, and a gateway in front of Plannr after 60 s (nginx's default) or 100 s
 * (Cloudflare's 524), while PHP behind it goes on until the request ends; 90 s after we stopped
 * waiting covers a request that has run for close to two minutes, yet a create that really was
 * lost waits only a minute and a half more.
 */
export const IN_DOUBT_SETTLE_MS = 90_000

/**
 * How long main waits for Plannr's answer before it gives up on a request (`requestTimeoutMs` in
 * src/main/config.ts): the settle window starts at the latest then, so a write may still make its
 * record on Plannr this long plus the settle window after it left (the adoption check's upper
 * bound, operations/evidence.ts).
 */
export const ANSWER_WAIT_MS = 20_000

/** A gateway's answer that it stopped waiting for Plannr, which may still be working on the request. */
const GATEWAY_TIMEOUTS: ReadonlySet<number> = new Set([504, 524])

/**
 * Whether a failed write may still be running on Plannr: no answer came because we, or a gateway
 * between us, stopped waiting or the connection was cut, not because Plannr finished with it (a
 * 500 or a bad answer is Plannr done, a 408 is Plannr refusing to wait for the request).
 */
export function mayStillBeRunning(error: AppErrorData): boolean {
  if (error.kind === 'outcome-unknown' || error.kind === 'cancelled') return true
  if (error.kind === 'timeout') return error.status === undefined
  if (error.kind === 'server') return error.status !== undefined && GATEWAY_TIMEOUTS.has(error.status)
  return false
}

/**
 * The operation waits out the settle window of a write that may still be running on Plannr.
 * Nothing the app or the user does brings its lookup forward (Try now, Plannr working again):
 * looked up early, it would be found missing and sent twice.
 */
export function settling(op: Pick<OutboxRecord, 'lastError'>): boolean {
  const problem = OpProblemSchema.safeParse(op.lastError)
  return problem.success && problem.data.settling === true
}

/** When the settle window of a write Plannr may still be saving ends (its lookup is due then); null when none holds it. */
export function settleEnd(op: Pick<OutboxRecord, 'lastError' | 'nextAttemptAt'>): number | null {
  return settling(op) ? op.nextAttemptAt : null
}
