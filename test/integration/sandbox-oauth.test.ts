import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { api } from '../support/sandbox-client'

// OAuth2 authorization code + PKCE, end to end, as the desktop app will run it.
let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ accounts: 60, groups: 3, oauthAccessTokenTtlSeconds: 120 })
})
afterAll(async () => {
  await sandbox.stop()
})

const REDIRECT = 'http://127.0.0.1:53117/callback'
const pkce = () => {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

async function authorize(challenge: string, state = 'xyz', action: 'approve' | 'deny' = 'approve'): Promise<URL> {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: sandbox.oauthClient.clientId,
    redirect_uri: REDIRECT,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope: '*',
  })
  const page = await fetch(`${sandbox.url}/oauth/authorize?${params.toString()}`)
  expect(page.status).toBe(200)
  expect(page.headers.get('content-type')).toContain('text/html')
  const html = await page.text()
  expect(html).toContain('Authorize')
  const link = new RegExp(`href="(/oauth/authorize/${action}\\?request=[^"]+)"`).exec(html)?.[1]
  if (!link) throw new Error('no link on the consent page')
  const answer = await fetch(`${sandbox.url}${link}`, { redirect: 'manual' })
  expect(answer.status).toBe(302)
  return new URL(answer.headers.get('location') ?? '')
}

const token = (form: Record<string, string>) =>
  fetch(`${sandbox.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }))

describe('sandbox OAuth (Passport-style, PKCE)', () => {
  it('authorizes, exchanges the code, calls the API as the demo user, and rotates refresh tokens', async () => {
    const { verifier, challenge } = pkce()
    const redirect = await authorize(challenge, 'state-1')
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT)
    expect(redirect.searchParams.get('state')).toBe('state-1')
    const code = redirect.searchParams.get('code') ?? ''
    const exchange = {
      grant_type: 'authorization_code',
      client_id: sandbox.oauthClient.clientId,
      redirect_uri: REDIRECT,
      code,
      code_verifier: verifier,
    }
    const issued = await token(exchange)
    expect(issued.status).toBe(200)
    expect(issued.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 120,
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    })
    const logins = await api<{ preferred_account_uuid: string }>(sandbox, '/api/v1/logins', {
      token: String(issued.body.access_token),
    })
    expect(logins.status).toBe(200)
    expect(logins.body.preferred_account_uuid).toBe(sandbox.demo.accountUuid)

    // Codes are single-use.
    const reused = await token(exchange)
    expect(reused.status).toBe(400)
    expect(reused.body.error).toBe('invalid_grant')

    const refreshed = await token({
      grant_type: 'refresh_token',
      client_id: sandbox.oauthClient.clientId,
      refresh_token: String(issued.body.refresh_token),
    })
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.refresh_token).not.toBe(issued.body.refresh_token)
    // Rotation: the old refresh token and the old access token are dead, the new ones work.
    const again = await token({
      grant_type: 'refresh_token',
      client_id: sandbox.oauthClient.clientId,
      refresh_token: String(issued.body.refresh_token),
    })
    expect(again.status).toBe(400)
    expect(again.body.error).toBe('invalid_grant')
    expect((await api(sandbox, '/api/v1/logins', { token: String(issued.body.access_token) })).status).toBe(401)
    expect((await api(sandbox, '/api/v1/group', { token: String(refreshed.body.access_token) })).status).toBe(200)
  })

  it('rejects a wrong code_verifier, and the code is then spent', async () => {
    const { verifier, challenge } = pkce()
    const code = (await authorize(challenge)).searchParams.get('code') ?? ''
    const wrong = await token({
      grant_type: 'authorization_code',
      client_id: sandbox.oauthClient.clientId,
      redirect_uri: REDIRECT,
      code,
      code_verifier: pkce().verifier,
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body).toMatchObject({ error: 'invalid_grant', error_description: expect.any(String) })
    const right = await token({
      grant_type: 'authorization_code',
      client_id: sandbox.oauthClient.clientId,
      redirect_uri: REDIRECT,
      code,
      code_verifier: verifier,
    })
    expect(right.status).toBe(400)
  })

  it('denial redirects with error=access_denied and the state', async () => {
    const redirect = await authorize(pkce().challenge, 'state-2', 'deny')
    expect(redirect.searchParams.get('error')).toBe('access_denied')
    expect(redirect.searchParams.get('state')).toBe('state-2')
    expect(redirect.searchParams.get('code')).toBeNull()
  })

  it('refuses unknown clients, non-loopback redirects, missing PKCE and unknown grant types', async () => {
    const base = {
      response_type: 'code',
      client_id: sandbox.oauthClient.clientId,
      redirect_uri: REDIRECT,
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    }
    const get = (params: Record<string, string>) =>
      fetch(`${sandbox.url}/oauth/authorize?${new URLSearchParams(params).toString()}`)
    expect((await get({ ...base, client_id: 'someone-else' })).status).toBe(401)
    expect((await get({ ...base, redirect_uri: 'https://evil.example.com/cb' })).status).toBe(401)
    expect((await get({ ...base, code_challenge: '' })).status).toBe(400)
    expect((await get({ ...base, code_challenge_method: 'plain' })).status).toBe(400)
    const badGrant = await token({ grant_type: 'password', client_id: sandbox.oauthClient.clientId })
    expect(badGrant).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } })
    const badClient = await token({ grant_type: 'authorization_code', client_id: 'nope', code: 'x' })
    expect(badClient).toMatchObject({ status: 401, body: { error: 'invalid_client' } })
  })
})
