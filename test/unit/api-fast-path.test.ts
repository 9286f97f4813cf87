import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { ApiAccount, apiPage } from '../../src/main/api/api-schemas'
import { fastApiAccountPage } from '../../src/main/api/fast-account-page'
import { SandboxStore } from '../../src/sandbox'
import { generateSandboxData } from '../../src/sandbox/data/generate'
import { renderParticipant } from '../../src/sandbox/render/account'

/**
 * The participant-page fast path must be invisible: whenever it answers, the answer is exactly
 * the zod schema's; whenever zod rejects a value, the fast path declines (so the schema reports
 * the error, with its path). Checked on the documented example, sandbox output and many
 * single-field mutations of both.
 */
const schema = apiPage(ApiAccount)
const seed = JSON.parse(
  readFileSync(new URL('../fixtures/plannr-seeds/group-participants.200.json', import.meta.url), 'utf8'),
) as { data: Record<string, unknown>[] }

function sandboxPage(count: number): { data: Record<string, unknown>[] } {
  const store = new SandboxStore(generateSandboxData({ seed: 7, accounts: 300, groups: 4 }))
  const accounts = store.accounts().slice(0, count)
  return JSON.parse(
    JSON.stringify({
      data: accounts.map((account) => renderParticipant(store, account)),
      links: { next: null },
      meta: { current_page: 1, last_page: '1', total: count },
    }),
  ) as { data: Record<string, unknown>[] }
}

function agree(json: unknown): 'fast' | 'bailed' {
  const fast = fastApiAccountPage(json)
  const slow = schema.safeParse(json)
  if (fast === undefined) return 'bailed'
  expect(slow.success).toBe(true)
  expect(fast).toStrictEqual(slow.data)
  return 'fast'
}

const MUTATIONS: unknown[] = [
  undefined,
  null,
  '',
  'App\\Http\\Resources\\AccountResource',
  'x',
  0,
  1,
  -1,
  1.5,
  true,
  false,
  'true',
  '0',
  '1',
  [],
  [{}],
  {},
  { uuid: 'u', name: 'n' },
  { uuid: 1 },
  '2025-01-02',
  '2025-13-45',
  '2025-09-17T15:46:52+01:00',
  '2025-03-30 01:30:00',
  ['a', 2],
  [{ uuid: 'u', name: 'n', first_name: null }],
  // Ids Plannr never names a record by (the schemas refuse them), and one it may: a uuid in capitals.
  'x'.repeat(10_000),
  '../circles',
  'a/b?c#d',
  '7D2F6C1E-3A4B-4C5D-8E9F-0A1B2C3D4E5F',
  [{ uuid: '7D2F6C1E-3A4B-4C5D-8E9F-0A1B2C3D4E5F', name: 'n' }],
  [{ uuid: '7', name: 'n' }],
]

describe('fastApiAccountPage', () => {
  it('takes the fast path for the documented example and for sandbox pages, with the same output', () => {
    expect(agree(seed)).toBe('fast')
    expect(agree(sandboxPage(120))).toBe('fast')
    expect(agree({ data: [] })).toBe('fast')
    // A record a list names twice is kept once on both paths.
    const row = sandboxPage(120).data.find((one) => Array.isArray(one.tags) && one.tags.length > 0) as
      Record<string, unknown[]> | undefined
    if (!row) throw new Error('no sandbox participant has a tag')
    const repeated = { data: [row] }
    for (const key of ['tags', 'circles', 'custom_fields', 'groups'])
      row[key] = [...(row[key] ?? []), ...(row[key] ?? [])]
    expect(agree(repeated)).toBe('fast')
    const tags = fastApiAccountPage(repeated)?.data[0]?.participant.tags ?? []
    expect(tags.length).toBeGreaterThan(0)
    expect(tags.length).toBe((row.tags?.length ?? 0) / 2)
  })

  it('agrees with the schema (or declines) for every single-field mutation, top level and nested', () => {
    const base = sandboxPage(3)
    const samples = [seed.data[0], ...base.data].filter((row): row is Record<string, unknown> => !!row)
    let fast = 0
    let bailed = 0
    for (const row of samples) {
      const paths: string[][] = []
      for (const [key, value] of Object.entries(row)) {
        paths.push([key])
        if (value && typeof value === 'object' && !Array.isArray(value))
          for (const inner of Object.keys(value)) paths.push([key, inner])
        if (Array.isArray(value) && value[0] && typeof value[0] === 'object')
          for (const inner of Object.keys(value[0] as object)) paths.push([key, '0', inner])
      }
      paths.push(['firm', 'brand_colours', 'sidebar_text'])
      paths.push(['primary_phone_number', 'phone_number_meta', 'formatted'])
      for (const path of paths)
        for (const replacement of [...MUTATIONS, 'delete']) {
          const copy = structuredClone(row)
          let target: Record<string, unknown> | undefined = copy
          for (const step of path.slice(0, -1)) target = target?.[step] as Record<string, unknown> | undefined
          if (!target || typeof target !== 'object') continue
          const last = path[path.length - 1] as string
          if (replacement === 'delete') delete target[last]
          else target[last] = replacement
          if (agree({ data: [copy] }) === 'fast') fast += 1
          else bailed += 1
        }
    }
    // Both branches are exercised for real.
    expect(fast).toBeGreaterThan(100)
    expect(bailed).toBeGreaterThan(100)
    // Thousands of schema parses: seconds on an idle machine, several times that on a busy one.
    // How fast the fast path is belongs to npm run bench, not here.
  }, 120_000)

  it('declines malformed pages, so the schema reports them', () => {
    for (const json of [
      null,
      [],
      'x',
      {},
      { data: {} },
      { data: [1] },
      { data: [], meta: { total: -1 } },
      { data: [], meta: { current_page: 0 } },
      { data: [], meta: { last_page: '0' } },
      { data: [], links: { next: 3 } },
    ])
      expect(fastApiAccountPage(json)).toBeUndefined()
    for (const json of [
      { data: [], meta: { total: '7', per_page: 5 }, links: { next: 'http://x/?page=2' }, extra: 1 },
      { data: [], links: null, meta: null },
    ])
      expect(agree(json)).toBe('fast')
  })
})
