import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import {
  browser,
  rejection,
  sandboxOAuth,
  testHandlers,
  testMain,
  type TestHandlers,
  type TestMain,
} from './api-support'

// "Sign in again" after Plannr refused the token of account A, with the token of a Plannr user
// who has no login for A: A's cache and queued changes can no longer be sent by this sign-in, so
// main holds the new sign-in until the user says to go on, and the sign-in that goes on keeps
// A's cache as its own (for Sign out to count and remove).
let sandbox: Sandbox
let main: TestMain | undefined

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 60 })
})
afterAll(async () => {
  await sandbox?.stop()
})
afterEach(async () => {
  await main?.services.dispose()
  main = undefined
})

/** Signed in as the demo adviser, whose token Plannr then refuses. */
async function refusedDemoSignIn(): Promise<{ h: TestHandlers; restore: () => void }> {
  main = await testMain({ sandbox })
  const h = testHandlers(main)
  await h['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
  const tokens = sandbox.store.personalAccessTokens as Map<string, string>
  const owner = tokens.get(sandbox.demo.token)
  if (!owner) throw new Error('unknown token')
  tokens.delete(sandbox.demo.token)
  expect((await rejection(h['groups.list']({ sort: 'name', page: 1, perPage: 5 }))).data.kind).toBe('unauthenticated')
  expect((await h['auth.status']()).state).toBe('reauth-required')
  return { h, restore: () => tokens.set(sandbox.demo.token, owner) }
}

describe('signing in again as a user with no login for the account in use', () => {
  it('holds the new sign-in and says which account it cannot reach; cancel keeps the old one', async () => {
    const { h, restore } = await refusedDemoSignIn()
    try {
      const held = await h['auth.signInWithToken']({ token: sandbox.multiLoginToken, baseUrl: sandbox.url })
      // Still the demo account, still asking for its sign-in: nothing switched silently.
      expect(held).toMatchObject({ state: 'reauth-required', account: { uuid: sandbox.demo.accountUuid } })
      expect(held.pendingSignIn?.unreachable.map((login) => login.account.uuid)).toEqual([sandbox.demo.accountUuid])
      expect(held.pendingSignIn?.unreachable[0]?.firm?.name).toBeTruthy()
      expect(JSON.stringify(held)).not.toContain(sandbox.multiLoginToken)

      const cancelled = await h['auth.cancelSignIn']()
      expect(cancelled).toMatchObject({
        state: 'reauth-required',
        account: { uuid: sandbox.demo.accountUuid },
        pendingSignIn: null,
      })

      // The right user signs in after all: back to the demo account, nothing held.
      restore()
      const again = await h['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
      expect(again).toMatchObject({
        state: 'signed-in',
        account: { uuid: sandbox.demo.accountUuid },
        pendingSignIn: null,
      })
    } finally {
      restore()
    }
  })

  it("going on uses the new sign-in and keeps the old account's cache with it, saved in the settings", async () => {
    const { h, restore } = await refusedDemoSignIn()
    try {
      await h['auth.signInWithToken']({ token: sandbox.multiLoginToken, baseUrl: sandbox.url })
      const went = await h['auth.confirmSignIn']()
      expect(went).toMatchObject({ state: 'choose-account', pendingSignIn: null })
      expect(went.keptAccounts.map((login) => login.account.uuid)).toEqual([sandbox.demo.accountUuid])
      const chosen = await h['auth.chooseAccount']({ accountUuid: went.logins[0]!.account.uuid })
      expect(chosen.keptAccounts.map((login) => login.account.uuid)).toEqual([sandbox.demo.accountUuid])

      const settings = JSON.parse(readFileSync(join(main!.dataDir, 'plannr-settings.json'), 'utf8'))
      expect(settings.session.keptAccounts.map((login: { account: { uuid: string } }) => login.account.uuid)).toEqual([
        sandbox.demo.accountUuid,
      ])
      // Signing out ends them all: nothing is kept for the next sign-in.
      expect((await h['auth.signOut']()).keptAccounts).toEqual([])
    } finally {
      restore()
    }
  })

  it('holds an OAuth sign-in of another user the same way, and goes on without a second trip to the browser', async () => {
    const local = await startSandbox({ port: 0, seed: 1, accounts: 60, oauthUser: 'multi-login' })
    let browserTrips = 0
    const open = browser(local)
    try {
      main = await testMain({
        sandbox: local,
        openExternal: async (url) => {
          browserTrips++
          await open(url)
        },
        config: { oauth: sandboxOAuth(local) },
      })
      const h = testHandlers(main)
      await h['auth.signInWithToken']({ token: local.demo.token, baseUrl: local.url })
      ;(local.store.personalAccessTokens as Map<string, string>).delete(local.demo.token)
      expect((await rejection(h['groups.list']({ sort: 'name', page: 1, perPage: 5 }))).data.kind).toBe(
        'unauthenticated',
      )

      const held = await h['auth.beginOAuth']()
      expect(held).toMatchObject({ state: 'reauth-required', account: { uuid: local.demo.accountUuid } })
      expect(held.pendingSignIn?.unreachable.map((login) => login.account.uuid)).toEqual([local.demo.accountUuid])
      const went = await h['auth.confirmSignIn']()
      expect(went).toMatchObject({ state: 'choose-account', kind: 'oauth', pendingSignIn: null })
      expect(browserTrips).toBe(1)
    } finally {
      await main?.services.dispose()
      main = undefined
      await local.stop()
    }
  })

  it('the demo started from "Sign in again" is not another user: nothing is held, nothing of ours is kept by it', async () => {
    // A firm the demo's own data does not have (the demo's sandbox is seeded 1).
    const other = await startSandbox({ port: 0, seed: 2, accounts: 30 })
    try {
      main = await testMain({ sandbox: other })
      const h = testHandlers(main)
      await h['auth.signInWithToken']({ token: other.demo.token, baseUrl: other.url })
      const tokens = other.store.personalAccessTokens as Map<string, string>
      tokens.delete(other.demo.token)
      await rejection(h['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
      expect((await h['auth.status']()).state).toBe('reauth-required')

      // The demo's changes only ever go to its own sandbox: it neither asks as another user would,
      // nor takes the real account's cache as its own (its Sign out would delete it).
      const demo = await h['auth.startDemo']()
      expect(demo).toMatchObject({ state: 'signed-in', kind: 'demo', pendingSignIn: null })
      const saved = z
        .object({ session: z.object({ keptAccounts: z.array(z.unknown()).optional() }).nullish() })
        .parse(JSON.parse(readFileSync(join(main.dataDir, 'plannr-settings.json'), 'utf8')))
      expect(saved.session?.keptAccounts ?? []).toEqual([])
    } finally {
      await main?.services.dispose()
      main = undefined
      await other.stop()
    }
  })
})
