import { afterEach, describe, expect, it } from 'vitest'
import { testMain, type TestMain, scoped } from './api-support'

// Demo mode with the real built-in sandbox (src/main/demo.ts → src/sandbox), no fakes.
let main: TestMain | undefined

afterEach(async () => {
  await main?.services.dispose()
  main = undefined
})

describe('demo sign-in', () => {
  it('starts the sandbox on 127.0.0.1, signs in with its demo token, and serves real data', async () => {
    main = await testMain({ startDemo: undefined })
    const status = await main.services.handlers['auth.startDemo']()
    expect(status).toMatchObject({ state: 'signed-in', kind: 'demo', canWrite: true })
    expect(status.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const groups = await scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 500 })
    expect(groups.items.length).toBeGreaterThan(5)
    // The demo token is recreated each start: it is not kept in the keychain.
    expect(await main.services.tokenStore.logins()).toHaveLength(0)

    // A restart restores the demo by starting the sandbox again (same seed, same data).
    const restarted = await testMain({ dataDir: main.dataDir })
    try {
      await restarted.services.restore()
      const restored = restarted.services.auth.status()
      expect(restored).toMatchObject({ state: 'signed-in', kind: 'demo', account: status.account })
      const again = await scoped(restarted)['groups.list']({ sort: 'name', page: 1, perPage: 500 })
      expect(again.items.map((g) => g.uuid)).toEqual(groups.items.map((g) => g.uuid))
    } finally {
      await restarted.services.dispose()
    }

    // Signing out of the demo stops its server.
    const url = status.baseUrl!
    await main.services.handlers['auth.signOut']()
    await expect(fetch(`${url}/api/v1/logins`)).rejects.toThrow()
  })
})
