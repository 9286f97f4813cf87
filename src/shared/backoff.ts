/**
 * Exponential backoff, defined once for every place that waits before trying again: main's
 * read retries, the renderer's pull sync and its outbox. `attempt` counts from 1 (the attempt
 * that just failed); the ceiling doubles per attempt from `baseMs` up to `capMs`.
 * See "Exponential Backoff And Jitter" (AWS Architecture Blog) for why jitter matters: many
 * queued operations, or several apps of one adviser, must not retry in lockstep.
 */

export function backoffCeiling(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1))
}

/** Full jitter: uniform in [0, ceiling). Spreads retries the most; may retry almost at once. */
export function fullJitter(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt, baseMs, capMs))
}

/** Equal jitter: uniform in [ceiling/2, ceiling]. Always waits at least half the ceiling. */
export function equalJitter(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeiling(attempt, baseMs, capMs)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/**
 * A backoff policy: the ceiling doubles per attempt from `baseMs` up to `capMs`; `jitter` says
 * how the wait is drawn under it. Full jitter spreads retries the most (the outbox's operations,
 * main's reads); equal jitter always waits at least half the ceiling (a whole sync run, where an
 * immediate retry would only fail again).
 */
export interface Backoff {
  baseMs: number
  capMs: number
  jitter: 'full' | 'equal'
}

/** The wait after failed attempt number `attempt` (counted from 1 everywhere). */
export function backoffWait(attempt: number, policy: Backoff, random: () => number = Math.random): number {
  const draw = policy.jitter === 'full' ? fullJitter : equalJitter
  return draw(Math.max(1, attempt), policy.baseMs, policy.capMs, random)
}
