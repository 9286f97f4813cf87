#!/usr/bin/env node
// `npm test`: type checks, lint, build, then every vitest suite (unit, integration, browser,
// e2e; on Linux with a private keyring), ending with one line `N passed, N failed, N skipped`
// that CI reads.
// Each check (tsc, svelte-check, eslint, build) counts as one test; vitest tests count one each.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { toolCommand, usesTestKeyring } from './test-commands.mjs'
import { summarise } from './test-summary.mjs'

const args = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0
}

/** Runs a tool as toolCommand says, after `prefix`; a tool that cannot be found fails like one that exits 1. */
function runTool(tool, toolArgs, prefix = []) {
  let command
  try {
    const [executable, executableArgs] = toolCommand(tool, toolArgs)
    command = [...prefix, executable, ...executableArgs]
  } catch (error) {
    console.log(error instanceof Error ? error.message : String(error))
    return { status: 1, signal: null }
  }
  return spawnSync(command[0], command.slice(1), { stdio: 'inherit', env: process.env })
}

function check(name, tool, toolArgs) {
  console.log(`\n▶ ${name}`)
  const result = runTool(tool, toolArgs)
  if (result.status === 0) {
    passed += 1
    console.log(`✓ ${name}`)
  } else {
    failed += 1
    console.log(`✗ ${name} (exit ${result.status ?? result.signal})`)
  }
  return result.status === 0
}

if (!args.includes('--no-checks')) {
  check('typecheck: tsc (main, preload, shared, sandbox, web shell, scripts, bench, tests)', 'tsc', [
    '-p',
    'tsconfig.node.json',
    '--noEmit',
  ])
  // e2e tests and their support code run in Node but pass callbacks to the page: they get DOM types.
  check('typecheck: tsc (e2e tests, test support)', 'tsc', ['-p', 'tsconfig.e2e.json', '--noEmit'])
  check('typecheck: svelte-check (renderer)', 'svelte-check', [
    '--tsconfig',
    './tsconfig.web.json',
    '--fail-on-warnings',
    '--output',
    'human',
  ])
  check('lint: eslint', 'eslint', ['.', '--max-warnings', '0'])
  check('format: prettier --check', 'prettier', ['--check', '.', '--log-level', 'warn'])
}
const built = check('build: electron-vite build', 'electron-vite', ['build'])

mkdirSync('test-results', { recursive: true })
const report = join('test-results', 'vitest.json')
rmSync(report, { force: true })
console.log(`\n▶ vitest (unit, integration, browser, e2e)${usesTestKeyring() ? ' with a private test keyring' : ''}`)
const vitestArgs = [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...args.filter((a) => a !== '--no-checks'),
]
if (!built) vitestArgs.push('--project', 'unit', '--project', 'integration', '--project', 'browser')
// The Electron e2e needs a display where its binary exists; give headless Linux a virtual one.
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && hasCommand('xvfb-run')
const vitest = runTool('vitest', vitestArgs, needsDisplay ? ['xvfb-run', '-a'] : [])
let skipReasons = []
if (existsSync(report)) {
  const summary = summarise(JSON.parse(readFileSync(report, 'utf8')))
  passed += summary.passed
  failed += summary.failed
  skipped += summary.skipped
  skipReasons = summary.skipReasons
} else {
  failed += 1
  console.log(`✗ vitest produced no report (exit ${vitest.status ?? vitest.signal})`)
}
if (vitest.status !== 0 && failed === 0) failed += 1

console.log('')
for (const reason of skipReasons) console.log(`skipped: ${reason}`)
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)
