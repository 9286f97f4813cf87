import type { DemoServer } from './auth/session'

/**
 * Demo mode: the built-in Plannr sandbox on 127.0.0.1 (random port), with its deterministic
 * seed, signed in with its demo token. Imported lazily so the sandbox's data generator is only
 * loaded when someone asks for the demo.
 */
export async function startDemoSandbox(): Promise<DemoServer & { oauthClientId: string }> {
  const { startSandbox } = await import('../sandbox')
  const sandbox = await startSandbox({ port: 0, seed: 1, accounts: 3000 })
  return {
    url: sandbox.url,
    token: sandbox.demo.token,
    oauthClientId: sandbox.oauthClient.clientId,
    stop: () => sandbox.stop(),
  }
}
