import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { accountSignals, RECOVERY_GAP_MS } from '../../src/shared/ipc/account-signals'
import type { Connectivity, EventName } from '../../src/shared/ipc/contract'
import { buildPlannrApi } from '../../src/shared/ipc/plannr-api'

/**
 * What the engines hear of main's connectivity events: whether Plannr works, so a gateway that
 * stops failing is Plannr back as much as the network coming back is, and at most one recovery
 * per gap while Plannr flaps.
 */
const UNAVAILABLE: Connectivity = {
  online: true,
  lastOkAt: null,
  serverProblem: 'Plannr answered 503 (Service Unavailable).',
}
const OFFLINE: Connectivity = { online: false, lastOkAt: null, reason: 'The connection was reset.' }
const WORKS: Connectivity = { online: true, lastOkAt: '2026-01-01T00:00:00.000Z' }

/** main's side of the events: emit() pushes one as main would. */
function mainEvents() {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const api = buildPlannrApi({
    invoke: () => Promise.reject(new Error('no calls in this test')),
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => set.delete(listener)
    },
  })
  return {
    api,
    emit(state: Connectivity) {
      for (const listener of listeners.get('connectivity') ?? []) listener(state)
    },
  }
}

describe("an account's connectivity signal", () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('says Plannr works again when a gateway stops failing, as when the network comes back', async () => {
    const main = mainEvents()
    const signals = accountSignals(main.api)
    const heard: boolean[] = []
    signals.onConnectivity((works) => heard.push(works))

    main.emit(UNAVAILABLE)
    main.emit(WORKS)
    expect(heard).toEqual([false, true])

    await vi.advanceTimersByTimeAsync(RECOVERY_GAP_MS)
    main.emit(OFFLINE)
    // Unavailable or offline: Plannr works in neither, so this is no change for the engines.
    main.emit(UNAVAILABLE)
    main.emit(OFFLINE)
    main.emit(WORKS)
    main.emit(WORKS)
    expect(heard).toEqual([false, true, false, true])
    signals.close()
  })

  it('passes on a recovery soon after the last one at the end of the gap, and none when Plannr failed again by then', async () => {
    const main = mainEvents()
    const signals = accountSignals(main.api)
    const heard: boolean[] = []
    signals.onConnectivity((works) => heard.push(works))

    main.emit(UNAVAILABLE)
    main.emit(WORKS)
    // A gateway failing every other request: the engines are not woken at each answer.
    main.emit(UNAVAILABLE)
    main.emit(WORKS)
    expect(heard).toEqual([false, true, false])
    await vi.advanceTimersByTimeAsync(RECOVERY_GAP_MS - 1)
    expect(heard).toEqual([false, true, false])
    await vi.advanceTimersByTimeAsync(1)
    expect(heard).toEqual([false, true, false, true])

    main.emit(UNAVAILABLE)
    main.emit(WORKS)
    main.emit(UNAVAILABLE)
    await vi.advanceTimersByTimeAsync(RECOVERY_GAP_MS)
    expect(heard).toEqual([false, true, false, true, false])

    // Closed with a recovery put off: nothing is heard after.
    main.emit(WORKS)
    main.emit(UNAVAILABLE)
    main.emit(WORKS)
    signals.close()
    await vi.advanceTimersByTimeAsync(RECOVERY_GAP_MS)
    expect(heard).toEqual([false, true, false, true, false, true, false])
  })
})
