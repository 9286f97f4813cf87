import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Answer } from '../../src/main/api/http'
import { ConnectivityMonitor, type ProbeTimings } from '../../src/main/connectivity'
import { watchOsNetwork, type PowerEvents } from '../../src/main/os-network'
import type { Connectivity, ConnectivityHint } from '../../src/shared/ipc/contract'

const TIMINGS: ProbeTimings = {
  minDelayMs: 100,
  maxDelayMs: 400,
  activeMaxDelayMs: 200,
  idleIntervalMs: 10_000,
  activeIntervalMs: 1_000,
  activeWindowMs: 5_000,
  timeoutMs: 50,
}

function setup(reachable: { value: boolean }) {
  const changes: Connectivity[] = []
  const probe = vi.fn(async () => (reachable.value ? { status: 401, fromApi: true } : null))
  const monitor = new ConnectivityMonitor({ ...TIMINGS, probe, onChange: (state) => changes.push(state) })
  return { changes, probe, monitor }
}

describe('connectivity monitor', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('emits only on change, and probes with growing delays while offline', async () => {
    const reachable = { value: false }
    const { changes, probe, monitor } = setup(reachable)
    monitor.report({ answered: true, status: 200, fromApi: true })
    expect(changes).toEqual([])
    monitor.report({ answered: false, reason: 'Cannot reach Plannr' })
    monitor.report({ answered: false, reason: 'still down' })
    expect(changes).toEqual([expect.objectContaining({ online: false, reason: 'Cannot reach Plannr' })])

    await vi.advanceTimersByTimeAsync(100)
    expect(probe).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(199)
    expect(probe).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(probe).toHaveBeenCalledTimes(2)
    // Capped at maxDelayMs while nobody uses the app.
    await vi.advanceTimersByTimeAsync(400)
    expect(probe).toHaveBeenCalledTimes(3)
    await vi.advanceTimersByTimeAsync(400)
    expect(probe).toHaveBeenCalledTimes(4)
    reachable.value = true
    await vi.advanceTimersByTimeAsync(400)
    expect(changes.at(-1)).toMatchObject({ online: true })
    expect(changes.at(-1)?.lastOkAt).not.toBeNull()
    monitor.dispose()
  })

  it('notices an outage with no request of its own: a steady probe while online, faster while in use', async () => {
    const reachable = { value: true }
    const { changes, probe, monitor } = setup(reachable)
    monitor.report({ answered: true, status: 200, fromApi: true })
    // Idle: the probe runs once Plannr has been silent for idleIntervalMs.
    await vi.advanceTimersByTimeAsync(9_999)
    expect(probe).toHaveBeenCalledTimes(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(probe).toHaveBeenCalledTimes(1)

    // In use: every activeIntervalMs; coming back after a silence longer than that probes at once.
    await vi.advanceTimersByTimeAsync(5_000)
    monitor.hint('active')
    await vi.advanceTimersByTimeAsync(0)
    expect(probe).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(probe).toHaveBeenCalledTimes(3)

    // A real answer counts as a probe: the next one waits a full interval after it.
    await vi.advanceTimersByTimeAsync(500)
    monitor.report({ answered: true, status: 200, fromApi: true })
    await vi.advanceTimersByTimeAsync(999)
    expect(probe).toHaveBeenCalledTimes(3)

    reachable.value = false
    await vi.advanceTimersByTimeAsync(1)
    expect(probe).toHaveBeenCalledTimes(4)
    expect(changes).toEqual([expect.objectContaining({ online: false })])

    // While in use, offline backoff stays under activeMaxDelayMs; back online within it.
    await vi.advanceTimersByTimeAsync(100 + 200 + 200)
    expect(probe).toHaveBeenCalledTimes(7)
    reachable.value = true
    await vi.advanceTimersByTimeAsync(200)
    expect(changes.at(-1)).toMatchObject({ online: true })
    monitor.dispose()
  })

  it('counts any failed request: offline at once, without waiting for the probe', () => {
    const { changes, monitor } = setup({ value: true })
    monitor.report({ answered: false, reason: 'The connection was reset.' })
    expect(changes).toEqual([{ online: false, lastOkAt: null, reason: 'The connection was reset.' }])
    monitor.dispose()
  })

  it("a gateway's 502/503/504 is Plannr not working: said once, with the status, and cleared by any other answer", () => {
    const { changes, monitor } = setup({ value: true })
    monitor.report({ answered: true, status: 200, fromApi: true })
    const okAt = monitor.current().lastOkAt
    monitor.report({ answered: true, status: 503, fromApi: true })
    monitor.report({ answered: true, status: 503, fromApi: true })
    expect(changes).toEqual([
      { online: true, lastOkAt: okAt, serverProblem: 'Plannr answered 503 (Service Unavailable).' },
    ])
    monitor.report({ answered: true, status: 504, fromApi: true })
    expect(changes.at(-1)).toMatchObject({ serverProblem: 'Plannr answered 504 (Gateway Timeout).' })
    // One request failing on a working server says nothing about the others.
    monitor.report({ answered: true, status: 401, fromApi: true })
    expect(changes.at(-1)).toEqual({ online: true, lastOkAt: expect.any(String) })
    monitor.report({ answered: true, status: 500, fromApi: true })
    expect(changes).toHaveLength(3)
    monitor.dispose()
  })

  it('an answer that is not the API\'s (a portal\'s page) is Plannr not working, whatever its status, and keeps "last OK"', () => {
    const { changes, monitor } = setup({ value: true })
    monitor.report({ answered: true, status: 200, fromApi: true })
    const okAt = monitor.current().lastOkAt
    monitor.report({ answered: true, status: 200, fromApi: false })
    expect(changes).toEqual([
      { online: true, lastOkAt: okAt, serverProblem: expect.stringMatching(/not answering as expected.*200/) },
    ])
    // A gateway's own error page says more than "not the API".
    monitor.report({ answered: true, status: 503, fromApi: false })
    expect(changes.at(-1)).toMatchObject({ serverProblem: 'Plannr answered 503 (Service Unavailable).' })
    monitor.report({ answered: true, status: 404, fromApi: true })
    expect(changes.at(-1)).toEqual({ online: true, lastOkAt: expect.any(String) })
    monitor.dispose()
  })

  it('probes at once on a network or wake hint, and two close hints share one probe', async () => {
    const reachable = { value: false }
    const { changes, probe, monitor } = setup(reachable)
    monitor.hint('offline')
    await vi.advanceTimersByTimeAsync(0)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(changes.at(-1)).toMatchObject({ online: false })
    monitor.hint('online')
    await vi.advanceTimersByTimeAsync(0)
    expect(probe).toHaveBeenCalledTimes(1)
    reachable.value = true
    await vi.advanceTimersByTimeAsync(1_000)
    expect(probe).toHaveBeenCalledTimes(2)
    expect(changes.at(-1)).toMatchObject({ online: true })
    await vi.advanceTimersByTimeAsync(1_000)
    monitor.hint('wake')
    await vi.advanceTimersByTimeAsync(0)
    expect(probe).toHaveBeenCalledTimes(3)
    monitor.dispose()
  })

  it('check() probes now, joins a probe under way, and reports the result', async () => {
    vi.useRealTimers()
    let release: (value: Answer | null) => void = () => {}
    const probe = vi.fn(() => new Promise<Answer | null>((resolve) => (release = resolve)))
    const monitor = new ConnectivityMonitor({ probe, onChange: () => {} })
    const first = monitor.check()
    const second = monitor.check()
    release(null)
    expect(await first).toMatchObject({ online: false })
    expect(await second).toMatchObject({ online: false })
    expect(probe).toHaveBeenCalledTimes(1)
    monitor.dispose()
  })

  it('with a request still waiting, the steady probe says Offline at its second failure in a row, not its first', async () => {
    const { changes, probe, monitor } = setup({ value: false })
    monitor.report({ answered: true, status: 200, fromApi: true })
    const settle = monitor.requestStarted()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(changes).toEqual([])
    // Nothing answered since: the next probe is already due, and its failure is the outage.
    await vi.advanceTimersByTimeAsync(1)
    expect(probe).toHaveBeenCalledTimes(2)
    expect(changes).toEqual([expect.objectContaining({ online: false })])
    settle()
    settle()
    monitor.dispose()
  })

  it('a settled request no longer holds a failed probe back', async () => {
    const { changes, monitor } = setup({ value: false })
    monitor.report({ answered: true, status: 200, fromApi: true })
    monitor.requestStarted()()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(changes).toEqual([expect.objectContaining({ online: false })])
    monitor.dispose()
  })

  it('probes nothing until something asks (the sign-in screen makes no traffic)', async () => {
    const { probe, monitor } = setup({ value: true })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(probe).not.toHaveBeenCalled()
    monitor.dispose()
  })
})

describe('OS network hints', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("turns net.isOnline() changes and powerMonitor's resume/unlock into hints, and stops cleanly", async () => {
    let online = true
    const listeners = new Map<string, () => void>()
    const power: PowerEvents = {
      on: (event, listener) => listeners.set(event, listener),
      removeListener: (event) => listeners.delete(event),
    }
    const hints: ConnectivityHint[] = []
    const stop = watchOsNetwork({ isOnline: () => online, power, hint: (hint) => hints.push(hint), pollMs: 500 })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(hints).toEqual([])
    online = false
    await vi.advanceTimersByTimeAsync(500)
    online = true
    await vi.advanceTimersByTimeAsync(500)
    listeners.get('resume')?.()
    listeners.get('unlock-screen')?.()
    expect(hints).toEqual(['offline', 'online', 'wake', 'wake'])
    stop()
    expect(listeners.size).toBe(0)
    online = false
    await vi.advanceTimersByTimeAsync(1_000)
    expect(hints).toHaveLength(4)
  })
})
