/** Why a timeout is held: the user is on what it would take away, by keyboard or pointer. */
export type Hold = 'focus' | 'hover'

/** Time given back after a hold ends, however little was left: enough to reach the button again. */
const AFTER_HOLD_MIN_MS = 2_000

/**
 * A timeout that stands still while held. A notice that goes by itself must not go while the
 * user reads it or reaches for its button (WCAG 2.2.1, Timing Adjustable): focus on it or the
 * pointer over it holds the time, and leaving lets it run on from where it stood.
 */
export class HeldTimeout {
  private timer: ReturnType<typeof setTimeout> | null = null
  private endsAt = 0
  /** What was left when a hold began; null while running or stopped. */
  private leftMs: number | null = null
  private readonly holds = new Set<Hold>()

  constructor(private readonly onEnd: () => void) {}

  /** (Re)starts the time; held now, it starts running only once every hold has ended. */
  start(ms: number): void {
    this.clearTimer()
    if (this.holds.size > 0) this.leftMs = ms
    else this.run(ms)
  }

  hold(reason: Hold): void {
    this.holds.add(reason)
    if (!this.timer) return
    this.leftMs = Math.max(0, this.endsAt - Date.now())
    this.clearTimer()
  }

  release(reason: Hold): void {
    if (!this.holds.delete(reason) || this.holds.size > 0 || this.leftMs === null) return
    const left = this.leftMs
    this.leftMs = null
    this.run(Math.max(left, AFTER_HOLD_MIN_MS))
  }

  /** Stops it without `onEnd`. */
  stop(): void {
    this.clearTimer()
    this.leftMs = null
  }

  private run(ms: number): void {
    this.endsAt = Date.now() + ms
    this.timer = setTimeout(() => {
      this.timer = null
      this.onEnd()
    }, ms)
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
