import { createHash, randomBytes } from 'node:crypto'

/**
 * PKCE (RFC 7636) for a public client: the verifier never leaves main, the browser only sees
 * its S256 challenge, so an app that intercepts the redirect cannot redeem the code.
 */

/** 32 random bytes → 43 base64url characters, inside the RFC's 43–128 range. */
export function createCodeVerifier(): string {
  return randomBytes(32).toString('base64url')
}

/** BASE64URL(SHA256(ASCII(code_verifier))), RFC 7636 §4.2. */
export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

/** An unguessable `state` binding the redirect to this sign-in attempt (CSRF, RFC 6749 §10.12). */
export function createState(): string {
  return randomBytes(24).toString('base64url')
}
