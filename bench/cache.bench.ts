/**
 * The offline cache at benchmark scale (issue 5): a sandbox with 100,000 accounts in 60 groups,
 * main's real handlers signed in to it, and the renderer's cache + sync running in Debian's
 * Chromium on real IndexedDB. Measures a full sync, storage, search and first pages, and side by
 * side a plain in-memory scan (the floor) and the sandbox API's own filter[name] round trip
 * (what an online-only client pays). Prints the figures and merges them into bench/results.json.
 *
 *   npx tsx bench/cache.bench.ts        (npm run bench runs it)
 *
 * Both rate limits are lifted (the sandbox's 500/min and main's 450/min client limiter) so the
 * figure is the pipeline's own speed; `cache_sync_rate_limit_floor_s` says what the documented
 * limit alone would cost for the same number of requests.
 */
import { createServer } from 'node:http'
import { cpus } from 'node:os'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { build } from 'esbuild'
import { WebSocketServer } from 'ws'
import { chromium } from 'playwright-core'
import { startSandbox } from '../src/sandbox'
import { createInvoker } from '../test/support/browser-invoker'
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/chromium'

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000)
const GROUPS = Number(process.env.BENCH_GROUPS ?? 60)
const QUERIES = 200
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** What test/browser/bench/cache-bench.page.ts puts on the page's window. */
interface BenchPage {
  runCacheBench(options: { queries: number; accountUuid: string }): Promise<Record<string, number>>
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return Math.round((sorted[index] ?? 0) * 100) / 100
}

const t0 = performance.now()
const sandbox = await startSandbox({ accounts: ACCOUNTS, groups: GROUPS, rateLimitPerMinute: 100_000_000 })
console.log(`sandbox: ${ACCOUNTS} accounts in ${GROUPS} groups, ready in ${Math.round(performance.now() - t0)} ms`)
const { invoke, close } = await createInvoker(sandbox, { unthrottled: true })

const bundle = await build({
  entryPoints: [resolve(root, 'test/browser/bench/cache-bench.page.ts')],
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
      '<!doctype html><meta charset="utf-8"><title>cache bench</title><script type="module" src="/bench.js"></script>',
    )
  }
})
// Calls reach main's dispatcher over a loopback WebSocket carrying JSON, as in the web shell
// (src/web-shell): the renderer can keep a request in flight while it writes the previous page.
let nodeInvokeMs = 0
const sockets = new WebSocketServer({ server, path: '/ipc' })
sockets.on('connection', (ws) => {
  ws.on('message', (raw) => {
    const { id, channel, input } = JSON.parse(String(raw)) as { id: number; channel: string; input: unknown }
    const start = performance.now()
    void invoke(channel, input).then((result) => {
      nodeInvokeMs += performance.now() - start
      ws.send(JSON.stringify({ id, result }))
    })
  })
})
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true })
const figures: Record<string, number | string> = {}
try {
  const page = await browser.newPage()
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
  await page.exposeFunction('benchLog', (line: string) => console.log(line))
  await page.goto(pageUrl)
  await page.waitForFunction(() => 'runCacheBench' in globalThis)
  const inBrowser = await page.evaluate((options) => (globalThis as unknown as BenchPage).runCacheBench(options), {
    queries: QUERIES,
    accountUuid: sandbox.demo.accountUuid,
  })
  Object.assign(figures, inBrowser)
  figures.cache_sync_main_handlers_ms = Math.round(nodeInvokeMs)

  // The online-only client's search: the API's own filter[name] over loopback, same kinds of text.
  const accounts = sandbox.store.accounts()
  const headers = {
    Authorization: `Bearer ${sandbox.demo.token}`,
    'X-PLANNR-ACCOUNT-UUID': sandbox.demo.accountUuid,
    Accept: 'application/json',
  }
  const kinds: Record<string, (account: (typeof accounts)[number]) => string> = {
    prefix1: (account) => account.lastName.slice(0, 1),
    prefix2: (account) => account.lastName.slice(0, 2),
    prefix3: (account) => account.lastName.slice(0, 3),
    fullname: (account) => `${account.firstName} ${account.lastName}`,
  }
  for (const [kind, make] of Object.entries(kinds)) {
    const samples: number[] = []
    for (let index = 0; index < 40; index += 1) {
      const account = accounts[(index * 7919) % accounts.length]
      if (!account) continue
      const url = `${sandbox.url}/api/v1/account?per_page=20&filter[name]=${encodeURIComponent(make(account))}`
      const start = performance.now()
      const response = await fetch(url, { headers })
      await response.arrayBuffer()
      samples.push(performance.now() - start)
    }
    figures[`api_filter_name_${kind}_p50_ms`] = percentile(samples, 50)
    figures[`api_filter_name_${kind}_p95_ms`] = percentile(samples, 95)
    const cache = Number(figures[`cache_search_${kind}_p50_ms`])
    const floor = Number(figures[`memory_scan_${kind}_p50_ms`])
    figures[`ratio_api_over_cache_search_${kind}_p50`] =
      Math.round((percentile(samples, 50) / Math.max(cache, 0.01)) * 10) / 10
    figures[`ratio_cache_search_over_memory_scan_${kind}_p50`] = Math.round((cache / Math.max(floor, 0.01)) * 100) / 100
  }
  figures.cache_sync_rate_limit_floor_s = Math.round((Number(figures.cache_sync_requests) / 450) * 60)
} finally {
  await browser.close()
  sockets.close()
  server.close()
  await close()
  await sandbox.stop()
}

figures.participants = ACCOUNTS
figures.cpu_model = cpus()[0]?.model ?? 'unknown'
figures.cpu_count = cpus().length
for (const [key, value] of Object.entries(figures)) console.log(`${key.padEnd(52)} ${value}`)
console.log(
  `note: both rate limits were lifted. At the documented 500 requests/minute (main's client limiter: 450/min) ` +
    `these ${figures.cache_sync_requests} requests alone take at least ~${figures.cache_sync_rate_limit_floor_s} s.`,
)
const resultsPath = resolve(root, 'bench/results.json')
const previous = existsSync(resultsPath)
  ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>)
  : {}
writeFileSync(resultsPath, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`)
console.log('merged into bench/results.json')
