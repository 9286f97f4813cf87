/**
 * `window.plannr` for bench pages: every call goes as JSON over the page server's `/ipc`
 * WebSocket to main's real dispatcher (bench/browser-page.ts), the way the web shell does it.
 */
import { buildPlannrApi, type PlannrApi } from '../../../src/shared/ipc/plannr-api'
import type { Channel } from '../../../src/shared/ipc/contract'

export interface SocketApi {
  api: PlannrApi
  /** Time the page spent waiting on calls so far (ms). */
  waitedMs(): number
  close(): void
}

export async function connectSocketApi(): Promise<SocketApi> {
  let invokeMs = 0
  const socket = new WebSocket(`ws://${location.host}/ipc`)
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true })
    socket.addEventListener('error', () => reject(new Error('bench socket failed')), { once: true })
  })
  const pending = new Map<number, (result: unknown) => void>()
  let nextId = 1
  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const reply = JSON.parse(message.data) as { id: number; result: unknown }
    pending.get(reply.id)?.(reply.result)
    pending.delete(reply.id)
  })
  const api = buildPlannrApi({
    invoke: async (channel: Channel, input: unknown) => {
      const start = performance.now()
      try {
        return await new Promise<unknown>((resolve) => {
          const id = nextId++
          pending.set(id, resolve)
          socket.send(JSON.stringify({ id, channel, input }))
        })
      } finally {
        invokeMs += performance.now() - start
      }
    },
    subscribe: () => () => {},
  })
  return { api, waitedMs: () => invokeMs, close: () => socket.close() }
}
