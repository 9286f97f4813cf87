import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { SandboxStore } from '../store'
import { authenticate, bearerToken, type TokenRegistry } from './auth'
import type { FaultDecision, FaultInjector } from './faults'
import { LateWrites } from './late-writes'
import type { RateLimiter } from './rate-limit'
import type { Router } from './router'
import { HttpError, type RequestContext, type SandboxResponse } from './types'

export interface ServerDeps {
  store: SandboxStore
  router: Router
  faults: FaultInjector
  rateLimiter: RateLimiter
  tokens: TokenRegistry
  log: (line: string) => void
}

const MAX_BODY_BYTES = 5 * 1024 * 1024

/** What a gateway (nginx's page) answers when it gave up waiting for the server behind it. */
const GATEWAY_TIMEOUT: SandboxResponse = {
  status: 504,
  text: '<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center></body></html>',
  contentType: 'text/html',
}

/**
 * The request pipeline, in the order a real deployment would apply things:
 * network faults (reset, latency) → throttle (rate limit, 429 bursts) → server faults (5xx) →
 * routing → (a gateway's 504 now, the rest later) → auth → handler → commit-then-drop → (slow) response.
 */
export function createSandboxServer(deps: ServerDeps): {
  server: Server
  closeAll(): void
  /** Resolves once every write answered 504 by the `commitLateMs` fault has been performed. */
  lateWritesPerformed(): Promise<void>
} {
  const sockets = new Set<Socket>()
  const late = new LateWrites(deps.log)
  const server = createServer((req, res) => {
    handle(deps, late, req, res).catch((error: unknown) => {
      deps.log(
        `sandbox: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      )
      if (!res.headersSent) send(res, { status: 500, body: { message: 'Server Error.' } }, {}, 0, req.method === 'HEAD')
      else res.destroy()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return {
    server,
    closeAll() {
      late.cancelAll()
      for (const socket of sockets) socket.destroy()
      sockets.clear()
    },
    lateWritesPerformed: () => late.performed(),
  }
}

async function handle(deps: ServerDeps, late: LateWrites, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now()
  const method = (req.method ?? 'GET').toUpperCase()
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`
  const url = new URL(req.url ?? '/', origin)
  const match = deps.router.match(method, url.pathname)
  const rawBody = await readBody(req)
  const log = (outcome: string) =>
    deps.log(`${method} ${url.pathname}${url.search} → ${outcome} (${Date.now() - started} ms)`)

  if (rawBody === null) {
    send(res, { status: 413, body: { message: 'Payload Too Large.' } }, {}, 0, false)
    return log('413')
  }
  const decision: FaultDecision = deps.faults.decide(
    method,
    url.pathname,
    match.kind === 'found' ? match.route.pattern : null,
  )
  if (decision.reset) {
    req.socket.destroy()
    return log('connection reset (fault)')
  }
  if (decision.latencyMs > 0) await sleep(decision.latencyMs)
  if (req.socket.destroyed) return log('client gone')

  const headers: Record<string, string> = {}
  let response: SandboxResponse
  try {
    if (url.pathname.startsWith('/api/')) {
      const limit = deps.rateLimiter.hit(
        bearerToken({ headers: req.headers }) ?? `ip:${req.socket.remoteAddress ?? '?'}`,
      )
      headers['X-RateLimit-Limit'] = String(limit.limit)
      headers['X-RateLimit-Remaining'] = String(limit.remaining)
      if (!limit.allowed) {
        throw new HttpError(
          429,
          { message: 'Too Many Attempts.' },
          { 'Retry-After': String(limit.retryAfter), 'X-RateLimit-Reset': String(limit.resetAt) },
        )
      }
    }
    if (decision.burst !== null) {
      throw new HttpError(
        429,
        { message: 'Too Many Attempts.' },
        { 'Retry-After': decision.retryAfterHeader ?? String(decision.burst), 'X-RateLimit-Remaining': '0' },
      )
    }
    if (decision.error !== null) throw new HttpError(decision.error, { message: 'Server Error.' })
    if (decision.status !== null) throw new HttpError(decision.status, { message: refusalMessage(decision.status) })
    if (decision.validationErrors !== null) throw new HttpError(422, validationBody(decision.validationErrors))
    if (match.kind === 'not-found')
      throw new HttpError(404, { message: `The route ${url.pathname.slice(1)} could not be found.` })
    if (match.kind === 'method-not-allowed') {
      throw new HttpError(405, {
        message: `The ${method} method is not supported for route ${url.pathname.slice(1)}. Supported methods: ${[...new Set(match.allowed)].join(', ')}.`,
      })
    }
    // The listing is read as page 1; the answer's links and meta still come from that read.
    if (decision.ignorePage && url.searchParams.has('page')) url.searchParams.set('page', '1')
    const context: RequestContext = {
      method,
      url,
      params: match.params,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      origin,
      auth: null,
    }
    const route = match.route
    const perform = async (): Promise<SandboxResponse> => {
      if (route.auth !== 'public') context.auth = authenticate(context, route.auth, deps.store, deps.tokens)
      return route.handler(context)
    }
    if (decision.commitLateMs > 0) {
      // The gateway answers now; the server behind it performs the write whatever the client does next.
      late.later(decision.commitLateMs, () => statusOf(perform).then((status) => `${method} ${url.pathname} ${status}`))
      response = GATEWAY_TIMEOUT
    } else response = await perform()
  } catch (error) {
    if (error instanceof HttpError) response = { status: error.status, body: error.body, headers: error.headers }
    else {
      deps.log(`sandbox: handler error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      response = { status: 500, body: { message: 'Server Error.' } }
    }
  }
  if (decision.padBodyBytes > 0 && response.status < 300 && isRecord(response.body)) {
    response = { ...response, body: { ...response.body, padding: 'x'.repeat(decision.padBodyBytes) } }
  }
  if (decision.dropAfterCommit) {
    // The action is done; the answer never arrives (the case that makes naive clients duplicate).
    req.socket.destroy()
    return log(`${response.status}, then dropped (fault)`)
  }
  send(res, response, headers, decision.slowBodyMs, method === 'HEAD')
  log(String(response.status))
}

/** The status `perform` answers with, a refusal it throws included. */
async function statusOf(perform: () => Promise<SandboxResponse>): Promise<number> {
  try {
    return (await perform()).status
  } catch (error) {
    if (error instanceof HttpError) return error.status
    throw error
  }
}

function send(
  res: ServerResponse,
  response: SandboxResponse,
  extra: Record<string, string>,
  slowBodyMs: number,
  head: boolean,
): void {
  const payload = Buffer.from(
    response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body)),
    'utf8',
  )
  res.statusCode = response.status
  res.setHeader('Content-Type', response.contentType ?? 'application/json')
  res.setHeader('Content-Length', String(payload.length))
  res.setHeader('Cache-Control', 'no-cache, private')
  for (const [name, value] of Object.entries({ ...extra, ...response.headers })) res.setHeader(name, value)
  if (head || payload.length === 0) {
    res.end()
    return
  }
  if (slowBodyMs <= 0) {
    res.end(payload)
    return
  }
  // Trickle: headers now, the body in ten slices spread over slowBodyMs.
  res.flushHeaders()
  const slices = 10
  const size = Math.ceil(payload.length / slices)
  let index = 0
  const step = () => {
    if (res.destroyed) return
    const chunk = payload.subarray(index * size, (index + 1) * size)
    index += 1
    if (index >= slices || index * size >= payload.length) {
      res.end(chunk)
      return
    }
    res.write(chunk)
    setTimeout(step, slowBodyMs / slices)
  }
  setTimeout(step, slowBodyMs / slices)
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooBig = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) tooBig = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Laravel's default messages for the refusals the fault rule can inject. */
/** Laravel's 422 body: the first message, "(and N more errors)" when there are more. */
function validationBody(errors: Record<string, string[]>): Record<string, unknown> {
  const messages = Object.values(errors).flat()
  const more = messages.length - 1
  const message = `${messages[0] ?? 'The given data was invalid.'}${more > 0 ? ` (and ${more} more error${more > 1 ? 's' : ''})` : ''}`
  return { message, errors }
}

function refusalMessage(status: number): string {
  const known: Record<number, string> = {
    409: 'Conflict.',
    410: 'Gone.',
    413: 'Payload Too Large.',
    414: 'URI Too Long.',
    418: "I'm a teapot.",
    431: 'Request Header Fields Too Large.',
  }
  return known[status] ?? `Refused (${status}).`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
