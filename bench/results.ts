import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Merges a bench's figures into bench/results.json (one flat object; other benches' keys stay). */
export function mergeResults(figures: Record<string, unknown>): void {
  const resultsPath = resolve(dirname(fileURLToPath(import.meta.url)), 'results.json')
  const existing: unknown = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {}
  const merged = {
    ...(typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? existing : {}),
    ...figures,
  }
  writeFileSync(resultsPath, `${JSON.stringify(merged, null, 2)}\n`)
  console.log('merged into bench/results.json')
}
