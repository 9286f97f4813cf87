import type { ServerClockReading } from '../../shared/ipc/contract'
import { monotonicNow, type MonotonicClock } from '../../shared/monotonic-clock'

const NO_READING: ServerClockReading = { offsetMs: null, errorMs: null, measuredAt: null }

/** A reading older than this (by the monotonic clock) is replaced by the next answer, however loose. */
const READING_FRESH_MS = 60_000

/**
 * How far the wall clock may drift from the monotonic one while it runs normally: time services
 * slew it by at most 0.5 ms a second, and this allows twice that, plus a second. Past it, the
 * clock was set since the reading was taken (or the machine slept, where the monotonic clock
 * stops meanwhile).
 */
function stepAllowanceMs(elapsedMs: number): number {
  return 1_000 + elapsedMs / 1_000
}

/** A moment on both clocks. */
interface Instant {
  wall: number
  monotonic: number
}

/**
 * How far Plannr's clock is from ours, measured from the `Date` header of its answers (RFC 9110:
 * second resolution, the moment the answer was made). The outbox needs it to tell whether a
 * record found after an unknown outcome was created after its first send, when that send time
 * is on our clock and the record's `created_at` on Plannr's.
 *
 * A header `D` means Plannr's clock read somewhere in [D, D + 1 s) while the answer was made,
 * and that happened between our send and our receipt. The estimate is the middle of both
 * windows; `errorMs` bounds how far the truth can be from it.
 *
 * The offset is against the wall clock, so a step of the wall clock (the time service putting
 * right a clock that ran fast) makes it wrong by the step. The reading's age is measured on the
 * monotonic clock, and a reading whose wall clock moved differently from the monotonic one since
 * it was taken is not given out: until the next answer there is no reading.
 */
export class ServerClock {
  private reading: ServerClockReading = NO_READING
  /** When the reading was taken. */
  private takenAt: Instant | null = null

  constructor(
    private readonly wallNow: () => number = Date.now,
    private readonly monotonic: MonotonicClock = monotonicNow,
  ) {}

  /** Called with every answer's `Date` header and when the request left and its answer arrived (wall clock). */
  observe(dateHeader: string | null, sentAt: number, receivedAt: number): void {
    if (!dateHeader) return
    const serverSecond = Date.parse(dateHeader)
    if (!Number.isFinite(serverSecond) || receivedAt < sentAt) return
    const errorMs = 500 + (receivedAt - sentAt) / 2
    // A tighter sample (faster round trip) is a better one; a stale one is replaced anyway.
    const current = this.validReading()
    const fresh = current !== null && this.monotonic() - current.takenAt.monotonic <= READING_FRESH_MS
    if (fresh && current.reading.errorMs !== null && current.reading.errorMs < errorMs) return
    const wall = this.wallNow()
    this.reading = {
      offsetMs: Math.round(serverSecond + 500 - (sentAt + receivedAt) / 2),
      errorMs: Math.ceil(errorMs),
      measuredAt: new Date(wall).toISOString(),
    }
    this.takenAt = { wall, monotonic: this.monotonic() }
  }

  current(): ServerClockReading {
    return { ...(this.validReading()?.reading ?? NO_READING) }
  }

  /** The reading, unless there is none or the wall clock stepped since it was taken. */
  private validReading(): { reading: ServerClockReading; takenAt: Instant } | null {
    const takenAt = this.takenAt
    if (takenAt === null) return null
    const monotonicElapsed = this.monotonic() - takenAt.monotonic
    const wallElapsed = this.wallNow() - takenAt.wall
    if (Math.abs(wallElapsed - monotonicElapsed) > stepAllowanceMs(monotonicElapsed)) return null
    return { reading: this.reading, takenAt }
  }
}
