import { describe, expect, it } from 'vitest'
import { sleep as syncSleep } from '../../src/renderer/src/sync/wait'
import { sleep as mainSleep } from '../../src/main/api/retry'
import { clampTimerMs, MAX_TIMER_MS } from '../../src/shared/timers'

// A delay past 2^31-1 ms overflows a timer, which then fires after 1 ms: an absurd Retry-After
// would turn every wait into a hot loop. Every computed wait is clamped instead.
describe('timer delays are clamped', () => {
  it('clampTimerMs keeps delays within what a timer can hold', () => {
    expect(clampTimerMs(99_999_999_999_000)).toBe(MAX_TIMER_MS)
    expect(clampTimerMs(Infinity)).toBe(MAX_TIMER_MS)
    expect(clampTimerMs(-5)).toBe(0)
    expect(clampTimerMs(Number.NaN)).toBe(0)
    expect(clampTimerMs(1_500)).toBe(1_500)
  })

  for (const [name, sleep] of [
    ['the sync engine', syncSleep],
    ['main', mainSleep],
  ] as const) {
    it(`${name}: a huge wait does not fire early`, async () => {
      const controller = new AbortController()
      let fired = false
      const waiting = sleep(99_999_999_999_000, controller.signal).then(
        () => void (fired = true),
        () => undefined,
      )
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(fired).toBe(false)
      controller.abort()
      await waiting
    })
  }
})
