import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * The Plannr API documentation pages the project was created from (plain-text captures named
 * `NNN_<hash>.txt`) are not part of this repository. Tests use the copies of their response
 * examples in test/fixtures/plannr-seeds, which are always here. Where the pages are available
 * (set $PLANNR_SEEDS_DIR, or keep them in `shared/plannr-api/seeds` beside the clone's folder),
 * a unit test checks those copies still match them; elsewhere it is skipped.
 */
export const SEEDS_DIR = process.env.PLANNR_SEEDS_DIR ?? resolve(process.cwd(), '../shared/plannr-api/seeds')
export const seedsAvailable = existsSync(SEEDS_DIR)

const FIXTURES: Record<string, string> = {
  '000': 'group-create.200.json',
  '001': 'circle-create-old.201.json',
  '002': 'circle-create.201.json',
  '003': 'group-participants.200.json',
  '004': 'business-unit-create.201.json',
}

/** The JSON of a seed page's "Response examples (NNN)" block, by file-name prefix ("003"), from the fixtures. */
export function seedExample(prefix: string): unknown {
  const fixture = FIXTURES[prefix]
  if (!fixture) throw new Error(`no fixture for seed page ${prefix}`)
  return JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/plannr-seeds', fixture), 'utf8')) as unknown
}

/** The same example read from the original page (only where the pages are present). */
export function seedPageExample(prefix: string): unknown {
  const file = readdirSync(SEEDS_DIR).find((name) => name.startsWith(`${prefix}_`))
  if (!file) throw new Error(`no seed page ${prefix}`)
  const text = readFileSync(resolve(SEEDS_DIR, file), 'utf8')
  const marker = text.search(/Response examples \(\d{3}\)/)
  if (marker < 0) throw new Error(`${file}: no response example`)
  const begin = text.indexOf('{', marker)
  return JSON.parse(text.slice(begin, matchingBrace(text, begin) + 1)) as unknown
}

export const SEED_PREFIXES = Object.keys(FIXTURES)

function matchingBrace(text: string, start: number): number {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i += 1) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i += 1
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '{' || char === '[') depth += 1
    else if (char === '}' || char === ']') {
      depth -= 1
      if (depth === 0) return i
    }
  }
  throw new Error('unbalanced JSON example')
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Differences in shape between a documented example and a real answer: object key sets must be
 * equal (`mode: 'exact'`) or the example's keys a subset (`'subset'`, for older captures);
 * arrays compare their elements' shape when both are non-empty; scalars compare their JSON type.
 * null on either side matches anything (a nullable field may be null in one and set in the other).
 */
export function shapeDiff(example: unknown, actual: unknown, mode: 'exact' | 'subset' = 'exact', path = '$'): string[] {
  if (example === null || actual === null) return []
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${typeof actual}`]
    const first = example[0]
    if (first === undefined) return []
    return actual.slice(0, 25).flatMap((item, index) => shapeDiff(first, item, mode, `${path}[${index}]`))
  }
  if (isObject(example)) {
    if (!isObject(actual))
      return [`${path}: expected an object, got ${Array.isArray(actual) ? 'array' : typeof actual}`]
    const problems: string[] = []
    for (const key of Object.keys(example)) {
      if (!(key in actual)) problems.push(`${path}.${key}: missing`)
      else problems.push(...shapeDiff(example[key], actual[key], mode, `${path}.${key}`))
    }
    if (mode === 'exact')
      for (const key of Object.keys(actual))
        if (!(key in example)) problems.push(`${path}.${key}: not in the documented example`)
    return problems
  }
  return typeof example === typeof actual ? [] : [`${path}: expected ${typeof example}, got ${typeof actual}`]
}
