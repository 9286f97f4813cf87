import { createServer, type AddressInfo } from 'node:net'

/**
 * A loopback port free at the moment of asking: for a web shell that must come back on the same
 * address after a restart (the page's IndexedDB belongs to its origin).
 */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
