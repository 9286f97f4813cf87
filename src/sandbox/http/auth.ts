import type { SandboxStore } from '../store'
import { HttpError, type AuthInfo, type AuthMode, type RequestContext } from './types'

const ACCOUNT_HEADER = 'x-plannr-account-uuid'

interface OAuthAccessToken {
  userId: string
  /** Epoch ms after which the token answers 401. */
  expiresAt: number
}

/**
 * Bearer tokens the sandbox accepts: the seeded personal access tokens, plus OAuth access tokens
 * issued by the token endpoint (which act as the demo user, with the same logins).
 */
export class TokenRegistry {
  private readonly oauth = new Map<string, OAuthAccessToken>()

  constructor(private readonly store: SandboxStore) {}

  userIdFor(token: string, now = Date.now()): string | null {
    const pat = this.store.personalAccessTokens.get(token)
    if (pat) return pat
    const access = this.oauth.get(token)
    if (!access) return null
    if (access.expiresAt <= now) {
      this.oauth.delete(token)
      return null
    }
    return access.userId
  }

  addOAuthToken(token: string, userId: string, ttlSeconds: number): void {
    this.oauth.set(token, { userId, expiresAt: Date.now() + ttlSeconds * 1000 })
  }

  revokeOAuthToken(token: string): void {
    this.oauth.delete(token)
  }
}

/** The bearer token of a request, or null. */
export function bearerToken(context: Pick<RequestContext, 'headers'>): string | null {
  const header = context.headers.authorization
  const value = Array.isArray(header) ? header[0] : header
  const match = value ? /^Bearer\s+(.+)$/i.exec(value.trim()) : null
  return match?.[1]?.trim() || null
}

const UNAUTHENTICATED = (): HttpError => new HttpError(401, { message: 'Unauthenticated.' })

/**
 * Checks the token and, by `mode`, the X-PLANNR-ACCOUNT-UUID header. The reference leaves the
 * header errors' statuses open (docs/plannr-api.md, "Open questions"); the sandbox answers 400
 * when it is missing and 403 when
 * it names an account that is not one of the token's logins.
 */
export function authenticate(
  context: RequestContext,
  mode: Exclude<AuthMode, 'public'>,
  store: SandboxStore,
  tokens: TokenRegistry,
): AuthInfo {
  const token = bearerToken(context)
  if (!token) throw UNAUTHENTICATED()
  const userId = tokens.userIdFor(token)
  const user = userId ? store.user(userId) : undefined
  if (!user) throw UNAUTHENTICATED()
  const header = context.headers[ACCOUNT_HEADER]
  // GET /logins is how a client discovers its accounts: the header means nothing there.
  const requested = mode === 'user' ? null : (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase() || null
  if (requested === null && mode === 'account') {
    throw new HttpError(400, { message: 'The X-PLANNR-ACCOUNT-UUID header is required.' })
  }
  const loginAccounts = user.logins.map((login) => login.accountUuid)
  let accountUuid: string | undefined
  if (requested !== null) {
    if (!loginAccounts.includes(requested)) throw new HttpError(403, { message: 'This action is unauthorized.' })
    accountUuid = requested
  } else {
    accountUuid = user.preferredAccountUuid ?? loginAccounts[0]
  }
  const account = accountUuid ? store.account(accountUuid) : undefined
  if (!account) throw new HttpError(403, { message: 'This action is unauthorized.' })
  return { token, user, account, firm: account.firm }
}
