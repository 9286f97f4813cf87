import { AppError } from '../../shared/ipc/errors'
import { OAuthTokenResponse } from '../api/api-schemas'
import { parseRetryAfter } from '../api/errors'
import { readLimited, ResponseTooLarge } from '../api/read-limited'
import { registerSecret } from '../log/redact'
import { startLoopbackRedirect, oauthError } from './loopback'
import { codeChallengeS256, createCodeVerifier, createState } from './pkce'
import type { StoredCredential } from './token-store'

/**
 * OAuth2 authorization code + PKCE for a desktop (public) client, RFC 8252: the system browser
 * signs the user in, the code comes back to a loopback listener, and main redeems it.
 * Passport's endpoints (`/oauth/authorize`, `/oauth/token`, which third-party integrations use:
 * docs/plannr-api.md, "OAuth2 authorization-code grant") by default.
 */
export interface OAuthConfig {
  authorizeUrl: string
  tokenUrl: string
  clientId: string
  scope: string
  /** How long the user has to finish in the browser. */
  timeoutMs: number
  /** Loopback port for the redirect; 0 or absent = a random free port. */
  redirectPort?: number
}

export type OpenExternal = (url: string) => Promise<void>

export interface OAuthTokens {
  accessToken: string
  refreshToken?: string
  /** Epoch ms, when the server said how long the token lives. */
  expiresAt?: number
}

export async function authorizeInBrowser(
  config: OAuthConfig,
  openExternal: OpenExternal,
  options: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<OAuthTokens> {
  const verifier = createCodeVerifier()
  const state = createState()
  registerSecret(verifier)
  const redirect = await startLoopbackRedirect({
    state,
    timeoutMs: config.timeoutMs,
    signal: options.signal,
    port: config.redirectPort ?? 0,
  })
  try {
    const url = new URL(config.authorizeUrl)
    url.searchParams.set('response_type', 'code')
    url.searchParams.set('client_id', config.clientId)
    url.searchParams.set('redirect_uri', redirect.redirectUri)
    url.searchParams.set('scope', config.scope)
    url.searchParams.set('state', state)
    url.searchParams.set('code_challenge', codeChallengeS256(verifier))
    url.searchParams.set('code_challenge_method', 'S256')
    await openExternal(url.toString())
    const code = await redirect.code
    registerSecret(code)
    return await tokenRequest(
      config,
      {
        grant_type: 'authorization_code',
        client_id: config.clientId,
        redirect_uri: redirect.redirectUri,
        code,
        code_verifier: verifier,
      },
      options,
    )
  } finally {
    await redirect.close()
  }
}

export function refreshTokens(
  config: OAuthConfig,
  refreshToken: string,
  options: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<OAuthTokens> {
  return tokenRequest(
    config,
    { grant_type: 'refresh_token', client_id: config.clientId, refresh_token: refreshToken, scope: config.scope },
    options,
  )
}

/** The credential to keep for tokens that `tokenUrl` issued (see StoredCredential.tokenUrl). */
export function toCredential(tokens: OAuthTokens, tokenUrl: string): StoredCredential {
  return {
    kind: 'oauth',
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    ...(tokens.expiresAt !== undefined ? { expiresAt: tokens.expiresAt } : {}),
    tokenUrl,
  }
}

/**
 * The token endpoint's error codes (RFC 6749 section 5.2): the authorization server's own answer
 * that it will not grant this request, which sending it again later will not change. Passport
 * (league/oauth2-server) answers a revoked or expired refresh token with 400 `invalid_grant`, and
 * before its version 8 with 401 `invalid_request`; a client it does not know with 401 `invalid_client`.
 */
const GRANT_REFUSALS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
])

/** A non-2xx answer of the token endpoint, with the OAuth `error` code of its body when it had one. */
export class TokenEndpointError extends AppError {
  constructor(
    data: AppError['data'],
    /** The body's `error` (RFC 6749 section 5.2), or null when the body was not an OAuth error. */
    readonly oauthError: string | null,
  ) {
    super(data)
  }
}

/**
 * A token endpoint answer that means the grant itself is dead (the user must sign in again): a
 * 400 or 401 carrying an RFC 6749 error code. Anything else (a 429, a 408, a proxy's 407, a
 * firewall's 403 page, a 5xx, no answer at all) says nothing about the grant: the sign-in is kept
 * and the refresh tried again later.
 */
export function isRejectedGrant(error: unknown): boolean {
  return (
    error instanceof TokenEndpointError &&
    (error.data.status === 400 || error.data.status === 401) &&
    error.oauthError !== null &&
    GRANT_REFUSALS.has(error.oauthError)
  )
}

/** A token answer is a few hundred bytes; anything past this is not one. */
const TOKEN_RESPONSE_LIMIT = 1024 * 1024

async function tokenRequest(
  config: OAuthConfig,
  form: Record<string, string>,
  options: { signal?: AbortSignal; fetch?: typeof fetch },
): Promise<OAuthTokens> {
  const doFetch = options.fetch ?? fetch
  const endpoint = `POST ${new URL(config.tokenUrl).pathname}`
  let response: Response
  let text: string
  try {
    response = await doFetch(config.tokenUrl, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      // The form holds the code and verifier, or the refresh token: a redirect would send it
      // again to wherever the Location says, another host or plain http included.
      redirect: 'manual',
      // A stuck token endpoint must not hang sign-in or every request waiting on a refresh.
      signal: options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(20_000)])
        : AbortSignal.timeout(20_000),
    })
    text = await readLimited(response, TOKEN_RESPONSE_LIMIT)
  } catch (error) {
    if (error instanceof ResponseTooLarge)
      throw new AppError({
        kind: 'oauth',
        endpoint,
        message: 'The Plannr sign-in server sent an answer far larger than a token: it was not read.',
      })
    throw new AppError({ kind: 'network', message: 'Cannot reach the Plannr sign-in server.', endpoint })
  }
  if (response.status >= 300 && response.status < 400) {
    // Not a refusal of the grant (no status): the sign-in is kept and the refresh tried again later.
    throw new AppError({
      kind: 'oauth',
      endpoint,
      message: `The Plannr sign-in server answered with a redirect (${response.status}), which the app does not follow: your sign-in details were not sent anywhere else.`,
    })
  }
  if (!response.ok) {
    // Passport answers {error, error_description, message}; show the description, never the form.
    let description = ''
    let code: string | null = null
    try {
      const body = JSON.parse(text) as { error_description?: unknown; error?: unknown }
      if (typeof body.error === 'string') code = body.error
      description = String(body.error_description ?? body.error ?? '').slice(0, 200)
    } catch {
      // not JSON (a proxy's or a firewall's page): the status says enough
    }
    const retryAfterMs = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined
    throw new TokenEndpointError(
      {
        kind: 'oauth',
        status: response.status,
        endpoint,
        message: `Plannr refused the sign-in (${response.status}${description ? `: ${description}` : ''}).`,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      },
      code,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  const parsed = OAuthTokenResponse.safeParse(json)
  if (!parsed.success)
    throw oauthError(`The Plannr sign-in server sent an answer the app does not understand (${endpoint}).`)
  registerSecret(parsed.data.access_token)
  if (parsed.data.refresh_token) registerSecret(parsed.data.refresh_token)
  return {
    accessToken: parsed.data.access_token,
    ...(parsed.data.refresh_token ? { refreshToken: parsed.data.refresh_token } : {}),
    ...(parsed.data.expires_in !== undefined ? { expiresAt: Date.now() + parsed.data.expires_in * 1000 } : {}),
  }
}
