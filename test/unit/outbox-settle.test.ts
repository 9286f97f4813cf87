import { describe, expect, it } from 'vitest'
import { afterFailure, type FailureContext } from '../../src/renderer/src/outbox/failure'
import type { AppErrorData, AppErrorKind } from '../../src/shared/ipc/errors'

const error = (kind: AppErrorKind, extra: Partial<AppErrorData> = {}): AppErrorData => ({
  kind,
  message: `a ${kind} failure`,
  ...extra,
})

const SETTLE_MS = 90_000
const context: FailureContext = {
  now: 1_000_000,
  holdUntil: 0,
  backoff: { baseMs: 1_000, maxMs: 300_000 },
  rateLimitBackoff: { baseMs: 2_000, maxMs: 60_000 },
  random: () => 0.5,
  settleMs: SETTLE_MS,
}

// A send Plannr may still be working on is looked up only once it had time to finish; a send
// Plannr finished with (even badly) is looked up after the usual backoff.
describe('the settle window of a write in doubt', () => {
  it('waits it out after our timeout, a cut connection or a gateway that stopped waiting (504, 524)', () => {
    const stillRunning = [
      error('outcome-unknown'),
      error('timeout'),
      error('cancelled'),
      error('server', { status: 504 }),
      error('server', { status: 524 }),
    ]
    for (const failed of stillRunning) {
      const { changes } = afterFailure({ attempts: 1 }, failed, 'send', context)
      expect(changes, `${failed.kind} ${failed.status ?? ''}`).toMatchObject({
        status: 'outcome-unknown',
        reconcileFirst: true,
        nextAttemptAt: context.now + SETTLE_MS,
        lastError: { kind: failed.kind, settling: true },
      })
    }
  })

  it('does not when Plannr answered: a 500, a gateway that could not reach it, a 408, a bad answer', () => {
    const answered = [
      error('server', { status: 500 }),
      error('server', { status: 502 }),
      error('server', { status: 503 }),
      error('timeout', { status: 408 }),
      error('malformed-response'),
    ]
    for (const failed of answered) {
      const { changes } = afterFailure({ attempts: 1 }, failed, 'send', context)
      expect(changes.nextAttemptAt, `${failed.kind} ${failed.status ?? ''}`).toBeLessThan(context.now + SETTLE_MS)
      expect(changes.lastError?.settling, `${failed.kind} ${failed.status ?? ''}`).toBeUndefined()
    }
  })

  it('is given once, after the send: a lookup that times out backs off as usual', () => {
    const { changes } = afterFailure({ attempts: 1 }, error('timeout'), 'lookup', context)
    expect(changes.nextAttemptAt).toBeLessThan(context.now + SETTLE_MS)
    expect(changes.lastError?.settling).toBeUndefined()
  })

  it('is the whole wait, however long the backoff has grown: nothing can bring a settling lookup forward', () => {
    const { changes } = afterFailure({ attempts: 12 }, error('server', { status: 504 }), 'send', {
      ...context,
      random: () => 0.99,
    })
    expect(changes.nextAttemptAt).toBe(context.now + SETTLE_MS)
  })
})
