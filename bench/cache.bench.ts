/**
 * The offline cache at benchmark scale: a sandbox with 100,000 accounts in 60 groups,
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
import { cpus } from 'node:os'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSandbox } from '../src/sandbox'
import { createInvoker } from '../test/support/browser-invoker'
import { percentile } from '../test/browser/bench/stats'
import { runBenchPage } from './browser-page'

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000)
const GROUPS = Number(process.env.BENCH_GROUPS ?? 60)
const QUERIES = 200
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const t0 = performance.now()
const sandbox = await startSandbox({ accounts: ACCOUNTS, groups: GROUPS, rateLimitPerMinute: 100_000_000 })
console.log(`sandbox: ${ACCOUNTS} accounts in ${GROUPS} groups, ready in ${Math.round(performance.now() - t0)} ms`)
const { invoke, close } = await createInvoker(sandbox, { unthrottled: true })

const figures: Record<string, number | string> = {}
try {
  const { result, mainInvokeMs } = await runBenchPage<{ queries: number; accountUuid: string }, Record<string, number>>(
    resolve(root, 'test/browser/bench/cache-bench.page.ts'),
    'runCacheBench',
    { queries: QUERIES, accountUuid: sandbox.demo.accountUuid },
    invoke,
  )
  Object.assign(figures, result)
  figures.cache_sync_main_handlers_ms = Math.round(mainInvokeMs)

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
