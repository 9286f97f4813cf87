import { EventEmitter } from 'node:events'
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type {
  ChromiumClientRequest,
  ChromiumIncomingMessage,
  ChromiumRequestOptions,
} from '../../src/main/api/chromium-fetch'

/**
 * Electron's `net.request` played by node:http, for machines without the Electron binary: real
 * requests over loopback, with the events Electron's ClientRequest documents and emits —
 * 'response' with an IncomingMessage ('data', 'end', 'error'); with `redirect: 'manual'`, a
 * 'redirect' event, then the request cancelled with "Redirect was cancelled" unless it was aborted;
 * failures as `net::ERR_…` errors; `abort()` stops the data without ending the message. Only http
 * and https, as ClientRequest. What Chromium adds (the OS's proxy, cookies, cache) is not played:
 * the options asking for them are recorded in `options`.
 */
export function nodeClientRequest(options: ChromiumRequestOptions): NodeClientRequest {
  const { protocol } = new URL(options.url)
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new Error('ClientRequest only supports http: and https: protocols')
  }
  return new NodeClientRequest(options)
}

/** How Chromium names the failures Node reports by code. */
const CHROMIUM_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'ERR_CONNECTION_REFUSED',
  ECONNRESET: 'ERR_CONNECTION_RESET',
  ENOTFOUND: 'ERR_NAME_NOT_RESOLVED',
}

function chromiumError(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code
  const name = typeof code === 'string' ? CHROMIUM_ERRORS[code] : undefined
  return new Error(`net::${name ?? 'ERR_FAILED'}`)
}

export class NodeClientRequest extends EventEmitter implements ChromiumClientRequest {
  readonly headers: Record<string, string> = {}
  private outgoing: ClientRequest | null = null
  private message: NodeIncomingMessage | null = null
  /** Whether abort() was called (by the fetch, or after a redirect). */
  aborted = false

  constructor(readonly options: ChromiumRequestOptions) {
    super()
  }

  setHeader(name: string, value: string): void {
    if (this.outgoing) throw new Error("Can't set headers after they are sent")
    this.headers[name] = value
  }

  end(chunk?: Buffer): this {
    const send = this.options.url.startsWith('https:') ? httpsRequest : httpRequest
    // A connection of its own each time, so a server that went away refuses the next request
    // instead of a pooled socket failing half-way.
    // Chromium sends a buffered body with its length (Node leaves it out for a DELETE).
    const headers = chunk ? { ...this.headers, 'Content-Length': String(chunk.length) } : this.headers
    const outgoing = send(this.options.url, { method: this.options.method, headers, agent: false })
    this.outgoing = outgoing
    outgoing.on('response', (incoming) => this.received(incoming))
    outgoing.on('error', (error) => this.fail(chromiumError(error)))
    outgoing.end(chunk)
    return this
  }

  /**
   * What Electron's `Session.closeAllConnections` does to a request of its session: the connection
   * is closed under it, and a request still in flight (waiting for its answer, or reading its
   * body) fails, as Electron documents. A request that has finished is not touched.
   */
  closeConnection(): void {
    if (this.aborted) return
    this.outgoing?.destroy()
  }

  abort(): void {
    if (this.aborted) return
    this.aborted = true
    this.message?.silence()
    this.outgoing?.destroy()
  }

  private received(incoming: IncomingMessage): void {
    if (this.aborted) return
    const status = incoming.statusCode ?? 0
    const location = incoming.headers.location
    if (status >= 300 && status < 400 && location) {
      if (this.options.redirect !== 'manual') {
        throw new Error(`redirect mode ${this.options.redirect} is not played by this stand-in`)
      }
      const headers: Record<string, string[]> = {}
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value : [value]
      }
      this.emit('redirect', status, this.options.method, new URL(location, this.options.url).href, headers)
      // Nothing here calls followRedirect(): Electron cancels the request unless it was aborted.
      if (!this.aborted) {
        this.abort()
        this.emit('error', new Error('Redirect was cancelled'))
      }
      return
    }
    this.message = new NodeIncomingMessage(incoming, (error) => this.fail(error))
    this.emit('response', this.message)
  }

  private fail(error: Error): void {
    if (this.aborted) return
    this.message?.fail(error)
    this.emit('error', error)
  }
}

class NodeIncomingMessage extends EventEmitter implements ChromiumIncomingMessage {
  readonly statusCode: number
  readonly headers: Record<string, string | string[]> = {}
  private silent = false

  constructor(incoming: IncomingMessage, onBroken: (error: Error) => void) {
    super()
    this.statusCode = incoming.statusCode ?? 0
    for (const [name, value] of Object.entries(incoming.headers)) if (value !== undefined) this.headers[name] = value
    incoming.on('data', (chunk: Buffer) => {
      if (!this.silent) this.emit('data', chunk)
    })
    incoming.on('end', () => {
      if (!this.silent) this.emit('end')
    })
    // The server went away half-way through the body.
    incoming.on('aborted', () => onBroken(new Error('net::ERR_CONNECTION_RESET')))
    incoming.on('error', () => onBroken(new Error('net::ERR_CONNECTION_RESET')))
  }

  /** After abort(): Electron stops the data and ends nothing. */
  silence(): void {
    this.silent = true
  }

  fail(error: Error): void {
    if (this.silent) return
    this.silent = true
    this.emit('error', error)
  }
}
