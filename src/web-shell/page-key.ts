import { randomBytes } from 'node:crypto'
import { sameText } from '../main/auth/same-text'

/**
 * The secret that lets a page use the web shell. The shell listens on 127.0.0.1, where any
 * program on this computer can connect and send whatever Origin header it likes, and its
 * handlers act with the signed-in user's Plannr session. So the app's page and its WebSocket are
 * served only to a browser that opened the address the shell printed (it carries the key), which
 * then holds the key as an HttpOnly cookie for this port: reloads keep working, and other
 * programs, which never saw the address, are refused.
 */
export class PageKey {
  private readonly value = randomBytes(24).toString('base64url')
  private readonly cookieName: string

  constructor(port: number) {
    // Cookies are shared by every port of a host: one name per shell keeps two shells apart.
    this.cookieName = `plannr-web-shell-${port}`
  }

  /** The query to add to the shell's address. */
  get query(): string {
    return `key=${this.value}`
  }

  /** The Set-Cookie header that lets the page's later requests in. */
  get cookie(): string {
    return `${this.cookieName}=${this.value}; HttpOnly; SameSite=Strict; Path=/`
  }

  /** Whether the request carries the key, in its address or in its cookie. */
  admits(url: URL, cookieHeader: string | undefined): boolean {
    return this.matches(url.searchParams.get('key')) || this.matches(cookieValue(cookieHeader, this.cookieName))
  }

  private matches(candidate: string | null): boolean {
    return candidate !== null && sameText(candidate, this.value)
  }
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return null
}
