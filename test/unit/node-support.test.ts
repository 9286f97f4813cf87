import { readFileSync } from 'node:fs'
import semver from 'semver'
import { describe, expect, it } from 'vitest'
import { SUPPORTED_NODE_RANGE, supportsNode } from '../../scripts/node-support.mjs'

/*
 * The Node.js versions the project says it runs on must be ones every installed package accepts:
 * otherwise `npm install` prints engine warnings on a Node the README calls fine, and CI's check
 * for them fails on it. And the scripts that check Node before anything is installed must agree
 * with what package.json states.
 */
const manifest = manifestOf(JSON.parse(readFileSync('package.json', 'utf8')))
const lockfile = nodeRangesOf(JSON.parse(readFileSync('package-lock.json', 'utf8')))

function manifestOf(value: unknown): { engines: { node: string } } {
  if (typeof value !== 'object' || value === null || !('engines' in value)) throw new Error('no engines')
  const engines = value.engines
  if (typeof engines !== 'object' || engines === null || !('node' in engines) || typeof engines.node !== 'string')
    throw new Error('no engines.node')
  return { engines: { node: engines.node } }
}

/** Each package's `engines.node`, by its path in the lockfile. */
function nodeRangesOf(value: unknown): Map<string, string> {
  const ranges = new Map<string, string>()
  if (typeof value !== 'object' || value === null || !('packages' in value)) throw new Error('no packages')
  const packages = value.packages
  if (typeof packages !== 'object' || packages === null) throw new Error('no packages')
  for (const [path, entry] of Object.entries(packages)) {
    if (typeof entry !== 'object' || entry === null || !('engines' in entry)) continue
    const engines = entry.engines
    if (typeof engines === 'object' && engines !== null && 'node' in engines && typeof engines.node === 'string')
      ranges.set(path, engines.node)
  }
  return ranges
}

describe('the supported Node.js versions', () => {
  it('package.json states the range the scripts check', () => {
    expect(manifest.engines.node).toBe(SUPPORTED_NODE_RANGE)
  })

  it('every package in the lockfile accepts every version package.json states', () => {
    const refusing = [...lockfile]
      .filter(([, range]) => !semver.subset(manifest.engines.node, range))
      .map(([path, range]) => `${path}: ${range}`)
    expect(refusing).toEqual([])
  })

  it('the scripts check the range package.json states', () => {
    for (const version of ['20.19.0', '22.12.0', '22.13.0', '22.23.3', '23.5.0', '23.11.0', '24.0.0', '25.1.0']) {
      expect(supportsNode(version), version).toBe(semver.satisfies(version, SUPPORTED_NODE_RANGE))
      expect(supportsNode(`v${version}`), version).toBe(semver.satisfies(version, SUPPORTED_NODE_RANGE))
    }
  })
})
