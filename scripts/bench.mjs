#!/usr/bin/env node
// npm run bench: each benchmark is a tsx script that prints its figures and merges them into
// bench/results.json. They run one after the other so they do not compete for the CPU.
// `npm run bench -- cache outbox` runs only the benchmarks whose file name contains one of the words.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const benches = [
  'bench/sandbox.bench.ts',
  'bench/parse.bench.ts',
  'bench/cache.bench.ts',
  'bench/sync-plan.bench.ts',
  'bench/outbox.bench.ts',
  'bench/connectivity.bench.ts',
  'bench/app-heap.bench.ts',
]
  .filter((path) => existsSync(path))
  .filter((path) => process.argv.length <= 2 || process.argv.slice(2).some((word) => path.includes(word)))
if (benches.length === 0) {
  console.error(`no benchmark matches ${process.argv.slice(2).join(' ')}`)
  process.exit(2)
}
// The connectivity and app-heap benches drive the built UI through the web shell.
const electronVite = fileURLToPath(new URL('../node_modules/electron-vite/bin/electron-vite.js', import.meta.url))
for (const path of benches) {
  console.log(`\n== ${path}`)
  if (path === 'bench/connectivity.bench.ts' || path === 'bench/app-heap.bench.ts') {
    const built = spawnSync(process.execPath, [electronVite, 'build'], { stdio: 'inherit' })
    if (built.status !== 0) process.exit(built.status ?? 1)
  }
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path], { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`${path} failed (exit ${result.status ?? result.signal})`)
    process.exit(result.status ?? 1)
  }
}
