import { describe, expect, it } from 'vitest'
import { isRetryableRead } from '../../src/main/api/retry'
import { classify } from '../../src/renderer/src/outbox/classify'
import { syncReaction } from '../../src/renderer/src/sync/reaction'
import { ERROR_POLICY } from '../../src/shared/ipc/error-policy'
import { AppError, AppErrorKind } from '../../src/shared/ipc/errors'
import { abortableSleep } from '../../src/shared/sleep'
import { backoffCeiling, backoffWait } from '../../src/shared/backoff'

const kinds = AppErrorKind.options

describe('one error policy', () => {
  it('covers every error kind', () => {
    expect(Object.keys(ERROR_POLICY).sort()).toEqual([...kinds].sort())
  })

  it.each(kinds)('%s: the sync pauses for sign-in exactly when the outbox does', (kind) => {
    const outboxPauses = classify({ kind, message: '' }).type === 'auth'
    expect(syncReaction(kind) === 'pause-auth').toBe(outboxPauses)
    expect(outboxPauses).toBe(ERROR_POLICY[kind].authLost)
  })

  it.each(kinds)('%s: main retries a read exactly when the sync calls Plannr unreachable', (kind) => {
    const policy = ERROR_POLICY[kind]
    expect(isRetryableRead(new AppError({ kind, message: '' }))).toBe(policy.transient)
    if (!policy.authLost) expect(syncReaction(kind) === 'offline').toBe(policy.transient)
  })

  it.each(kinds)('%s: the outbox never asks the user about a write that may have landed', (kind) => {
    const failure = classify({ kind, message: '' })
    if (ERROR_POLICY[kind].mayHaveCommitted) expect(failure).toEqual({ type: 'retry', mayHaveCommitted: true })
    if (failure.type === 'attention')
      expect(ERROR_POLICY[kind]).toEqual({ transient: false, mayHaveCommitted: false, authLost: false })
  })

  it('a keyring that cannot be read pauses both engines until sign-in', () => {
    expect(syncReaction('keyring-unavailable')).toBe('pause-auth')
    expect(classify({ kind: 'keyring-unavailable', message: '' })).toEqual({ type: 'auth' })
  })
})

describe('one backoff and one sleep', () => {
  it('counts attempts from 1: attempt 1 waits under the base, each next one under twice as much', () => {
    for (const jitter of ['full', 'equal'] as const) {
      for (const attempt of [1, 2, 3, 8]) {
        const ceiling = backoffCeiling(attempt, 100, 1_000)
        expect(backoffWait(attempt, { baseMs: 100, capMs: 1_000, jitter }, () => 0.999999)).toBeLessThanOrEqual(ceiling)
      }
    }
    expect(backoffWait(1, { baseMs: 100, capMs: 1_000, jitter: 'equal' }, () => 0)).toBe(50)
    expect(backoffWait(2, { baseMs: 100, capMs: 1_000, jitter: 'equal' }, () => 0)).toBe(100)
    expect(backoffWait(1, { baseMs: 100, capMs: 1_000, jitter: 'full' }, () => 0.5)).toBe(50)
  })

  it('a sleep ends with the caller’s error when its signal aborts, before or during the wait', async () => {
    const sleep = abortableSleep(() => new Error('stopped'))
    const before = new AbortController()
    before.abort()
    await expect(sleep(10, before.signal)).rejects.toThrow('stopped')
    const during = new AbortController()
    const waiting = sleep(60_000, during.signal)
    during.abort()
    await expect(waiting).rejects.toThrow('stopped')
    await expect(sleep(1)).resolves.toBeUndefined()
  })
})
