/*
 * Main's HTTP in the desktop app goes through Chromium's network stack, not Node's: Node's fetch
 * (undici) knows nothing of the operating system's proxy settings (system proxy, PAC, WPAD) nor of
 * its certificate store, so behind a corporate proxy, or a TLS-inspecting gateway whose root is
 * only trusted by the OS, Plannr could never be reached. Chromium uses both (and can answer a
 * proxy's NTLM or Kerberos challenge with the user's own sign-in, as the browser does).
 *
 * Built on Electron's `net.request` (ClientRequest) rather than `net.fetch`: `net.fetch` with
 * `redirect: 'manual'` rejects ("Redirect was cancelled") instead of answering with the 3xx, and
 * the client relies on that answer (a redirect is reachable-but-not-the-API for connectivity, and
 * a plain-words error rather than "cannot reach Plannr"). ClientRequest tells us the redirect and
 * lets us not follow it. Otherwise this does what `net.fetch` does on top of ClientRequest, and
 * also ends a body being read when the request is aborted.
 *
 * Whatever the caller asks, every request:
 * - carries no cookies and keeps none (`credentials: 'omit'`): Plannr's API works by bearer token,
 *   and a cookie from one account's answers must never ride along with another account's request;
 * - is never answered from, nor stored in, an HTTP cache (`cache: 'no-store'`);
 * - goes only to http: or https:, never to a custom protocol handler (app:// serves the renderer;
 *   `bypassCustomProtocolHandlers`), nor to file: or anything else.
 * The session (given by the caller, `index.ts`) is one of its own, in memory only, used for
 * nothing but the API: see API_SESSION_PARTITION. Writes (every method but GET and HEAD, the OAuth
 * token requests included) go on another, one at a time: see API_WRITE_SESSION_PARTITION.
 *
 * No Electron import here, so the web shell and tests load this module in plain Node; the parts
 * of ClientRequest it uses are described by the interfaces below.
 */

import { WRITE_NOT_SENT } from './errors'

/**
 * The partition of the session the API's requests use: no `persist:` prefix, so it lives in
 * memory only (no cookie jar or cache on disk), and nothing else (the window's default session,
 * which serves app://) shares it.
 */
export const API_SESSION_PARTITION = 'plannr-api'

/**
 * The partition of the session writes use, in memory only as the other. Chromium resends a request
 * by itself, whatever its method, when a connection it reused fails before any answer comes (a
 * kept-alive connection the server or a proxy closed at that moment): a create Plannr had already
 * committed would be made twice, where the client must instead look up whether it landed. It does
 * so only on a reused connection, so every write goes on a connection of its own: this session's
 * connections are all closed before each write (see `ChromiumNetwork`). Closing them fails a
 * request still in flight on them, so a write starts only once the write before it has ended.
 */
export const API_WRITE_SESSION_PARTITION = 'plannr-api-writes'

/** What is asked of `net.request` (the caller adds the session). */
export interface ChromiumRequestOptions {
  method: string
  url: string
  redirect: 'follow' | 'error' | 'manual'
  credentials: 'omit'
  cache: 'no-store'
  bypassCustomProtocolHandlers: true
}

