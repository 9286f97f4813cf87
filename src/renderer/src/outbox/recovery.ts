import type { PlannrDb } from '../data'
import { inOutboxTransaction } from './tables'
import type { OpProblem } from './types'

/**
 * Recovery at start, by the instance that holds the drain lock: operations a killed app left
 * in 'sending' may have reached Plannr, so they are looked up before anything is resent. Not at
 * once: Plannr may still be saving one (the app went away mid-request, or main gave up on it just
 * before), and a lookup that comes first finds nothing and sends it twice. It waits the settle
 * window (settle.ts) from now, which covers a send that started before the app closed.
 */
export async function recoverInterrupted(db: PlannrDb, settleUntil: number): Promise<void> {
  await inOutboxTransaction(db, async () => {
    await db.outbox
      .where('status')
      .equals('sending')
      .modify((op) => {
        op.status = 'outcome-unknown'
        op.reconcileFirst = true
        op.nextAttemptAt = settleUntil
        op.lastError = {
          kind: 'outcome-unknown',
          message: 'The app closed while this was being sent; checking Plannr before sending again.',
          settling: true,
        } satisfies OpProblem
      })
  })
}

/**
 * Recovery at start, too: a stored wait ends at most the longest wait the outbox gives
 * (`longestWaitMs`) after it was set. One ending later than that from now was set by a clock that
 * ran ahead and was put right while the app was closed (followClock in engine.ts sees a step only
 * while the app runs): waited out as stored, it would hold the operation for as long as the clock
 * was wrong. It is brought back to `latest` (now plus that longest wait). A longer Retry-After
 * Plannr asked for is cut short too: if it still applies, Plannr answers 429 again with it.
 */
export async function bringBackFarWaits(db: PlannrDb, latest: number): Promise<void> {
  await inOutboxTransaction(db, async () => {
    await db.outbox
      .where('nextAttemptAt')
      .above(latest)
      .modify((op) => {
        op.nextAttemptAt = latest
      })
  })
}
