import { buildPlannrApi } from '../shared/ipc/plannr-api'
import { isEventName, type EventName } from '../shared/ipc/contract'

/**
 * The web shell's stand-in for the Electron preload: builds `window.plannr` from the same
 * contract, carrying each call over a loopback WebSocket to the real main-process handlers.
 * Loaded as a classic script before the app's module script, so `window.plannr` exists first.
 */
type Reply = { id: number; result: unknown }
type Push = { event: EventName; payload: unknown }

// The shell admits the connection by the page's key, which only the page's own address carries
// (never a cookie, which the browser would also hand to every other server on 127.0.0.1).
const key = new URLSearchParams(location.search).get('key') ?? ''
const socket = new WebSocket(`ws://${location.host}/__web-shell/ipc?key=${encodeURIComponent(key)}`)
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true })
  socket.addEventListener('error', () => reject(new Error('The web shell bridge could not connect')), { once: true })
})
const pending = new Map<number, (result: unknown) => void>()
const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
let nextId = 1

socket.addEventListener('message', (message: MessageEvent<string>) => {
  const data = JSON.parse(message.data) as Reply | Push
  if ('id' in data) {
    pending.get(data.id)?.(data.result)
    pending.delete(data.id)
  } else if (isEventName(data.event)) {
    for (const listener of listeners.get(data.event) ?? []) listener(data.payload)
  }
})
socket.addEventListener('close', () => {
  for (const resolve of pending.values()) {
    resolve({ ok: false, error: { kind: 'internal', message: 'The connection to the web shell closed.' } })
  }
  pending.clear()
})

const api = buildPlannrApi({
  invoke: async (channel, input) => {
    await opened
    const id = nextId++
    return new Promise((resolve) => {
      pending.set(id, resolve)
      socket.send(JSON.stringify({ id, channel, input }))
    })
  },
  subscribe: (event, listener) => {
    const set = listeners.get(event) ?? new Set()
    listeners.set(event, set)
    set.add(listener)
    return () => set.delete(listener)
  },
})

Object.defineProperty(window, 'plannr', { value: Object.freeze(api), writable: false, configurable: false })