/** The parts of Electron's IncomingMessage this uses (documented events and fields only). */
export interface ChromiumIncomingMessage {
  statusCode: number
  headers: Record<string, string | string[]>
  on(event: 'data', listener: (chunk: Buffer) => void): unknown
  on(event: 'end', listener: () => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
}

/** The parts of Electron's ClientRequest this uses. */
export interface ChromiumClientRequest {
  setHeader(name: string, value: string): void
  on(event: 'response', listener: (response: ChromiumIncomingMessage) => void): unknown
  on(
    event: 'redirect',
    listener: (statusCode: number, method: string, redirectUrl: string, headers: Record<string, string[]>) => void,
  ): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  end(chunk?: Buffer): unknown
  abort(): void
}

export type OpenChromiumRequest = (options: ChromiumRequestOptions) => ChromiumClientRequest

/**
 * Where the requests are made. Reads (GET, HEAD) share the connections of one session: Chromium
 * resending one is harmless. Writes go on another session, one at a time, each after
 * `closeWriteConnections`, so none is ever sent on a reused connection and none is in flight when
 * the connections are closed (see API_WRITE_SESSION_PARTITION).
 */
export interface ChromiumNetwork {
  read: OpenChromiumRequest
  write: OpenChromiumRequest
  /**
   * Closes every connection of the writes' session (Electron's `Session.closeAllConnections`),
   * failing any request still in flight on it.
   */
  closeWriteConnections: () => Promise<void>
}

const SAFE_METHODS = new Set(['GET', 'HEAD'])

/** Statuses whose answer has no body (a Response refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

/**
 * A `fetch` whose requests are made on `network` (in the app: `net.request` on the API's
 * sessions). Behaves as the client needs Node's fetch to: an abort (timeout or cancel) rejects the
 * pending answer or errors its body mid-read; with `redirect: 'manual'` a redirect comes back as its
 * 3xx answer (status and headers, without its body) and is not followed; a write is never resent
 * by Chromium (it goes on a connection of its own), and writes go one at a time: each waits until
 * the one before has ended, so the caller reads a write's answer to its end or cancels it (as
 * `readLimited` does), or aborts it, and the next write can go. Reads never wait.
 */
export function chromiumFetch(network: ChromiumNetwork): typeof fetch {
  const writeTurns = new TurnQueue()
  return async (input, init) => {
    const request = new Request(input, init)
    const { protocol } = new URL(request.url)
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new TypeError(`Refused to fetch a ${protocol} URL: only http and https go to the network.`)
    }
    const bytes = request.body ? Buffer.from(await request.arrayBuffer()) : undefined
    const body = bytes?.length ? bytes : undefined
    const signal = request.signal
    signal.throwIfAborted()
    if (SAFE_METHODS.has(request.method)) return exchange(network.read, request, body, signal, () => {})
    // Closing the write session's connections fails every request still in flight on it (Electron
    // documents it for closeAllConnections): a create whose outcome is then unknown, or a token
    // refresh Plannr has already rotated, leaving the app a revoked refresh token. So a write, the
    // token requests included, waits until the write before it is over (answer read, failed or
    // aborted): the connections closed are only ever idle ones.
    const finished = await writeTurns.take(signal)
    try {
      await network.closeWriteConnections()
      if (signal.aborted) throw new WriteNotSent(signal.reason)
    } catch (error) {
      finished()
      throw error
    }
    return exchange(network.write, request, body, signal, finished)
  }
}

/**
 * A write given up on (timed out, cancelled) while it waited for the write before it: it never
 * left, so it is not one that may have reached Plannr, and says nothing of the network either.
 */
export class WriteNotSent extends Error {
  readonly code = WRITE_NOT_SENT

  constructor(reason: unknown) {
    super('The write was not sent: the one before it was still on its way to Plannr.', { cause: reason })
    this.name = 'WriteNotSent'
  }
}

/**
 * Turns taken one after another: `take` resolves once every turn taken before it is over, with
 * the function that ends this one. A caller that gives up while waiting (its signal aborts) is
 * rejected at once, and its turn passes without holding anyone.
 */
class TurnQueue {
  private last: Promise<void> = Promise.resolve()

  take(signal: AbortSignal): Promise<() => void> {
    const before = this.last
    let finish: () => void = () => {}
    const over = new Promise<void>((resolve) => (finish = resolve))
    this.last = before.then(() => over)
    let finished = false
    const end = (): void => {
      if (finished) return
      finished = true
      finish()
    }
    return new Promise<() => void>((resolve, reject) => {
      const onAbort = (): void => {
        end()
        reject(new WriteNotSent(signal.reason))
      }
      if (signal.aborted) return onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
      void before.then(() => {
        signal.removeEventListener('abort', onAbort)
        if (signal.aborted) return
        resolve(end)
      })
    })
  }
}

