import { describe, expect, it } from 'vitest'
import { codeChallengeS256, createCodeVerifier, createState } from '../../src/main/auth/pkce'
import { chooseAccount } from '../../src/main/auth/account-choice'
import { startLoopbackRedirect } from '../../src/main/auth/loopback'
import { isRejectedGrant, refreshTokens } from '../../src/main/auth/oauth'
import { loadConfig } from '../../src/main/config'
import { authorizeUrlAllowed } from '../../src/main/window/security'
import { redactSecrets, registerSecret } from '../../src/main/log/redact'
import type { Login } from '../../src/shared/plannr/models'

describe('PKCE (RFC 7636)', () => {
  it('matches the RFC 7636 appendix B example', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    )
  })

  it('makes verifiers and states that are long, url-safe and different every time', () => {
    const verifier = createCodeVerifier()
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/)
    expect(createCodeVerifier()).not.toBe(verifier)
    expect(createState()).not.toBe(createState())
  })
})

const login = (uuid: string, type: string, firm = 'Firm'): Login => ({
  uuid: `login-${uuid}`,
  account: { uuid, name: uuid, type, role: type === 'employee' ? 'owner' : 'individual' },
  firm: { uuid: `firm-${firm}`, name: firm },
  hasWritePermission: true,
  hasDeletePermission: false,
  email: null,
})

describe('account choice', () => {
  it('keeps the previous choice, then takes preferred_account_uuid, then the only employee login', () => {
    const logins = [login('a', 'employee'), login('b', 'employee', 'Other'), login('c', 'client')]
    expect(chooseAccount({ logins, preferredAccountUuid: 'b' })).toEqual({ chosen: logins[1] })
    expect(chooseAccount({ logins, preferredAccountUuid: null }, 'a')).toEqual({ chosen: logins[0] })
    expect(chooseAccount({ logins, preferredAccountUuid: 'b' }, 'a')).toEqual({ chosen: logins[0] })
    // A previous account the new sign-in has no login for is gone: the preferred one is taken.
    expect(chooseAccount({ logins, preferredAccountUuid: 'b' }, 'gone')).toEqual({ chosen: logins[1] })
    expect(chooseAccount({ logins, preferredAccountUuid: null })).toEqual({ choose: [logins[0], logins[1]] })
    expect(chooseAccount({ logins: [logins[0]!, logins[2]!], preferredAccountUuid: null })).toEqual({
      chosen: logins[0],
    })
    expect(chooseAccount({ logins: [logins[2]!], preferredAccountUuid: 'gone' })).toEqual({ choose: [logins[2]] })
  })
})

