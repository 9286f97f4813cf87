import type { Connectivity } from '../../../shared/ipc/contract'
import type { PlannrApi } from '../../../shared/ipc/plannr-api'

/**
 * Online/offline as main sees it from real requests to Plannr (not navigator.onLine, which
 * only knows whether a network interface is up).
 */
export class ConnectivityState {
  online = $state(true)
  lastOkAt = $state<string | null>(null)
  reason = $state<string | null>(null)
  /** Ticks every 30 s so "last synced N min ago" texts stay current. */
  now = $state(Date.now())

  constructor(private readonly api: PlannrApi) {}

  init(): () => void {
    const apply = (value: Connectivity): void => {
      this.online = value.online
      this.lastOkAt = value.lastOkAt
      this.reason = value.reason ?? null
    }
    const unsubscribe = this.api.events.connectivity(apply)
    const timer = setInterval(() => (this.now = Date.now()), 30_000)
    void this.api.connectivity.check().then((result) => {
      if (result.ok) apply(result.value)
    })
    return () => {
      unsubscribe()
      clearInterval(timer)
    }
  }

  async check(): Promise<void> {
    const result = await this.api.connectivity.check()
    if (result.ok) {
      this.online = result.value.online
      this.lastOkAt = result.value.lastOkAt
      this.reason = result.value.reason ?? null
    }
  }
}
