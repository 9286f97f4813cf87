/**
 * Bench pages in Debian's Chromium. `startBenchServer` bundles `entry` (a file under
 * test/browser/bench/) with esbuild and serves it on 127.0.0.1, with a `/ipc` WebSocket that
 * carries each `window.plannr` call as JSON to `invoke` (main's real dispatcher, as in the web
 * shell). `openBenchBrowser` opens that page in Chromium, with a persistent profile when given a
 * folder (IndexedDB on disk, as in the app) and calls the page's global functions.
 * `runBenchPage` does both for a one-shot page.
 *
 * One server can serve several browser launches: its port, and so the page's origin and the
 * IndexedDB databases it finds in a profile, stay the same until it closes.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { build } from 'esbuild'
import { WebSocketServer } from 'ws'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { Invoke } from '../test/support/browser-invoker'
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/chromium'

export interface BenchServer {
  /** The page's address, `http://127.0.0.1:PORT/`. */
  url: string
  /** Total time main's dispatcher has spent on the page's calls so far (ms). */
  mainInvokeMs(): number
  close(): Promise<void>
}

export async function startBenchServer(entry: string, invoke: Invoke): Promise<BenchServer> {
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
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    mainInvokeMs: () => mainInvokeMs,
    close: async () => {
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

export interface BenchBrowserOptions {
  /** A Chromium profile folder (IndexedDB on disk, kept across launches); without one the context is in memory. */
  profileDir?: string
  /** Awaited when the page calls `benchMark(label)`, e.g. to sample CPU times at that moment. */
  onMark?: (label: string) => void | Promise<void>
}

/**
 * With `BENCH_CPU_PROFILE=<folder>`, each page call is recorded with the renderer's sampling CPU
 * profiler (DevTools protocol) into `<folder>/<call>-<time>.cpuprofile`: where the renderer's
 * CPU-seconds go (open it in Chromium's DevTools, or sum self time by function). Sampling slows
 * the page a little, so figures from a profiled run are not comparable with others.
 */
async function startRendererProfile(page: Page, call: string): Promise<() => Promise<void>> {
  const folder = process.env.BENCH_CPU_PROFILE
  if (!folder) return async () => {}
  const session = await page.context().newCDPSession(page)
  await session.send('Profiler.enable')
  await session.send('Profiler.setSamplingInterval', { interval: 1000 })
  await session.send('Profiler.start')
  return async () => {
    const { profile } = await session.send('Profiler.stop')
    mkdirSync(folder, { recursive: true })
    const file = join(folder, `${call}-${Date.now()}.cpuprofile`)
    writeFileSync(file, JSON.stringify(profile))
    console.log(`renderer CPU profile of ${call}: ${file}`)
    await session.detach()
  }
}

export interface BenchBrowser {
  /** Calls the page's global function `name` with `arg` and returns what it resolves to. */
  call<T>(name: string, arg?: unknown): Promise<T>
  close(): Promise<void>
}

// gc() and precise heap figures, so a bench page can report what a structure keeps in memory.
const ARGS = [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc']

export async function openBenchBrowser(server: BenchServer, options: BenchBrowserOptions = {}): Promise<BenchBrowser> {
  let browser: Browser | null = null
  let context: BrowserContext
  if (options.profileDir) {
    context = await chromium.launchPersistentContext(options.profileDir, {
      executablePath: chromiumPath(),
      args: ARGS,
      headless: true,
    })
  } else {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ARGS, headless: true })
    context = await browser.newContext()
  }
  try {
    await context.exposeFunction('benchLog', (line: string) => console.log(line))
    const onMark = options.onMark
    await context.exposeFunction('benchMark', async (label: string) => {
      await onMark?.(label)
    })
    const page: Page = context.pages()[0] ?? (await context.newPage())
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
    await page.goto(server.url)
    return {
      call: async <T>(name: string, arg?: unknown): Promise<T> => {
        await page.waitForFunction((fn) => fn in globalThis, name)
        const stopProfile = await startRendererProfile(page, name)
        try {
          return (await page.evaluate(
            ({ fn, input }) =>
              (globalThis as unknown as Record<string, (input: unknown) => Promise<unknown>>)[fn]?.(input),
            { fn: name, input: arg },
          )) as T
        } finally {
          await stopProfile()
        }
      },
      close: async () => {
        await context.close()
        await browser?.close()
      },
    }
  } catch (error) {
    await context.close()
    await browser?.close()
    throw error
  }
}

export interface PageRun<T> {
  result: T
  /** Total time main's dispatcher spent on the page's calls (ms). */
  mainInvokeMs: number
}

/** One page, one call, in an in-memory context: bundles `entry`, runs its global `run` with `arg`. */
export async function runBenchPage<A, T>(entry: string, run: string, arg: A, invoke: Invoke): Promise<PageRun<T>> {
  const server = await startBenchServer(entry, invoke)
  try {
    const browser = await openBenchBrowser(server)
    try {
      const result = await browser.call<T>(run, arg)
      return { result, mainInvokeMs: server.mainInvokeMs() }
    } finally {
      await browser.close()
    }
  } finally {
    await server.close()
  }
}
