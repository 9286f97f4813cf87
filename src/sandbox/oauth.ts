import { createHash, randomBytes } from 'node:crypto'
import type { SandboxStore } from './store'
import type { TokenRegistry } from './http/auth'
import { formBody, jsonBody } from './http/body'
import { isPlainObject } from './http/validation'
import { HttpError, type RequestContext, type Route, type SandboxResponse } from './http/types'

/**
 * OAuth2 authorization code grant with PKCE, Laravel Passport style (inferred, not documented by
 * Plannr: docs/plannr-api.md, "OAuth2 authorization-code grant"):
 * GET /oauth/authorize shows a consent page for the demo user (the sandbox's "signed-in web
 * user"); approving redirects to the client's redirect_uri with `code` and `state`; POST
 * /oauth/token exchanges the code (S256 verifier checked, codes single-use, 10-minute life like
 * Passport's) and refreshes (refresh tokens rotate: the used one and its access token die).
 *
 * The sandbox has one public client (no secret) that accepts any loopback redirect URI on any
 * port (RFC 8252 §7.3), which is what a desktop app needs.
 */
export interface OAuthOptions {
  store: SandboxStore
  tokens: TokenRegistry
  accessTokenTtlSeconds: number
  /** Who approves on the consent page: the demo adviser (default) or the user with two logins. */
  user?: 'demo' | 'multi-login'
  clientName?: string
}

const CODE_TTL_MS = 10 * 60_000
const REQUEST_TTL_MS = 10 * 60_000
const REFRESH_TTL_MS = 30 * 86_400_000

interface PendingRequest {
  clientId: string
  redirectUri: string
  state: string | null
  codeChallenge: string
  scope: string
  expiresAt: number
}
interface AuthCode {
  clientId: string
  redirectUri: string
  codeChallenge: string
  userId: string
  expiresAt: number
}
interface RefreshToken {
  clientId: string
  userId: string
  accessToken: string
  expiresAt: number
}

/** Passport (league/oauth2-server) error bodies. */
function oauthError(status: number, error: string, description: string, hint?: string): HttpError {
  return new HttpError(status, {
    error,
    error_description: description,
    ...(hint ? { hint } : {}),
    message: description,
  })
}
const invalidClient = () => oauthError(401, 'invalid_client', 'Client authentication failed')
const invalidRequest = (hint: string) =>
  oauthError(
    400,
    'invalid_request',
    'The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.',
    hint,
  )
const invalidGrant = (hint: string) =>
  oauthError(
    400,
    'invalid_grant',
    'The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
    hint,
  )

const PKCE_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/

/** Loopback redirect URIs only: http on 127.0.0.1, [::1] or localhost, any port and path. */
function isLoopbackRedirect(raw: string): boolean {
  try {
    const url = new URL(raw)
    return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname) && url.hash === ''
  } catch {
    return false
  }
}

