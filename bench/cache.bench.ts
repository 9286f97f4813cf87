/**
 * The offline cache at benchmark scale, measured as users get it: a sandbox with 100,000 accounts
 * in 60 groups in a process of its own, main's real handlers in this process signed in to it, and
 * the renderer's cache + sync in Debian's Chromium on IndexedDB in a persistent profile (on disk,
 * as in the app). See bench/README.md for every figure.
 *
 *   npx tsx bench/cache.bench.ts        (npm run bench runs it)
 *   BENCH_PARTICIPANTS=5000 BENCH_SYNC_RUNS=1 npx tsx bench/cache.bench.ts     (small, while developing)
 *
 * Each run: a first full sync into a fresh profile (CPU-seconds per process sampled around it),
 * the browser closed, `du` of the profile's IndexedDB folder, reopened and left to settle, closed,
 * `du` again. The last run's profile then gets the read figures (search, first pages, reviews) and
 * the bare bulkPut floor. Sync figures are the median of the runs with their min and max.
 *
 * Both rate limits are lifted (the sandbox's 500/min and main's 450/min client limiter) so the
 * figure is the pipeline's own speed; `cache_sync_rate_limit_floor_s` is what Plannr's documented
 * 500 requests/minute alone would cost for the same requests. On the last run's profile, before the
 * reads, a forced full pass with nothing changed (`cache_unchanged_pass_*`); at the end, one more
 * first sync with both limits on, as users get it (`cache_sync_limited_*`; BENCH_LIMITED=0 skips it).
 */
import { cpus, tmpdir } from 'node:os'
import { mkdtempSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInvoker, type Invoke } from '../test/support/browser-invoker'
import { percentile } from '../test/browser/bench/stats'
import { openBenchBrowser, startBenchServer } from './browser-page'
import { diskUse } from './disk'
import { cpuSecondsByKind, sampleProcessTree, type ProcessCpu } from './proc-cpu'
import { mergeResults } from './results'
import { combineRuns, type Figures } from './runs'
import { startSandboxChild } from './sandbox-child'

