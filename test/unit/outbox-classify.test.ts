import { describe, expect, it } from 'vitest'
import { classify } from '../../src/renderer/src/outbox/classify'
import { AppErrorKind, type AppErrorData } from '../../src/shared/ipc/errors'

const error = (kind: AppErrorKind, extra: Partial<AppErrorData> = {}): AppErrorData => ({
  kind,
  message: `a ${kind} failure`,
  ...extra,
})

// What the outbox does with a failed send: retry (and whether to look the record up first),
// wait for Plannr's rate limit, pause for sign-in, or hand the change to the user.
describe('outbox failure policy', () => {
  it('resends a request that never reached Plannr without looking it up first', () => {
    expect(classify(error('network'))).toEqual({ type: 'retry', mayHaveCommitted: false })
  })

  it('looks the record up before resending whenever Plannr may have written it', () => {
    for (const kind of ['server', 'timeout', 'outcome-unknown', 'malformed-response', 'cancelled'] as const)
      expect(classify(error(kind)), kind).toEqual({ type: 'retry', mayHaveCommitted: true })
  })

  it('waits as long as a 429 asked, or backs off when it gave no Retry-After', () => {
    expect(classify(error('rate-limited', { retryAfterMs: 28_000 }))).toEqual({
      type: 'rate-limited',
      retryAfterMs: 28_000,
    })
    expect(classify(error('rate-limited', { retryAfterMs: 0 }))).toEqual({ type: 'rate-limited', retryAfterMs: 0 })
    expect(classify(error('rate-limited'))).toEqual({ type: 'rate-limited', retryAfterMs: null })
  })

  it('pauses for sign-in (nothing dropped) when the token, keyring or account is gone', () => {
    for (const kind of [
      'unauthenticated',
      'not-signed-in',
      'keyring-unavailable',
      'oauth',
      'account-mismatch',
    ] as const)
      expect(classify(error(kind)), kind).toEqual({ type: 'auth' })
  })

  it('hands a refusal to the user: 403, 404, 422 and every other 4xx', () => {
    for (const kind of ['forbidden', 'not-found', 'validation', 'refused', 'invalid-input'] as const)
      expect(classify(error(kind, { status: 409 })), kind).toEqual({ type: 'attention' })
  })

  it('has a decision for every error kind, and only the four known decisions', () => {
    const types = new Set(AppErrorKind.options.map((kind) => classify(error(kind)).type))
    expect([...types].sort()).toEqual(['attention', 'auth', 'rate-limited', 'retry'])
  })

  it('never hands back a rate-limit wait from an earlier answer', () => {
    const first = classify(error('rate-limited', { retryAfterMs: 5_000 }))
    const second = classify(error('rate-limited'))
    expect(first).toEqual({ type: 'rate-limited', retryAfterMs: 5_000 })
    expect(second).toEqual({ type: 'rate-limited', retryAfterMs: null })
  })
})
