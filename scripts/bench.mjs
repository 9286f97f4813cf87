#!/usr/bin/env node
// npm run bench: each benchmark is a tsx script that prints its figures and merges them into
// bench/results.json. They run one after the other so they do not compete for the CPU.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const benches = [
  'bench/sandbox.bench.ts',
  'bench/parse.bench.ts',
  'bench/cache.bench.ts',
  'bench/outbox.bench.ts',
].filter((path) => existsSync(path))
for (const path of benches) {
  console.log(`\n== ${path}`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path], { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`${path} failed (exit ${result.status ?? result.signal})`)
    process.exit(result.status ?? 1)
  }
}