function whole(name: string, fallback: number): number {
  const raw = process.env[name]
  const value = raw === undefined || raw === '' ? fallback : Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got ${raw}`)
  return value
}

const PARTICIPANTS = whole('BENCH_PARTICIPANTS', whole('BENCH_ACCOUNTS', 100_000))
const GROUPS = whole('BENCH_GROUPS', 60)
const RUNS = Math.max(1, whole('BENCH_SYNC_RUNS', 3))
/**
 * How long the reopened database stays open at least before the second `du` (LevelDB compacts in
 * the background); then it stays open until `du` stops changing, up to SETTLE_MAX_MS in all.
 */
const SETTLE_MS = whole('BENCH_SETTLE_MS', 10_000)
const SETTLE_MAX_MS = Math.max(SETTLE_MS, whole('BENCH_SETTLE_MAX_MS', 120_000))
/** `du` is taken this often while settling; two equal readings in a row are settled. */
const SETTLE_POLL_MS = 3_000
const QUERIES = 200
/** 0 skips the first sync under both rate limits (it takes minutes at full size). */
const LIMITED = whole('BENCH_LIMITED', 1) !== 0
/** 0 skips the unchanged pass, the reads and the floor: only the syncs and their disk figures. */
const READS = whole('BENCH_READS', 1) !== 0
/**
 * Only the read sections whose name contains this text (e.g. `largest group`), without the
 * unchanged pass, the floor and the API's own search: a quick rerun of a few read figures.
 */
const READ_SECTIONS = process.env.BENCH_READ_SECTIONS ?? ''
/** 0 skips the write floors of the other storage designs (about three more floors' time). */
const DESIGN_FLOORS = whole('BENCH_DESIGN_FLOORS', 1) !== 0
/** The sandbox's limit while the limits are lifted. */
const LIFTED_PER_MINUTE = 100_000_000
/** Plannr's documented limit, and main's own client limiter below it. */
const API_PER_MINUTE = 500
const CLIENT_PER_MINUTE = 450
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

const t0 = performance.now()
const sandbox = await startSandboxChild({
  accounts: PARTICIPANTS,
  groups: GROUPS,
  rateLimitPerMinute: LIFTED_PER_MINUTE,
  sampleNames: 40,
})
console.log(
  `sandbox (pid ${sandbox.pid}): ${PARTICIPANTS} accounts in ${GROUPS} groups, ready in ${Math.round(performance.now() - t0)} ms`,
)
const lifted = await createInvoker(sandbox, { unthrottled: true })
/** Main's handlers the page's calls go to: the unthrottled ones, except during the limited run. */
let invoke: Invoke = lifted.invoke
const server = await startBenchServer(resolve(root, 'test/browser/bench/cache-bench.page.ts'), (channel, input) =>
  invoke(channel, input),
)
const named = new Map([
  [process.pid, 'main'],
  [sandbox.pid, 'sandbox'],
])

interface Mark {
  cpu: ProcessCpu[]
  mainInvokeMs: number
}

/**
 * For every `<name>:start` / `<name>:end` pair the page marked: main's handler time
 * (`cache_<name>_main_handlers_ms`) and CPU-seconds by process kind (`cache_<name>_cpu_<kind>_s`,
 * `cache_<name>_cpu_total_s`) between the two.
 */
function markFigures(marks: ReadonlyMap<string, Mark>): Figures {
  const figures: Figures = {}
  for (const [label, start] of marks) {
    if (!label.endsWith(':start')) continue
    const name = label.slice(0, -':start'.length)
    const end = marks.get(`${name}:end`)
    if (!end) continue
    const key = (text: string): string => text.replace(/[^a-z0-9]+/gi, '_')
    figures[`cache_${key(name)}_main_handlers_ms`] = Math.round(end.mainInvokeMs - start.mainInvokeMs)
    let total = 0
    for (const [kind, seconds] of Object.entries(cpuSecondsByKind(start.cpu, end.cpu))) {
      figures[`cache_${key(name)}_cpu_${key(kind)}_s`] = seconds
      total += seconds
    }
    figures[`cache_${key(name)}_cpu_total_s`] = Math.round(total * 100) / 100
  }
  return figures
}

/**
 * A phase in one launch of Chromium on `profileDir`: the page's figures, plus those of the
 * `benchMark` pairs it set (see markFigures).
 */
async function inBrowser(
  profileDir: string,
  run: (call: <R>(name: string, arg?: unknown) => Promise<R>) => Promise<Figures>,
): Promise<Figures> {
  const marks = new Map<string, Mark>()
  const browser = await openBenchBrowser(server, {
    profileDir,
    onMark: (label) => {
      marks.set(label, { cpu: sampleProcessTree(process.pid, named), mainInvokeMs: server.mainInvokeMs() })
    },
  })
  try {
    const figures = await run((name, arg) => browser.call(name, arg))
    return { ...figures, ...markFigures(marks) }
  } finally {
    await browser.close()
  }
}

/**
 * Reopens the profile's database and keeps it open while LevelDB compacts: at least SETTLE_MS, then
 * until two `du` readings SETTLE_POLL_MS apart agree (or SETTLE_MAX_MS). A fixed wait measured one
 * run 18 % high at 100,000 participants: its compaction was still going when the browser closed.
 */
async function reopenUntilSettled(profileDir: string, indexedDbDir: string): Promise<Figures> {
  return inBrowser(profileDir, async (call) => {
    const opened = await call<Figures>('benchReopen')
    const started = Date.now()
    // A file LevelDB deletes while `du` walks the folder fails the reading: taken as still changing.
    const reading = (): number | null => {
      try {
        return diskUse(indexedDbDir).bytes
      } catch {
        return null
      }
    }
    await sleep(SETTLE_MS)
    let last = reading()
    let settled = false
    while (!settled && Date.now() - started < SETTLE_MAX_MS) {
      await sleep(SETTLE_POLL_MS)
      const now = reading()
      settled = now !== null && now === last
      last = now
    }
    if (!settled) console.log(`disk still changing after ${SETTLE_MAX_MS} ms open: measured as it was`)
    return { ...opened, ...(await call<Figures>('benchSettled')), cache_reopen_settle_ms: Date.now() - started }
  })
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** One first sync into a fresh profile, with its CPU and disk figures; the reads and floor on the last. */
async function syncRun(index: number, last: boolean): Promise<{ run: Figures; reads: Figures }> {
  const profileDir = mkdtempSync(join(tmpdir(), 'plannr-bench-profile-'))
  const indexedDbDir = join(profileDir, 'Default', 'IndexedDB')
  try {
    const run = await inBrowser(profileDir, (call) =>
      call<Figures>('benchSync', { accountUuid: sandbox.demo.accountUuid, baseUrl: sandbox.url }),
    )
    if (run.cache_sync_cpu_total_s === undefined) throw new Error('the sync phase did not mark its start and end')
    const participants = run.cache_sync_participants ?? 0
    const perParticipant = (bytes: number): number => Math.round(bytes / Math.max(1, participants))

    const closed = diskUse(indexedDbDir)
    run.cache_disk_bytes_per_participant_before_reopen = perParticipant(closed.bytes)
    Object.assign(run, await reopenUntilSettled(profileDir, indexedDbDir))
    const reopened = diskUse(indexedDbDir)
    run.cache_disk_bytes = reopened.bytes
    run.cache_disk_bytes_per_participant = perParticipant(reopened.bytes)
    run.cache_disk_apparent_bytes_per_participant = perParticipant(reopened.apparentBytes)
    run.cache_profile_disk_bytes = diskUse(profileDir).bytes
    console.log(
      `run ${index + 1}/${RUNS}: sync ${run.cache_sync_wall_ms} ms, ${run.cache_disk_bytes_per_participant} B/participant on disk, ` +
        `CPU ${Object.entries(run)
          .filter(([key]) => key.startsWith('cache_sync_cpu_'))
          .map(([key, seconds]) => `${key.slice('cache_sync_cpu_'.length, -'_s'.length)} ${seconds} s`)
          .join(', ')}`,
    )
    let reads: Figures = {}
    if (last && READS) {
      // Before the reads: their search blob and the floor's scratch database would change the disk figures.
      const unchanged = READ_SECTIONS ? {} : await unchangedPass(profileDir, indexedDbDir, reopened.bytes)
      reads = await inBrowser(profileDir, async (call) => ({
        ...(await call<Figures>('benchReads', { queries: QUERIES, sections: READ_SECTIONS })),
        ...(READ_SECTIONS ? {} : await call<Figures>('benchFloor')),
        ...(READ_SECTIONS || !DESIGN_FLOORS ? {} : await call<Figures>('benchDesignFloors')),
      }))
      Object.assign(reads, unchanged)
    }
    return { run, reads }
  } finally {
    if (process.env.BENCH_KEEP_PROFILE) console.log(`profile kept: ${profileDir}`)
    else rmSync(profileDir, { recursive: true, force: true })
  }
}

/**
 * The full pass the app runs every 6 hours, forced on the synced and reopened profile with nothing
 * changed on the server. Disk is `du` after closing and reopening (as for the first sync): `before`
 * is the first sync's figure, taken just before.
 */
async function unchangedPass(profileDir: string, indexedDbDir: string, before: number): Promise<Figures> {
  const figures = await inBrowser(profileDir, (call) =>
    call<Figures>('benchUnchangedPass', { accountUuid: sandbox.demo.accountUuid, baseUrl: sandbox.url }),
  )
  figures.cache_unchanged_pass_disk_bytes_before_reopen = diskUse(indexedDbDir).bytes
  await reopenUntilSettled(profileDir, indexedDbDir)
  const after = diskUse(indexedDbDir).bytes
  figures.cache_unchanged_pass_disk_bytes_before = before
  figures.cache_unchanged_pass_disk_bytes_after = after
  figures.cache_unchanged_pass_disk_growth_bytes = after - before
  console.log(
    `unchanged full pass: ${figures.cache_unchanged_pass_wall_ms} ms, ${figures.cache_unchanged_pass_requests} requests, ` +
      `${figures.cache_unchanged_pass_rows_written} rows written, disk ${before} -> ${after} B`,
  )
  return figures
}

/**
 * One first sync into a fresh profile as the app meets Plannr: the sandbox at Plannr's documented
 * 500 requests/minute and main's own client limiter on (a second set of main's services, signed
 * in with the same token). Both are lifted again afterwards.
 */
async function limitedSync(): Promise<Figures> {
  const limited = await createInvoker(sandbox)
  const profileDir = mkdtempSync(join(tmpdir(), 'plannr-bench-profile-'))
  try {
    await sandbox.setRateLimit(API_PER_MINUTE)
    invoke = limited.invoke
    const run = await inBrowser(profileDir, (call) =>
      call<Figures>('benchSync', {
        accountUuid: sandbox.demo.accountUuid,
        baseUrl: sandbox.url,
        phase: 'sync_limited',
      }),
    )
    const figures: Figures = {}
    for (const [key, value] of Object.entries(run)) if (key.startsWith('cache_sync_limited_')) figures[key] = value
    figures.cache_sync_limited_wall_ms = run.cache_sync_wall_ms ?? 0
    figures.cache_sync_limited_requests = run.cache_sync_requests ?? 0
    figures.cache_sync_limited_participants = run.cache_sync_participants ?? 0
    figures.cache_sync_limited_rate_limited_waits = run.cache_sync_rate_limited_waits ?? 0
    const floorS = figures.cache_sync_limited_requests / (API_PER_MINUTE / 60)
    figures.cache_sync_limited_rate_limit_floor_s = Math.round(floorS * 10) / 10
    figures.cache_sync_limited_over_rate_limit_floor =
      Math.round((figures.cache_sync_limited_wall_ms / 1000 / Math.max(floorS, 0.001)) * 100) / 100
    console.log(
      `first sync under the rate limits: ${figures.cache_sync_limited_wall_ms} ms for ${figures.cache_sync_limited_requests} ` +
        `requests (floor at ${API_PER_MINUTE}/min ${figures.cache_sync_limited_rate_limit_floor_s} s, ` +
        `${figures.cache_sync_limited_over_rate_limit_floor}x), ${figures.cache_sync_limited_rate_limited_waits} waits for a 429`,
    )
    return figures
  } finally {
    invoke = lifted.invoke
    await sandbox.setRateLimit(LIFTED_PER_MINUTE)
    await limited.close()
    if (process.env.BENCH_KEEP_PROFILE) console.log(`profile kept: ${profileDir}`)
    else rmSync(profileDir, { recursive: true, force: true })
  }
}

/** The online-only client's search: the API's own filter[name] over loopback, same kinds of text. */
async function apiFilterName(reads: Figures): Promise<Figures> {
  const figures: Figures = {}
  const headers = {
    Authorization: `Bearer ${sandbox.demo.token}`,
    'X-PLANNR-ACCOUNT-UUID': sandbox.demo.accountUuid,
    Accept: 'application/json',
  }
  const kinds: Record<string, (name: { firstName: string; lastName: string }) => string> = {
    prefix1: (name) => name.lastName.slice(0, 1),
    prefix2: (name) => name.lastName.slice(0, 2),
    prefix3: (name) => name.lastName.slice(0, 3),
    fullname: (name) => `${name.firstName} ${name.lastName}`,
  }
  for (const [kind, make] of Object.entries(kinds)) {
    const samples: number[] = []
    for (const name of sandbox.names) {
      const url = `${sandbox.url}/api/v1/account?per_page=20&filter[name]=${encodeURIComponent(make(name))}`
      const start = performance.now()
      const response = await fetch(url, { headers })
      await response.arrayBuffer()
      samples.push(performance.now() - start)
    }
    figures[`api_filter_name_${kind}_p50_ms`] = percentile(samples, 50)
    figures[`api_filter_name_${kind}_p95_ms`] = percentile(samples, 95)
    const cache = reads[`cache_search_${kind}_p50_ms`] ?? Number.NaN
    const floor = reads[`memory_scan_${kind}_p50_ms`] ?? Number.NaN
    figures[`ratio_api_over_cache_search_${kind}_p50`] =
      Math.round((percentile(samples, 50) / Math.max(cache, 0.01)) * 10) / 10
    figures[`ratio_cache_search_over_memory_scan_${kind}_p50`] = Math.round((cache / Math.max(floor, 0.01)) * 100) / 100
  }
  return figures
}

/** Sync figures whose spread across runs is reported (counts are the same every run). */
const SPREAD =
  /^cache_(sync_(wall|invoke_wait|main_handlers)_ms|sync_(participants|rows)_per_s|sync_cpu_|disk_|idb_bytes)/

/** Every run, then the reads and floor on the last run's profile, the API's own search, and the ratios. */
async function measure(): Promise<Figures> {
  const runs: Figures[] = []
  let reads: Figures = {}
  for (let index = 0; index < RUNS; index += 1) {
    const result = await syncRun(index, index === RUNS - 1)
    runs.push(result.run)
    if (index === RUNS - 1) reads = result.reads
  }
  const figures = {
    ...combineRuns(runs, (key) => SPREAD.test(key)),
    ...reads,
    ...(READS && !READ_SECTIONS ? await apiFilterName(reads) : {}),
  }
  figures.cache_sync_runs = RUNS
  const requests = figures.cache_sync_requests ?? 0
  const wallS = (figures.cache_sync_wall_ms ?? 0) / 1000
  figures.cache_sync_rate_limit_floor_s = Math.round((requests / (API_PER_MINUTE / 60)) * 10) / 10
  figures.cache_sync_client_limiter_floor_s = Math.round((requests / (CLIENT_PER_MINUTE / 60)) * 10) / 10
  figures.cache_sync_wall_over_rate_limit_floor =
    Math.round((wallS / figures.cache_sync_rate_limit_floor_s) * 100) / 100
  const floorMs = figures.floor_bulkput_ms
  if (floorMs) figures.cache_sync_wall_over_bulkput_floor = Math.round((wallS / (floorMs / 1000)) * 100) / 100
  const unchangedMs = figures.cache_unchanged_pass_wall_ms
  if (unchangedMs !== undefined && wallS > 0)
    figures.cache_unchanged_pass_pct_of_first_sync = Math.round((unchangedMs / 10 / wallS) * 10) / 10
  if (LIMITED) Object.assign(figures, await limitedSync())
  return figures
}

let figures: Figures
try {
  figures = await measure()
} finally {
  await server.close()
  await lifted.close()
  await sandbox.stop()
}

const output: Record<string, number | string> = {
  ...figures,
  participants: PARTICIPANTS,
  cpu_model: cpus()[0]?.model ?? 'unknown',
  cpu_count: cpus().length,
}
for (const [key, value] of Object.entries(output)) console.log(`${key.padEnd(56)} ${value}`)
console.log(
  `note: cache_sync_* ran with both rate limits lifted. At Plannr's documented ${API_PER_MINUTE} requests/minute these ` +
    `${figures.cache_sync_requests} requests alone take at least ${figures.cache_sync_rate_limit_floor_s} s ` +
    `(${figures.cache_sync_client_limiter_floor_s} s at main's ${CLIENT_PER_MINUTE}/min client limiter).`,
)
mergeResults(output)
