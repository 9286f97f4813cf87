import { describe, expect, it, vi } from 'vitest'
import { ConnectivityMonitor } from '../../src/main/connectivity'
import type { Connectivity } from '../../src/shared/ipc/contract'

describe('connectivity monitor', () => {
  it('emits only on change, and probes with growing delays while offline', async () => {
    vi.useFakeTimers()
    try {
      const changes: Connectivity[] = []
      let reachable = false
      const probe = vi.fn(async () => reachable)
      const monitor = new ConnectivityMonitor({
        probe,
        onChange: (s) => changes.push(s),
        minProbeDelayMs: 100,
        maxProbeDelayMs: 400,
      })
      monitor.report(true)
      expect(changes).toEqual([])
      monitor.report(false, 'Cannot reach Plannr')
      monitor.report(false, 'still down')
      expect(changes).toEqual([expect.objectContaining({ online: false, reason: 'Cannot reach Plannr' })])

      await vi.advanceTimersByTimeAsync(100)
      expect(probe).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(199)
      expect(probe).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(probe).toHaveBeenCalledTimes(2)
      reachable = true
      await vi.advanceTimersByTimeAsync(400)
      expect(changes.at(-1)).toMatchObject({ online: true })
      expect(changes.at(-1)?.lastOkAt).not.toBeNull()
      const calls = probe.mock.calls.length
      await vi.advanceTimersByTimeAsync(5_000)
      expect(probe).toHaveBeenCalledTimes(calls)
      monitor.dispose()
    } finally {
      vi.useRealTimers()
    }
  })

  it('check() probes now and reports the result', async () => {
    const monitor = new ConnectivityMonitor({ probe: async () => false, onChange: () => {} })
    expect(await monitor.check()).toMatchObject({ online: false })
    monitor.dispose()
  })
})
