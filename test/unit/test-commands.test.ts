import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { isAbsolute, sep } from 'node:path'
import { TOOLS, toolCommand } from '../../scripts/test-commands.mjs'

/*
 * `npm test` (scripts/test-all.mjs) starts every tool through toolCommand. On Windows,
 * node_modules/.bin holds `.cmd` shims that spawnSync cannot start without a shell, so each tool
 * must be its package's own JavaScript entry run by this Node, on every platform.
 */
const PLATFORMS = ['linux', 'darwin', 'win32'] as const

function expectNodeEntry(entry: string | undefined): void {
  expect(entry).toBeDefined()
  const file = entry ?? ''
  expect(isAbsolute(file)).toBe(true)
  expect(file).not.toMatch(/\.(cmd|ps1|exe)$/i)
  expect(file).not.toContain(`${sep}.bin${sep}`)
  // A JavaScript file: by its extension, or (TypeScript's `bin/tsc`) by its node shebang.
  const source = readFileSync(file, 'utf8')
  expect(/\.[cm]?js$/.test(file) || source.startsWith('#!/usr/bin/env node')).toBe(true)
}

describe('the command `npm test` runs for each tool', () => {
  it('runs every check and the build as this Node plus the package’s JavaScript entry, on every platform', () => {
    for (const platform of PLATFORMS)
      for (const tool of TOOLS.filter((name) => name !== 'vitest')) {
        const [command, args] = toolCommand(tool, ['--flag', 'value'], platform)
        expect(command, `${tool} on ${platform}`).toBe(process.execPath)
        expectNodeEntry(args[0])
        expect(args.slice(1)).toEqual(['--flag', 'value'])
      }
  })

  it('runs vitest directly on Windows and macOS, which have no bash keyring wrapper to go through', () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const [command, args] = toolCommand('vitest', ['run', '--project', 'unit'], platform)
      expect(command).toBe(process.execPath)
      expectNodeEntry(args[0])
      expect(args.slice(1)).toEqual(['run', '--project', 'unit'])
    }
  })

  it('runs vitest on Linux inside the private test keyring, as CI does', () => {
    const [command, args] = toolCommand('vitest', ['run'], 'linux')
    expect(command).toBe('bash')
    expect(args[0]).toBe('scripts/with-test-keyring.sh')
    expect(args[1]).toBe(process.execPath)
    expectNodeEntry(args[2])
    expect(args.slice(3)).toEqual(['run'])
  })

  it('names the vitest and tsc entries of their own packages', () => {
    expect(toolCommand('vitest', [], 'win32')[1][0]).toMatch(/[\\/]vitest[\\/]vitest\.mjs$/)
    expect(toolCommand('tsc', [], 'win32')[1][0]).toMatch(/[\\/]typescript[\\/]bin[\\/]tsc$/)
  })

  it('refuses a tool it does not know rather than guessing a path', () => {
    expect(() => toolCommand('no-such-tool', [], 'linux')).toThrow(/no-such-tool/)
  })

  it('is how scripts/test-all.mjs starts every tool: nothing is run from node_modules/.bin', () => {
    const testAll = readFileSync('scripts/test-all.mjs', 'utf8')
    expect(testAll).toContain("from './test-commands.mjs'")
    expect(testAll).not.toMatch(/['"]\.bin['"]|\.bin\//)
  })
})
