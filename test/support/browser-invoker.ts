import type { Sandbox } from '../../src/sandbox'
import { directInvoker, type Invoke } from './browser-direct-api'

export type { Invoke } from './browser-direct-api'

/**
 * How tests reach the sandbox: main's real handlers signed in to it, once src/main exports
 * its composition; until then the loopback stand-in (browser-direct-api.ts).
 */
export async function createInvoker(sandbox: Sandbox): Promise<{ invoke: Invoke; close(): Promise<void> }> {
  return { invoke: directInvoker(sandbox), close: async () => {} }
}