export function oauthRoutes(options: OAuthOptions): Route[] {
  const { store, tokens } = options
  const clientName = options.clientName ?? 'Plannr Desktop'
  const pending = new Map<string, PendingRequest>()
  const codes = new Map<string, AuthCode>()
  const refreshTokens = new Map<string, RefreshToken>()
  const approvingUserId = options.user === 'multi-login' ? store.multiLoginUserId : store.demoUserId

  const issueTokens = (clientId: string, userId: string): SandboxResponse => {
    const accessToken = `sandbox_oat_${randomToken(32)}`
    const refreshToken = `sandbox_ort_${randomToken(40)}`
    tokens.addOAuthToken(accessToken, userId, options.accessTokenTtlSeconds)
    refreshTokens.set(refreshToken, { clientId, userId, accessToken, expiresAt: Date.now() + REFRESH_TTL_MS })
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
      body: {
        token_type: 'Bearer',
        expires_in: options.accessTokenTtlSeconds,
        access_token: accessToken,
        refresh_token: refreshToken,
      },
    }
  }

  const takeRequest = (context: RequestContext): PendingRequest => {
    const id = context.query.get('request') ?? formBody(context).get('request') ?? ''
    const request = pending.get(id)
    pending.delete(id)
    if (!request || request.expiresAt < Date.now())
      throw invalidRequest('The authorization request is unknown or has expired; start again at /oauth/authorize.')
    return request
  }

  const redirect = (target: string, params: Record<string, string | null>): SandboxResponse => {
    const url = new URL(target)
    for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value)
    return { status: 302, headers: { Location: url.toString() }, text: '', contentType: 'text/plain; charset=utf-8' }
  }

  const approve = (context: RequestContext): SandboxResponse => {
    const request = takeRequest(context)
    const code = randomToken(40)
    codes.set(code, {
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      userId: approvingUserId,
      expiresAt: Date.now() + CODE_TTL_MS,
    })
    return redirect(request.redirectUri, { code, state: request.state })
  }

  const deny = (context: RequestContext): SandboxResponse => {
    const request = takeRequest(context)
    return redirect(request.redirectUri, {
      error: 'access_denied',
      error_description: 'The resource owner or authorization server denied the request.',
      hint: 'The user denied the request',
      message: 'The resource owner or authorization server denied the request.',
      state: request.state,
    })
  }

  return [
    {
      method: 'GET',
      pattern: '/oauth/authorize',
      auth: 'public',
      handler(context) {
        const q = context.query
        if (q.get('client_id') !== store.oauthClientId) throw invalidClient()
        const redirectUri = q.get('redirect_uri') ?? ''
        if (!isLoopbackRedirect(redirectUri)) throw invalidClient()
        if (q.get('response_type') !== 'code') {
          throw oauthError(
            400,
            'unsupported_response_type',
            'The authorization server does not support obtaining an authorization code using this method.',
          )
        }
        const challenge = q.get('code_challenge') ?? ''
        if (challenge === '') throw invalidRequest('Code challenge must be provided for public clients')
        if (q.get('code_challenge_method') !== 'S256') throw invalidRequest('Code challenge method must be `S256`')
        if (!PKCE_PATTERN.test(challenge))
          throw invalidRequest('Code challenge must follow the specifications of RFC-7636.')
        const id = randomToken(24)
        pending.set(id, {
          clientId: store.oauthClientId,
          redirectUri,
          state: q.get('state'),
          codeChallenge: challenge,
          scope: q.get('scope') ?? '',
          expiresAt: Date.now() + REQUEST_TTL_MS,
        })
        const user = store.user(approvingUserId)
        return {
          status: 200,
          text: consentPage(clientName, user ? `${user.firstName} ${user.lastName}` : 'the demo user', id),
          contentType: 'text/html; charset=utf-8',
        }
      },
    },
    { method: 'GET', pattern: '/oauth/authorize/approve', auth: 'public', handler: approve },
    { method: 'POST', pattern: '/oauth/authorize/approve', auth: 'public', handler: approve },
    { method: 'GET', pattern: '/oauth/authorize/deny', auth: 'public', handler: deny },
    { method: 'POST', pattern: '/oauth/authorize/deny', auth: 'public', handler: deny },
    {
      method: 'POST',
      pattern: '/oauth/token',
      auth: 'public',
      handler(context) {
        const params = tokenParams(context)
        const grantType = params.get('grant_type')
        if (params.get('client_id') !== store.oauthClientId) throw invalidClient()
        if (grantType === 'authorization_code') {
          const code = params.get('code') ?? ''
          if (code === '') throw invalidRequest('Check the `code` parameter')
          const verifier = params.get('code_verifier') ?? ''
          const entry = codes.get(code)
          // Single use: a code is gone once presented, whether or not the exchange succeeds.
          codes.delete(code)
          if (!entry) throw invalidGrant('Authorization code has been revoked')
          if (entry.expiresAt < Date.now()) throw invalidGrant('Authorization code has expired')
          if (entry.clientId !== params.get('client_id'))
            throw invalidGrant('Authorization code was not issued to this client')
          if (entry.redirectUri !== params.get('redirect_uri')) throw invalidClient()
          if (!PKCE_PATTERN.test(verifier))
            throw invalidRequest('Code Verifier must follow the specifications of RFC-7636.')
          if (s256(verifier) !== entry.codeChallenge) throw invalidGrant('Failed to verify `code_verifier`.')
          return issueTokens(entry.clientId, entry.userId)
        }
        if (grantType === 'refresh_token') {
          const presented = params.get('refresh_token') ?? ''
          if (presented === '') throw invalidRequest('Check the `refresh_token` parameter')
          const entry = refreshTokens.get(presented)
          if (!entry || entry.expiresAt < Date.now())
            throw oauthError(400, 'invalid_grant', 'The refresh token is invalid.', 'Token has been revoked')
          if (entry.clientId !== params.get('client_id'))
            throw oauthError(400, 'invalid_grant', 'The refresh token is invalid.', 'Token is not linked to client')
          // Rotation: the presented refresh token and its access token are revoked.
          refreshTokens.delete(presented)
          tokens.revokeOAuthToken(entry.accessToken)
          return issueTokens(entry.clientId, entry.userId)
        }
        throw oauthError(
          400,
          'unsupported_grant_type',
          'The authorization grant type is not supported by the authorization server.',
          'Check that all required parameters have been provided',
        )
      },
    },
  ]
}

/** Passport reads the token request from a form body, or JSON. */
function tokenParams(context: RequestContext): URLSearchParams {
  const type = String(context.headers['content-type'] ?? '')
  if (type.includes('application/json')) {
    const body = jsonBody(context)
    const params = new URLSearchParams()
    if (isPlainObject(body))
      for (const [key, value] of Object.entries(body)) if (typeof value === 'string') params.set(key, value)
    return params
  }
  return formBody(context)
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url')
}

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url')
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

function consentPage(clientName: string, userName: string, requestId: string): string {
  const id = encodeURIComponent(requestId)
  return `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Plannr sandbox – Authorization Request</title></head>
<body>
  <h1>Authorization Request</h1>
  <p>Signed in as <strong>${escapeHtml(userName)}</strong> (Plannr sandbox).</p>
  <p><strong>${escapeHtml(clientName)}</strong> is requesting permission to access your account.</p>
  <form method="post" action="/oauth/authorize/approve"><input type="hidden" name="request" value="${escapeHtml(requestId)}"><button type="submit" id="authorize">Authorize</button></form>
  <form method="post" action="/oauth/authorize/deny"><input type="hidden" name="request" value="${escapeHtml(requestId)}"><button type="submit" id="deny">Cancel</button></form>
  <p><a id="authorize-link" href="/oauth/authorize/approve?request=${id}">Authorize</a> · <a id="deny-link" href="/oauth/authorize/deny?request=${id}">Cancel</a></p>
</body>
</html>`
}
