import { createServer, connect, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface LoopbackProxy {
  /** http://127.0.0.1:<port>: point the app here instead of at the server itself. */
  url: string
  /** The API goes away: open connections die and new ones are reset as soon as they arrive. */
  cut(): void
  /** The API is back: connections are forwarded again. */
  restore(): void
  close(): Promise<void>
}

/**
 * A TCP proxy on 127.0.0.1 in front of a local server, to take "the network" away the way a
 * train tunnel does (connections reset, nothing answers) without touching the server itself.
 */
export async function startLoopbackProxy(target: string): Promise<LoopbackProxy> {
  const { hostname, port } = new URL(target)
  const open = new Set<Socket>()
  let cut = false
  const server: Server = createServer((client) => {
    if (cut) {
      client.resetAndDestroy()
      return
    }
    const upstream = connect(Number(port), hostname)
    for (const socket of [client, upstream]) {
      open.add(socket)
      socket.on('close', () => open.delete(socket))
      socket.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      cut = true
      for (const socket of open) socket.resetAndDestroy()
      open.clear()
    },
    restore() {
      cut = false
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
