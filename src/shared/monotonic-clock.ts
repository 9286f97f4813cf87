/**
 * Milliseconds on a clock that only runs forward at a steady rate (`performance.now()`, the clock
 * timers run on), for waits and intervals. The wall clock (`Date.now()`) steps when the time
 * service corrects it: a wait measured on it grows or shrinks by the step, so a clock put back an
 * hour would hold a two-second wait for an hour. Wall time is for what is stored, shown, or
 * compared with Plannr's dates.
 *
 * Its zero is arbitrary and its readings mean nothing outside the process that took them.
 */
export type MonotonicClock = () => number

export const monotonicNow: MonotonicClock = () => performance.now()
