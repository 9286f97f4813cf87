import { describe, expect, it } from 'vitest'
import { backoffDelay, isRetryableRead, retryRead, type RetryPolicy } from '../../src/main/api/retry'
import { RateLimiter } from '../../src/main/api/rate-limiter'
import { AppError } from '../../src/shared/ipc/errors'

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 }

describe('backoff with full jitter', () => {
  it('is uniform between 0 and an exponentially growing, capped ceiling', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ])
    expect(backoffDelay(3, policy, () => 0)).toBe(0)
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200)
  })

  it('retries only reads that may succeed later', () => {
    for (const kind of ['network', 'timeout', 'server', 'rate-limited'] as const) {
      expect(isRetryableRead(new AppError({ kind, message: '' }))).toBe(true)
    }
    for (const kind of [
      'unauthenticated',
      'forbidden',
      'validation',
      'not-found',
      'malformed-response',
      'outcome-unknown',
      'cancelled',
    ] as const) {
      expect(isRetryableRead(new AppError({ kind, message: '' }))).toBe(false)
    }
    expect(isRetryableRead(new Error('x'))).toBe(false)
  })

  it('waits at least Retry-After, and gives up after maxAttempts', async () => {
    const waits: number[] = []
    let attempts = 0
    const result = retryRead(
      async () => {
        attempts++
        throw new AppError({ kind: 'rate-limited', message: '', retryAfterMs: 5_000 })
      },
      { policy, random: () => 0.5, sleep: async (ms) => void waits.push(ms) },
    )
    await expect(result).rejects.toMatchObject({ kind: 'rate-limited' })
    expect(attempts).toBe(5)
    expect(waits).toEqual([5_000, 5_000, 5_000, 5_000])
  })

  it('returns as soon as an attempt succeeds', async () => {
    const waits: number[] = []
    const value = await retryRead(
      async (attempt) => {
        if (attempt < 3) throw new AppError({ kind: 'server', message: '' })
        return 'ok'
      },
      { policy, random: () => 1, sleep: async (ms) => void waits.push(ms) },
    )
    expect(value).toBe('ok')
    expect(waits).toEqual([100, 200])
  })
})

/** A limiter on a fake clock: sleeping advances time. */
function fakeLimiter(options: ConstructorParameters<typeof RateLimiter>[0] = {}) {
  let now = 0
  const limiter = new RateLimiter({
    ...options,
    now: () => now,
    sleep: async (ms) => {
      now += ms
    },
  })
  return { limiter, now: () => now }
}

describe('rate limiter', () => {
  it('allows a burst, then refills at the configured rate, staying under 500 in any minute', async () => {
    const { limiter, now } = fakeLimiter()
    const grants: number[] = []
    for (let i = 0; i < 600; i++) {
      await limiter.acquire()
      grants.push(now())
    }
    expect(grants.slice(0, 25).every((t) => t === 0)).toBe(true)
    for (let i = 0; i < grants.length; i++) {
      const windowEnd = grants[i]! + 60_000
      const inWindow = grants.filter((t) => t >= grants[i]! && t < windowEnd).length
      expect(inWindow).toBeLessThan(500)
    }
  })

  it('spaces requests out when X-Ratelimit-Remaining runs low, and stops when it recovers', async () => {
    const { limiter, now } = fakeLimiter()
    limiter.observeRemaining(9)
    await limiter.acquire()
    const first = now()
    await limiter.acquire()
    expect(now() - first).toBe(6_000)
    limiter.observeRemaining(400)
    const before = now()
    await limiter.acquire()
    expect(now() - before).toBe(0)
  })

  it('a 429 pauses every request until Retry-After has passed', async () => {
    const { limiter, now } = fakeLimiter()
    limiter.pause(3_000)
    await limiter.acquire()
    expect(now()).toBeGreaterThanOrEqual(3_000)
  })

  it('a waiting request can be cancelled', async () => {
    const limiter = new RateLimiter()
    limiter.pause(60_000)
    const controller = new AbortController()
    const pending = limiter.acquire(controller.signal)
    controller.abort()
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' })
  })
})
