/**
 * Sandbox at benchmark scale: 100,000 accounts in 60 groups. Measures data generation, the heap
 * it holds, and the first page (per_page=500) of the largest group's participants over HTTP —
 * cold (sorted for the first time) and warm. Prints the figures and merges them into
 * bench/results.json (one flat object of named figures; other keys are kept).
 *
 *   npx tsx bench/sandbox.bench.ts
 */
import { startSandbox } from '../src/sandbox'
import { mergeResults } from './results'

const ACCOUNTS = 100_000
const GROUPS = 60

const gc = (globalThis as { gc?: () => void }).gc
gc?.()
const heapBefore = process.memoryUsage().heapUsed
const t0 = performance.now()
const sandbox = await startSandbox({ accounts: ACCOUNTS, groups: GROUPS, rateLimitPerMinute: 100_000 })
const generationMs = performance.now() - t0
gc?.()
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024

const largest = sandbox.store.largestGroup()
const url = `${sandbox.url}/api/v1/group/${largest.uuid}/participants?per_page=500`
const headers = {
  Authorization: `Bearer ${sandbox.demo.token}`,
  'X-PLANNR-ACCOUNT-UUID': sandbox.demo.accountUuid,
  Accept: 'application/json',
}
const timed = async (): Promise<{ ms: number; bytes: number }> => {
  const start = performance.now()
  const response = await fetch(url, { headers })
  const body = await response.text()
  if (response.status !== 200) throw new Error(`first page: HTTP ${response.status}`)
  return { ms: performance.now() - start, bytes: Buffer.byteLength(body) }
}
const cold = await timed()
const warmRuns: number[] = []
for (let i = 0; i < 5; i += 1) warmRuns.push((await timed()).ms)
warmRuns.sort((a, b) => a - b)
await sandbox.stop()

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits
const figures = {
  sandbox_accounts: ACCOUNTS,
  sandbox_groups: GROUPS,
  sandbox_largest_group_participants: largest.members.size,
  sandbox_generation_ms: round(generationMs),
  sandbox_heap_mb: round(heapMb),
  sandbox_first_page_500_cold_ms: round(cold.ms),
  sandbox_first_page_500_warm_median_ms: round(warmRuns[Math.floor(warmRuns.length / 2)] ?? 0),
  sandbox_first_page_500_kb: round(cold.bytes / 1024),
}
console.table(figures)
// The goals the integration tests used to assert (they failed on a busy machine; tests now only
// check correctness, and speed is judged here).
const goals = [
  { figure: 'generation of 100,000 accounts', ms: generationMs, goalMs: 15_000 },
  { figure: 'first page (500) of the largest group, cold', ms: cold.ms, goalMs: 5_000 },
]
for (const { figure, ms, goalMs } of goals)
  console.log(`${figure}: ${round(ms)} ms (goal ≤ ${goalMs} ms: ${ms <= goalMs ? 'met' : 'NOT met'})`)

mergeResults(figures)
