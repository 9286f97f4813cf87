import { randomBytes } from 'node:crypto'
import { sameText } from '../main/auth/same-text'

/**
 * The secret that lets a page use the web shell. The shell listens on 127.0.0.1, where any
 * program on this computer can connect and send whatever Origin header it likes, and its
 * handlers act with the signed-in user's Plannr session. So the app's page and its WebSocket are
 * served only to a request that carries the key in its address: the page is opened at the
 * address the shell printed, and its bridge passes the key on in the WebSocket's address.
 *
 * Never a cookie: a browser sends a host's cookies to every port of that host, and SameSite
 * counts every port of 127.0.0.1 as one site, so any other local server the browser visits
 * would receive the key. A reload keeps working because the app never rewrites its address.
 */
export class PageKey {
  private readonly value = randomBytes(24).toString('base64url')

  /** The query to add to the shell's address. */
  get query(): string {
    return `key=${this.value}`
  }

  /** Whether the request's address carries the key. */
  admits(url: URL): boolean {
    const candidate = url.searchParams.get('key')
    return candidate !== null && sameText(candidate, this.value)
  }
}
