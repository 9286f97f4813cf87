/**
 * The outbox at queue scale: 1,000 group creates queued offline, then drained through main's
 * real handlers and its client rate limiter (450 requests/minute, 25 burst) to a sandbox with
 * Plannr's own limit (500/minute). The renderer's outbox runs in Debian's Chromium on real
 * IndexedDB (test/browser/bench/outbox-bench.page.ts). Figures:
 *
 * - outbox_enqueue_ms_p95_at_10 / _at_1000: one enqueue's latency with 10 and ~1,000 already queued
 *   (should not grow with the queue);
 * - outbox_drain_ops_per_min: 1,000 creates drained, per minute (the limiter allows 450; the
 *   goal is the limiter's pace: 1,000 in at most 1.1 x 1000/450 min, i.e. >= ~409/min).
 *
 *   npx tsx bench/outbox.bench.ts        (npm run bench runs it)
 */
import { cpus } from 'node:os'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSandbox } from '../src/sandbox'
import { createInvoker } from '../test/support/browser-invoker'
import { runBenchPage } from './browser-page'

const CREATES = Number(process.env.BENCH_OUTBOX_CREATES ?? 1_000)
const SAMPLED = 30
const LIMITER_PER_MINUTE = 450
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const sandbox = await startSandbox({ accounts: 500, groups: 4 })
const { invoke, close } = await createInvoker(sandbox)
const figures: Record<string, number | string> = {}
try {
  const { result, mainInvokeMs } = await runBenchPage<
    { creates: number; sampled: number; accountUuid: string; baseUrl: string },
    Record<string, number>
  >(
    resolve(root, 'test/browser/bench/outbox-bench.page.ts'),
    'runOutboxBench',
    { creates: CREATES, sampled: SAMPLED, accountUuid: sandbox.demo.accountUuid, baseUrl: sandbox.url },
    invoke,
  )
  Object.assign(figures, result)
  figures.outbox_main_handlers_ms = Math.round(mainInvokeMs)
  figures.outbox_limiter_floor_ms = Math.round((CREATES / LIMITER_PER_MINUTE) * 60_000)
  figures.outbox_drain_over_limiter_floor =
    Math.round((Number(figures.outbox_drain_ms) / Number(figures.outbox_limiter_floor_ms)) * 100) / 100
  const created = sandbox.store.groups().filter((group) => group.name.startsWith('Bench group ')).length
  if (created !== CREATES) throw new Error(`expected ${CREATES} bench groups on the sandbox, found ${created}`)
} finally {
  await close()
  await sandbox.stop()
}

figures.outbox_cpu_model = cpus()[0]?.model ?? 'unknown'
for (const [key, value] of Object.entries(figures)) console.log(`${key.padEnd(40)} ${value}`)
const resultsPath = resolve(root, 'bench/results.json')
const previous = existsSync(resultsPath)
  ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>)
  : {}
writeFileSync(resultsPath, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`)
console.log('merged into bench/results.json')
