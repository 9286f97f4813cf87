/**
 * Runs a bench page in Debian's Chromium: bundles `entry` (a file under test/browser/bench/)
 * with esbuild, serves it on 127.0.0.1 with a `/ipc` WebSocket that carries each `window.plannr`
 * call as JSON to `invoke` (main's real dispatcher, as in the web shell), then calls the page's
 * global `run` function with `arg` and returns what it resolves to.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { build } from 'esbuild'
import { WebSocketServer } from 'ws'
import { chromium } from 'playwright-core'
import type { Invoke } from '../test/support/browser-invoker'
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/chromium'

export interface PageRun<T> {
  result: T
  /** Total time main's dispatcher spent on the page's calls (ms). */
  mainInvokeMs: number
}

export async function runBenchPage<A, T>(entry: string, run: string, arg: A, invoke: Invoke): Promise<PageRun<T>> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  const script = bundle.outputFiles[0]?.text ?? ''
  const server = createServer((request, response) => {
    if (request.url === '/bench.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' })
      response.end(script)
    } else {
      response.writeHead(200, { 'content-type': 'text/html' })
      response.end(
        '<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="/bench.js"></script>',
      )
    }
  })
  // The renderer can keep a request in flight while it writes the previous answer, as in the app.
  let mainInvokeMs = 0
  const sockets = new WebSocketServer({ server, path: '/ipc' })
  sockets.on('connection', (ws) => {
    ws.on('message', (raw) => {
      const { id, channel, input } = JSON.parse(String(raw)) as { id: number; channel: string; input: unknown }
      const start = performance.now()
      void invoke(channel, input).then((result) => {
        mainInvokeMs += performance.now() - start
        ws.send(JSON.stringify({ id, result }))
      })
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  // gc() and precise heap figures, so a bench page can report what a structure keeps in memory.
  const args = [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc']
  const browser = await chromium.launch({ executablePath: chromiumPath(), args, headless: true })
  try {
    const page = await browser.newPage()
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
    await page.exposeFunction('benchLog', (line: string) => console.log(line))
    await page.goto(pageUrl)
    await page.waitForFunction((name) => name in globalThis, run)
    const result = (await page.evaluate(
      ({ name, input }) =>
        (globalThis as unknown as Record<string, (input: unknown) => Promise<unknown>>)[name]?.(input),
      { name: run, input: arg as unknown },
    )) as T
    return { result, mainInvokeMs }
  } finally {
    await browser.close()
    sockets.close()
    server.close()
  }
}
