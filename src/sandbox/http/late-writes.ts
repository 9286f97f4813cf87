/**
 * Writes a gateway gave up on while the server behind it still works on them (the fault
 * `commitLateMs`): each is performed once its delay has passed, whatever became of its client.
 * Tests wait for them with `performed()` before they count what Plannr holds.
 */
export class LateWrites {
  private readonly pending = new Set<NodeJS.Timeout>()
  private readonly waiting = new Set<() => void>()

  constructor(private readonly log: (line: string) => void) {}

  /** Runs `perform` after `delayMs`; its failure (a refusal, a 422) is only logged, as nobody hears it. */
  later(delayMs: number, perform: () => Promise<string>): void {
    const timer = setTimeout(() => {
      perform()
        .then(
          (outcome) => this.log(`late write performed → ${outcome}`),
          (error: unknown) => this.log(`late write failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => this.done(timer))
    }, delayMs)
    this.pending.add(timer)
  }

  /** Resolves once no late write is waiting to be performed. */
  performed(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.waiting.add(resolve))
  }

  /** The server stops: what was not performed yet never will be. */
  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer)
    this.pending.clear()
    this.settle()
  }

  private done(timer: NodeJS.Timeout): void {
    this.pending.delete(timer)
    if (this.pending.size === 0) this.settle()
  }

  private settle(): void {
    for (const resolve of this.waiting) resolve()
    this.waiting.clear()
  }
}