describe('loopback redirect (RFC 8252)', () => {
  it('listens on 127.0.0.1, accepts the matching state and refuses any other', async () => {
    const ok = await startLoopbackRedirect({ state: 'expected-state', timeoutMs: 5_000 })
    expect(ok.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    const response = await fetch(`${ok.redirectUri}?code=abc&state=expected-state`)
    expect(response.status).toBe(200)
    await expect(ok.code).resolves.toBe('abc')
    await ok.close()

    const bad = await startLoopbackRedirect({ state: 'expected-state', timeoutMs: 5_000 })
    expect((await fetch(`${bad.redirectUri}?code=abc&state=other`)).status).toBe(400)
    await expect(bad.code).rejects.toMatchObject({ kind: 'oauth', message: expect.stringMatching(/state mismatch/) })
    await bad.close()
  })

  it('gives up after its timeout', async () => {
    const slow = await startLoopbackRedirect({ state: 's', timeoutMs: 50 })
    await expect(slow.code).rejects.toMatchObject({ kind: 'oauth' })
    await slow.close()
  })
})

describe('configuration and URL checks', () => {
  it('offers OAuth only with a client id; env beats settings; Passport paths by default', () => {
    expect(loadConfig({}, { version: 1, session: null }).oauth).toBeNull()
    const config = loadConfig(
      { PLANNR_API_URL: 'https://api.example.test/', PLANNR_OAUTH_CLIENT_ID: 'env-client' },
      { version: 1, session: null, oauth: { clientId: 'settings-client', scope: 'read' } },
    )
    expect(config.apiBaseUrl).toBe('https://api.example.test')
    expect(config.oauth).toMatchObject({
      clientId: 'env-client',
      authorizeUrl: 'https://api.example.test/oauth/authorize',
      tokenUrl: 'https://api.example.test/oauth/token',
      scope: 'read',
      redirectPort: 0,
    })
  })

  it('opens only the configured authorize page; plain http only on loopback', () => {
    const https = 'https://api.plannrcrm.com/oauth/authorize'
    expect(authorizeUrlAllowed(`${https}?client_id=1`, https)).toBe(true)
    expect(authorizeUrlAllowed('https://evil.example/oauth/authorize', https)).toBe(false)
    expect(authorizeUrlAllowed('https://api.plannrcrm.com/other', https)).toBe(false)
    expect(authorizeUrlAllowed(`${https}?x=1`, null)).toBe(false)
    const local = 'http://127.0.0.1:4010/oauth/authorize'
    expect(authorizeUrlAllowed(`${local}?state=1`, local)).toBe(true)
    expect(authorizeUrlAllowed('http://example.com/oauth/authorize', 'http://example.com/oauth/authorize')).toBe(false)
  })

  it('redacts registered secrets and bearer headers from text', () => {
    registerSecret('super-secret-token-value')
    expect(redactSecrets('failed with super-secret-token-value')).not.toContain('super-secret-token-value')
    expect(redactSecrets('Authorization: Bearer abcdefghijklmnop')).toBe('Authorization: Bearer [redacted]')
  })
})

describe('token endpoint answers: a refused grant, or a wait', () => {
  const config = {
    authorizeUrl: 'https://api.example.test/oauth/authorize',
    tokenUrl: 'https://api.example.test/oauth/token',
    clientId: 'client',
    scope: '*',
    timeoutMs: 1_000,
  }
  /** What a refresh fails with when the token endpoint answers `status` with `body`. */
  async function refreshFailure(status: number, body: string, headers: Record<string, string> = {}) {
    const answer: typeof fetch = async () => new Response(body, { status, headers })
    try {
      await refreshTokens(config, 'refresh-token', { fetch: answer })
    } catch (error) {
      return error
    }
    throw new Error('expected the refresh to fail')
  }
  const oauthBody = (error: string) => JSON.stringify({ error, error_description: 'no', message: 'no' })

  it('only an OAuth error answer that refuses the grant means signing in again (RFC 6749 5.2)', async () => {
    // Passport (league/oauth2-server): a revoked or expired refresh token is 400 invalid_grant,
    // 401 invalid_request before its version 8; a client it does not know is 401 invalid_client.
    for (const [status, error] of [
      [400, 'invalid_grant'],
      [401, 'invalid_client'],
      [400, 'unauthorized_client'],
      [401, 'invalid_request'],
      [400, 'invalid_request'],
      [400, 'unsupported_grant_type'],
      [400, 'invalid_scope'],
    ] as const) {
      expect(isRejectedGrant(await refreshFailure(status, oauthBody(error))), `${status} ${error}`).toBe(true)
    }
  })

  it('a 429, 408, a proxy or firewall refusal, a 5xx or an answer without an OAuth error is not a refused grant', async () => {
    const answers: Array<[number, string, Record<string, string>?]> = [
      [429, '{"message":"Too Many Attempts."}', { 'Retry-After': '30' }],
      [408, ''],
      [407, '<html>Proxy Authentication Required</html>'],
      [403, '<html>Blocked by your firewall</html>'],
      [403, oauthBody('access_denied')],
      [404, '<html>Not Found</html>'],
      [401, '{"message":"Unauthenticated."}'],
      [400, '<html>Bad Request</html>'],
      [400, oauthBody('temporarily_unavailable')],
      [500, oauthBody('server_error')],
      [503, ''],
    ]
    for (const [status, body, headers] of answers) {
      expect(isRejectedGrant(await refreshFailure(status, body, headers)), `${status} ${body}`).toBe(false)
    }
  })
})
