import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { api } from '../support/sandbox-client'

// The bench lifts the sandbox's limit for its pipeline figures and turns Plannr's documented
// 500/minute back on for one run: setRateLimit applies at once and starts every count afresh.
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ accounts: 50, groups: 2, seed: 3, rateLimitPerMinute: 100_000 })
})
afterAll(async () => {
  await sandbox.stop()
})

describe('sandbox: changing the rate limit while it runs', () => {
  it('limits from the next request, with the new limit in the headers and a 429 past it', async () => {
    expect((await api(sandbox, '/api/v1/group')).headers.get('x-ratelimit-limit')).toBe('100000')
    sandbox.setRateLimit(3)
    const answers = []
    for (let index = 0; index < 4; index += 1) answers.push(await api(sandbox, '/api/v1/group'))
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429])
    expect(answers[0]?.headers.get('x-ratelimit-limit')).toBe('3')
    expect(answers[2]?.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(Number(answers[3]?.headers.get('retry-after'))).toBeGreaterThan(0)
    // Lifted again: the requests counted under the old limit are forgotten.
    sandbox.setRateLimit(100_000)
    expect((await api(sandbox, '/api/v1/group')).status).toBe(200)
    expect(() => sandbox.setRateLimit(0)).toThrow(/whole number/)
  })
})
