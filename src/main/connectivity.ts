import type { Connectivity } from '../shared/ipc/contract'

/**
 * Reachability of the Plannr API as main really sees it: every real request reports whether an
 * HTTP answer came back (any status counts: the server is there), and while offline a cheap
 * probe runs with exponential backoff until the API answers again. The renderer hears about
 * changes through the `connectivity` event; navigator.onLine says nothing about Plannr itself.
 */
export interface ConnectivityOptions {
  /** Resolves true when the API answered at all. */
  probe: () => Promise<boolean>
  onChange: (state: Connectivity) => void
  minProbeDelayMs?: number
  maxProbeDelayMs?: number
  now?: () => number
}

export class ConnectivityMonitor {
  private state: Connectivity = { online: true, lastOkAt: null }
  private timer: NodeJS.Timeout | null = null
  private delayMs: number
  private disposed = false

  constructor(private readonly options: ConnectivityOptions) {
    this.delayMs = options.minProbeDelayMs ?? 2_000
  }

  current(): Connectivity {
    return { ...this.state }
  }

  /** Called by the HTTP layer after every exchange. */
  report(reachable: boolean, reason?: string): void {
    const now = new Date((this.options.now ?? Date.now)()).toISOString()
    if (reachable) {
      const changed = !this.state.online
      this.state = { online: true, lastOkAt: now }
      this.stopProbing()
      if (changed) this.options.onChange(this.current())
      return
    }
    const changed = this.state.online
    this.state = { online: false, lastOkAt: this.state.lastOkAt, ...(reason ? { reason } : {}) }
    if (changed) {
      this.options.onChange(this.current())
      this.scheduleProbe(true)
    }
  }

  /** `connectivity.check`: probe now, whatever the state. */
  async check(): Promise<Connectivity> {
    const ok = await this.options.probe().catch(() => false)
    this.report(ok, ok ? undefined : 'Plannr cannot be reached.')
    return this.current()
  }

  dispose(): void {
    this.disposed = true
    this.stopProbing()
  }

  private scheduleProbe(reset: boolean): void {
    if (this.disposed) return
    if (reset) this.delayMs = this.options.minProbeDelayMs ?? 2_000
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.check().then((state) => {
        if (state.online) return
        this.delayMs = Math.min(this.delayMs * 2, this.options.maxProbeDelayMs ?? 60_000)
        this.scheduleProbe(false)
      })
    }, this.delayMs)
    // A pending probe must not keep the process (or a test run) alive.
    this.timer.unref()
  }

  private stopProbing(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}

/** Any HTTP answer from the API's origin means it is reachable; no credentials are sent. */
export async function probeApi(baseUrl: string, timeoutMs = 5_000, doFetch: typeof fetch = fetch): Promise<boolean> {
  try {
    const response = await doFetch(new URL('/', baseUrl), {
      method: 'GET',
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    })
    await response.body?.cancel()
    return true
  } catch {
    return false
  }
}
