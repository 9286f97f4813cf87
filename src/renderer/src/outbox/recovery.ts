import type { PlannrDb } from '../data'
import { inOutboxTransaction } from './tables'
import type { OpProblem } from './types'

/**
 * Recovery at start, by the instance that holds the drain lock: operations a killed app left
 * in 'sending' may have reached Plannr, so they are looked up before anything is resent.
 */
export async function recoverInterrupted(db: PlannrDb): Promise<void> {
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