/**
 * One request on `open`'s session. `over` is called once, when nothing more of it can come: its
 * answer's body read to the end, cancelled or failed, an answer without a body, an error, or an
 * abort.
 */
function exchange(
  open: OpenChromiumRequest,
  request: Request,
  body: Buffer | undefined,
  signal: AbortSignal,
  over: () => void,
): Promise<Response> {
  let ended = false
  const end = (): void => {
    if (ended) return
    ended = true
    over()
  }
  return new Promise<Response>((resolve, reject) => {
    let answered = false
    /** Ends the body stream, once there is one and it is still open. */
    let failBody: ((reason: unknown) => void) | null = null

    let client: ChromiumClientRequest
    try {
      client = open({
        method: request.method,
        url: request.url,
        redirect: request.redirect,
        credentials: 'omit',
        cache: 'no-store',
        bypassCustomProtocolHandlers: true,
      })
      for (const [name, value] of request.headers) client.setHeader(name, value)
    } catch (error) {
      // Nothing was sent: the next write need not wait for this one.
      end()
      throw error
    }
    /** The request is over, whichever way it ended. */
    const done = (): void => {
      signal.removeEventListener('abort', onAbort)
      end()
    }
    function onAbort(): void {
      client.abort()
      done()
      if (!answered) reject(signal.reason)
      else failBody?.(signal.reason)
    }
    /** Runs in Electron's event callbacks, where a throw would be main's uncaught exception. */
    const answer = (build: () => Response): void => {
      try {
        const response = build()
        answered = true
        resolve(response)
      } catch (error) {
        client.abort()
        done()
        reject(error)
      }
    }

    // Kept for the request's whole life: an 'error' nobody listens to would crash main.
    client.on('error', (error) => {
      done()
      if (!answered) reject(error)
      else failBody?.(error)
    })
    if (request.redirect === 'manual') {
      client.on('redirect', (statusCode, _method, _location, headers) => {
        // Not followed: the answer is the redirect itself, as Node's fetch gives it.
        client.abort()
        done()
        answer(() => new Response(null, { status: statusCode, headers: toHeaders(headers) }))
      })
    }
    client.on('response', (message) => {
      if (NULL_BODY_STATUSES.has(message.statusCode) || request.method === 'HEAD') {
        done()
        answer(() => new Response(null, { status: message.statusCode, headers: toHeaders(message.headers) }))
        return
      }
      answer(() => {
        const stream = bodyStream(
          message,
          () => {
            // The reader gave up (an answer too large to read): stop the download.
            client.abort()
            done()
          },
          done,
        )
        failBody = stream.fail
        return new Response(stream.body, { status: message.statusCode, headers: toHeaders(message.headers) })
      })
    })

    signal.addEventListener('abort', onAbort, { once: true })
    try {
      client.end(body)
    } catch (error) {
      client.abort()
      done()
      reject(error)
    }
  })
}

/**
 * The answer's body as a web stream, fed by the message's events as they come (the client reads
 * it at once, up to its size limit, then cancels). `fail` errors it: after an abort the message
 * sends neither 'end' nor 'error', so a read under way would otherwise wait for ever.
 */
function bodyStream(
  message: ChromiumIncomingMessage,
  onCancel: () => void,
  onEnd: () => void,
): { body: ReadableStream<Uint8Array>; fail: (reason: unknown) => void } {
  let open = true
  let fail: (reason: unknown) => void = () => {}
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      fail = (reason) => {
        if (!open) return
        open = false
        controller.error(reason)
      }
      message.on('data', (chunk) => {
        if (open) controller.enqueue(chunk)
      })
      message.on('end', () => {
        if (!open) return
        open = false
        onEnd()
        controller.close()
      })
      message.on('error', (error) => {
        onEnd()
        fail(error)
      })
    },
    cancel() {
      open = false
      onCancel()
    },
  })
  return { body, fail: (reason) => fail(reason) }
}

function toHeaders(raw: Record<string, string | string[]>): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
  }
  return headers
}
