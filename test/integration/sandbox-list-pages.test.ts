import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { api, type Page, type Row } from '../support/sandbox-client'

// Groups, circles and business units page up to Plannr's documented maximum of 500 a page; above
// it (undocumented whether Plannr clamps or refuses) the sandbox answers 422, as its other lists do.
let sandbox: Sandbox

const LISTS = ['/api/v1/group', '/api/v1/circles', '/api/v1/business-units'] as const

beforeAll(async () => {
  // 2,000 accounts and 120 groups give 121 groups and 120 circles; business units are added below.
  sandbox = await startSandbox({ accounts: 2_000, groups: 120, seed: 7, rateLimitPerMinute: 100_000 })
  for (let index = 0; index < 110; index += 1) {
    const created = await api(sandbox, '/api/v1/business-units', { method: 'POST', body: { name: `Unit ${index}` } })
    expect(created.status).toBe(201)
  }
})
afterAll(async () => {
  await sandbox.stop()
})

describe('sandbox: list page sizes', () => {
  for (const path of LISTS) {
    it(`${path} answers more than 100 items in one page at per_page 500`, async () => {
      const page = await api<Page<Row>>(sandbox, `${path}?per_page=500`)
      expect(page.status).toBe(200)
      expect(page.body.data.length).toBeGreaterThan(100)
      expect(page.body.data.length).toBe(page.body.meta.total)
      expect(page.body.meta).toMatchObject({ per_page: 500, current_page: 1, last_page: 1 })
      expect(page.body.links.next).toBeNull()
      // The same list at 100 a page takes two.
      const hundred = await api<Page<Row>>(sandbox, `${path}?per_page=100`)
      expect(hundred.body.data).toHaveLength(100)
      expect(hundred.body.meta.last_page).toBe(2)
    })

    it(`${path} refuses per_page above 500 (and below 1) with a 422 naming per_page`, async () => {
      for (const perPage of ['501', '0', 'many']) {
        const refused = await api<{ message: string; errors: Record<string, string[]> }>(
          sandbox,
          `${path}?per_page=${perPage}`,
        )
        expect(refused.status, perPage).toBe(422)
        expect(refused.body.errors).toHaveProperty('per_page')
      }
    })
  }
})
