/**
 * Node and Chromium store timer delays in a signed 32-bit integer: a longer delay (an absurd
 * Retry-After, a date far in the future) fires after 1 ms instead, with a TimeoutOverflowWarning
 * in Node, and turns a wait into a hot loop. Every timer that takes a computed delay goes
 * through clampTimerMs.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

export function clampTimerMs(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? MAX_TIMER_MS : 0
  return Math.min(MAX_TIMER_MS, Math.max(0, ms))
}
