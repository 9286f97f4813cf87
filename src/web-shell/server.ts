import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { build } from 'esbuild'
import type { EventName } from '../shared/ipc/contract'
import type { Dispatcher } from '../main/ipc/dispatch'
import { CONTENT_SECURITY_POLICY } from '../main/window/security'
import { PageKey } from './page-key'

const BRIDGE_PATH = '/__web-shell/bridge.js'
const IPC_PATH = '/__web-shell/ipc'
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
}

export interface WebShellOptions {
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** Builds the dispatcher once the shell knows its own origin (the only trusted sender). */
  createDispatcher: (isTrustedSender: (url: string | undefined) => boolean) => Dispatcher
  port?: number
}

export interface WebShell {
  url: string
  /** Pushes a contract event to every connected page. */
  emit: (event: EventName, payload: unknown) => void
  close: () => Promise<void>
}

/**
 * Serves the built renderer on 127.0.0.1 and bridges `window.plannr` to the real main-process
 * handlers over a WebSocket: the same contract and the same dispatcher as Electron's ipcMain,
 * so end-to-end tests in Chromium exercise the real validation and the real handlers.
 */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const bridge = await buildBridge()
  let origin = ''
  const key = new PageKey()
  const isTrustedSender = (url: string | undefined): boolean => {
    try {
      return url !== undefined && new URL(url).origin === origin
    } catch {
      return false
    }
  }
  const dispatch = options.createDispatcher(isTrustedSender)

  const server = createServer((request, response) => {
    // Whatever goes wrong with one request answers it, and never ends the shell.
    serveFile(options.rendererDir, bridge, key, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500)
      response.end()
    })
  })
  const sockets = new WebSocketServer({ noServer: true })
  server.on('upgrade', (request, socket, head) => {
    // Only pages served by this shell may connect: a page elsewhere cannot drive the handlers,
    // and a program that sends the right Origin still lacks the page's key (see PageKey).
    const url = new URL(request.url ?? '', 'http://127.0.0.1')
    if (url.pathname !== IPC_PATH || request.headers.origin !== origin || !key.admits(url)) {
      socket.destroy()
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => onConnection(ws, request.headers.origin))
  })

  function onConnection(ws: WebSocket, senderOrigin: string | undefined): void {
    ws.on('message', (raw) => {
      let message: { id?: unknown; channel?: unknown; input?: unknown }
      try {
        message = JSON.parse(String(raw)) as typeof message
      } catch {
        return
      }
      if (typeof message.id !== 'number') return
      const id = message.id
      void dispatch(message.channel, message.input, senderOrigin ? `${senderOrigin}/` : undefined).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }))
      })
    })
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`

  return {
    url: `${origin}/?${key.query}`,
    emit: (event, payload) => {
      const text = JSON.stringify({ event, payload })
      for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(text)
    },
    close: async () => {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

async function buildBridge(): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'bridge-client.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  })
  const file = result.outputFiles[0]
  if (!file) throw new Error('The web shell bridge did not build')
  return file.text
}

async function serveFile(
  rendererDir: string,
  bridge: string,
  key: PageKey,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    // The page's address carries its key: no request it makes elsewhere may say where it came from.
    'Referrer-Policy': 'no-referrer',
  }
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  const path = url.pathname
  if (path === BRIDGE_PATH) {
    response.writeHead(200, { ...headers, 'Content-Type': MIME['.js'] })
    response.end(bridge)
    return
  }
  let relative: string
  try {
    relative = path === '/' ? 'index.html' : decodeURIComponent(path).replace(/^\/+/, '')
  } catch {
    // Not valid percent-encoding: no file can have that name.
    response.writeHead(400, headers).end()
    return
  }
  const file = normalize(join(rendererDir, relative))
  if (!file.startsWith(normalize(rendererDir + sep))) {
    response.writeHead(404).end()
    return
  }
  const isPage = relative === 'index.html'
  if (isPage && !key.admits(url)) {
    // The built scripts and styles are no secret; the page, which gets a live session, is.
    response.writeHead(403, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
    response.end('Open the address the web shell printed when it started: it carries the key for this page.\n')
    return
  }
  try {
    let body: Buffer | string = await readFile(file)
    if (isPage) {
      // The bridge is a classic script, so it runs before the app's (deferred) module script.
      body = body.toString('utf8').replace('<head>', `<head>\n    <script src="${BRIDGE_PATH}"></script>`)
    }
    response.writeHead(200, {
      ...headers,
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    })
    response.end(body)
  } catch {
    response.writeHead(404).end()
  }
}
