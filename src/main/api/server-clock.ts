import type { ServerClockReading } from '../../shared/ipc/contract'

/**
 * How far Plannr's clock is from ours, measured from the `Date` header of its answers (RFC 9110:
 * second resolution, the moment the answer was made). The outbox needs it to tell whether a
 * record found after an unknown outcome was created after its first send, when that send time
 * is on our clock and the record's `created_at` on Plannr's.
 *
 * A header `D` means Plannr's clock read somewhere in [D, D + 1 s) while the answer was made,
 * and that happened between our send and our receipt. The estimate is the middle of both
 * windows; `errorMs` bounds how far the truth can be from it.
 */
export class ServerClock {
  private reading: ServerClockReading = { offsetMs: null, errorMs: null, measuredAt: null }

  constructor(private readonly now: () => number = Date.now) {}

  /** Called with every answer's `Date` header and when the request left and its answer arrived (our clock). */
  observe(dateHeader: string | null, sentAt: number, receivedAt: number): void {
    if (!dateHeader) return
    const serverSecond = Date.parse(dateHeader)
    if (!Number.isFinite(serverSecond) || receivedAt < sentAt) return
    const errorMs = 500 + (receivedAt - sentAt) / 2
    // A tighter sample (faster round trip) is a better one; a stale one is replaced anyway.
    const current = this.reading
    const stale = current.measuredAt === null || this.now() - Date.parse(current.measuredAt) > 60_000
    if (!stale && current.errorMs !== null && current.errorMs < errorMs) return
    this.reading = {
      offsetMs: Math.round(serverSecond + 500 - (sentAt + receivedAt) / 2),
      errorMs: Math.ceil(errorMs),
      measuredAt: new Date(this.now()).toISOString(),
    }
  }

  current(): ServerClockReading {
    return { ...this.reading }
  }
}
