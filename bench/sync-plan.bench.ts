/**
 * Requests and rows written per participants plan (src/renderer/src/sync/account-plan.ts and
 * group-full.ts), at a small size: a first full sync, an unchanged full pass and an unchanged
 * refresh, by accounts and per group, against the sandbox through main's real handlers and the
 * renderer's sync on Chromium's IndexedDB. Figures go to the console and bench/results.json
 * (`sync_plan_<plan>_<run>_requests|ms|rows_written`). The request counts are what sets the
 * floor at Plannr's documented 500 requests a minute: the bench prints that floor too.
 *
 *   node --import tsx bench/sync-plan.bench.ts     (BENCH_SYNC_PLAN_ACCOUNTS, default 5,000)
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSandbox } from '../src/sandbox'
import { createInvoker } from '../test/support/browser-invoker'
import { runBenchPage } from './browser-page'
import { mergeResults } from './results'

const ACCOUNTS = Number(process.env.BENCH_SYNC_PLAN_ACCOUNTS ?? 5_000)
const GROUPS = Number(process.env.BENCH_SYNC_PLAN_GROUPS ?? 24)
/** Plannr's documented limit. */
const REQUESTS_PER_MINUTE = 500

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const sandbox = await startSandbox({ accounts: ACCOUNTS, groups: GROUPS, rateLimitPerMinute: 100_000_000 })
const { invoke, close } = await createInvoker(sandbox, { unthrottled: true })
try {
  const { result } = await runBenchPage<{ accountUuid: string; baseUrl: string }, Record<string, number | string>>(
    resolve(root, 'test/browser/bench/sync-plan-bench.page.ts'),
    'runSyncPlanBench',
    { accountUuid: sandbox.demo.accountUuid, baseUrl: sandbox.url },
    invoke,
  )
  const counts = sandbox.store.counts()
  console.log(`sync plans: ${counts.accounts} accounts, ${counts.groups} groups, ${counts.memberships} memberships`)
  console.log('plan       run                requests  floor at 500/min  rows written   time')
  for (const plan of ['accounts', 'per_group']) {
    for (const run of ['full', 'unchanged_full', 'unchanged_refresh']) {
      const key = `sync_plan_${plan}_${run}`
      const requests = Number(result[`${key}_requests`])
      const floor = ((requests / REQUESTS_PER_MINUTE) * 60).toFixed(1)
      console.log(
        `${plan.padEnd(10)} ${run.padEnd(18)} ${String(requests).padStart(8)}  ${`${floor} s`.padStart(16)}  ${String(result[`${key}_rows_written`]).padStart(12)}  ${String(result[`${key}_ms`]).padStart(5)} ms`,
      )
    }
  }
  mergeResults({ ...result, sync_plan_accounts_in_sandbox: ACCOUNTS, sync_plan_groups_in_sandbox: GROUPS })
} finally {
  await close()
  await sandbox.stop()
}
