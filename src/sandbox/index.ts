import type { AddressInfo } from 'node:net'
import { generateSandboxData } from './data/generate'
import { TokenRegistry } from './http/auth'
import { FaultInjector, type FaultRule } from './http/faults'
import { RateLimiter } from './http/rate-limit'
import { Router } from './http/router'
import { createSandboxServer } from './http/server'
import { oauthRoutes, type OAuthOptions } from './oauth'
import { accountRoutes, type AccountApiOptions } from './routes/accounts'
import { businessUnitRoutes } from './routes/business-units'
import { circleRoutes } from './routes/circles'
import { groupRoutes } from './routes/groups'
import { loginRoutes } from './routes/logins'
import { SandboxStore } from './store'

/**
 * A local Plannr that behaves as docs/plannr-api.md describes (where the two disagree, the
 * document wins): the documented endpoints over plain node:http on 127.0.0.1,
 * with deterministic seeded data and fault injection. Used by demo mode (bundled into the main
 * process, so: no electron imports) and by every test.
 */
export type { FaultRule } from './http/faults'
export type { AccountApiOptions } from './routes/accounts'
export { SandboxStore, StoreError } from './store'
export type { AccountRecord, BusinessUnitRecord, CircleRecord, FirmRecord, GroupRecord, UserRecord } from './store'
export type { AccountRole, AccountType, FirmId } from './data/model'

export interface SandboxOptions {
  /** 0 (default) = a free port. */
  port?: number
  /** Data seed (default 1): the same seed gives byte-identical data. */
  seed?: number
  /** Accounts of the demo firm (default 3000). */
  accounts?: number
  /** Groups of the demo firm (default 24). */
  groups?: number
  /** Fault rules by route: `'POST /api/v1/group'`, `'GET /api/v1/group/:uuid/participants'`, or `'*'`. */
  faults?: Record<string, FaultRule>
  /** Requests per rolling minute per token (default 500, as documented). */
  rateLimitPerMinute?: number
  /** Lifetime of OAuth access tokens (default 3600). */
  oauthAccessTokenTtlSeconds?: number
  /** Who signs in through the OAuth consent page (default: the demo adviser). */
  oauthUser?: OAuthOptions['user']
  /** How GET /account departs from the documented one (default: it does not). */
  accountApi?: AccountApiOptions
  /** One line per request and per fault; silent by default. */
  log?: (line: string) => void
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string
  /** A personal access token of the demo adviser: ONE employee login, preferred_account_uuid = accountUuid. */
  demo: { token: string; accountUuid: string }
  /** PAT of a user with TWO employee logins in two firms and NO preferred_account_uuid. */
  multiLoginToken: string
  /** The public PKCE client; any http://127.0.0.1:<port>/… redirect_uri is accepted (RFC 8252). */
  oauthClient: { clientId: string }
  faults: { set(route: string, rule: FaultRule): void; clear(route?: string): void }
  /** Resolves once every write answered 504 by the `commitLateMs` fault has been performed. */
  lateWritesPerformed(): Promise<void>
  /** Requests per rolling minute per token from now on (every token's count starts again). */
  setRateLimit(perMinute: number): void
  /** Direct, synchronous access to the data (see SandboxStore). */
  store: SandboxStore
  /** Closes the server and every open socket. */
  stop(): Promise<void>
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 1
  const log = options.log ?? (() => {})
  const store = new SandboxStore(
    generateSandboxData({ seed, accounts: options.accounts ?? 3000, groups: options.groups ?? 24 }),
  )
  const tokens = new TokenRegistry(store)
  const faults = new FaultInjector(seed, options.faults)
  const router = new Router().add(
    ...loginRoutes({ store }),
    ...accountRoutes({ store, accountApi: options.accountApi }),
    ...groupRoutes({ store }),
    ...circleRoutes({ store }),
    ...businessUnitRoutes({ store }),
    ...oauthRoutes({
      store,
      tokens,
      accessTokenTtlSeconds: options.oauthAccessTokenTtlSeconds ?? 3600,
      user: options.oauthUser,
    }),
  )
  const rateLimiter = new RateLimiter(options.rateLimitPerMinute ?? 500)
  const { server, closeAll, lateWritesPerformed } = createSandboxServer({
    store,
    router,
    faults,
    rateLimiter,
    tokens,
    log,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const tokenOf = (userId: string): string => {
    for (const [token, owner] of store.personalAccessTokens) if (owner === userId) return token
    throw new Error(`no token for ${userId}`)
  }
  const demoUser = store.user(store.demoUserId)
  const url = `http://127.0.0.1:${port}`
  log(`sandbox listening on ${url} (seed ${seed}, ${store.counts().accounts} accounts)`)
  return {
    url,
    demo: { token: tokenOf(store.demoUserId), accountUuid: demoUser?.preferredAccountUuid ?? '' },
    multiLoginToken: tokenOf(store.multiLoginUserId),
    oauthClient: { clientId: store.oauthClientId },
    faults: { set: (route, rule) => faults.set(route, rule), clear: (route) => faults.clear(route) },
    lateWritesPerformed,
    setRateLimit: (perMinute) => rateLimiter.setLimit(perMinute),
    store,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        closeAll()
      }),
  }
}
