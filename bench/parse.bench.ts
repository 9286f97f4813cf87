/**
 * Main's parse of one 500-participant page: its size, JSON.parse of its text, then the tolerant
 * zod schemas against the fast path that builds the same output (test/unit/api-fast-path.test.ts checks they agree; how fast each is
 * is measured here, never in a test). Prints medians and merges them into bench/results.json.
 *
 *   npx tsx bench/parse.bench.ts        (npm run bench runs it)
 */
import { ApiAccount, apiPage } from '../src/main/api/api-schemas'
import { fastApiAccountPage } from '../src/main/api/fast-account-page'
import { SandboxStore } from '../src/sandbox'
import { generateSandboxData } from '../src/sandbox/data/generate'
import { renderParticipant } from '../src/sandbox/render/account'
import { mergeResults } from './results'

const ROWS = 500
const RUNS = 25
const store = new SandboxStore(generateSandboxData({ seed: 1, accounts: 2_000, groups: 8 }))
const text = JSON.stringify({
  data: store
    .accounts()
    .slice(0, ROWS)
    .map((account) => renderParticipant(store, account)),
  links: { next: null },
  meta: { current_page: 1, last_page: 1, total: ROWS },
})
const schema = apiPage(ApiAccount)

function median(parse: (json: unknown) => unknown): number {
  const runs: number[] = []
  for (let i = 0; i < RUNS; i += 1) {
    const json: unknown = JSON.parse(text)
    const start = performance.now()
    if (parse(json) === undefined) throw new Error('the parse declined a page it should take')
    runs.push(performance.now() - start)
  }
  runs.sort((a, b) => a - b)
  return Math.round((runs[Math.floor(RUNS / 2)] ?? 0) * 10) / 10
}

/** JSON.parse of the page's text alone: a floor every way of reading this API pays, page after page. */
function jsonParseMedian(): number {
  const runs: number[] = []
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now()
    if (JSON.parse(text) === null) throw new Error('the page did not parse')
    runs.push(performance.now() - start)
  }
  runs.sort((a, b) => a - b)
  return Math.round((runs[Math.floor(RUNS / 2)] ?? 0) * 10) / 10
}

const figures = {
  main_page_500_bytes: Buffer.byteLength(text),
  main_json_parse_500_median_ms: jsonParseMedian(),
  main_parse_500_zod_median_ms: median((json) => schema.parse(json)),
  main_parse_500_fast_path_median_ms: median((json) => fastApiAccountPage(json)),
}
console.table(figures)

mergeResults(figures)
