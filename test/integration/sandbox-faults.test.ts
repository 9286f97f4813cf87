import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { api } from '../support/sandbox-client'

// Fault injection and the rate limit, observed from a real client over loopback.
let sandbox: Sandbox | null = null
afterEach(async () => {
  await sandbox?.stop()
  sandbox = null
})
const start = async (options: Parameters<typeof startSandbox>[0] = {}) =>
  (sandbox = await startSandbox({ accounts: 120, groups: 6, ...options }))

/** A request that reports a socket error instead of throwing. */
async function attempt(
  sb: Sandbox,
  path: string,
  options: Parameters<typeof api>[2] = {},
): Promise<number | 'socket-error'> {
  try {
    return (await api(sb, path, options)).status
  } catch {
    return 'socket-error'
  }
}

describe('sandbox rate limit', () => {
  it('allows rateLimitPerMinute requests per token, then 429 with Retry-After; other tokens are unaffected', async () => {
    const sb = await start({ rateLimitPerMinute: 5 })
    const remaining: number[] = []
    for (let i = 0; i < 5; i += 1) {
      const result = await api(sb, '/api/v1/logins')
      expect(result.status).toBe(200)
      remaining.push(Number(result.headers.get('x-ratelimit-remaining')))
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0])
    const limited = await api(sb, '/api/v1/logins')
    expect(limited.status).toBe(429)
    expect(limited.body).toEqual({ message: 'Too Many Attempts.' })
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0')
    expect((await api(sb, '/api/v1/logins', { token: sb.multiLoginToken })).status).toBe(200)
  })
})

describe('sandbox faults', () => {
  it('adds latency to the route it names, and only to that route', async () => {
    const sb = await start({ faults: { 'GET /api/v1/logins': { latencyMs: 3_000 } } })
    const t0 = Date.now()
    const order: string[] = []
    // Started first, answered last: the delayed route is overtaken by one without the fault.
    // (Order, not a time limit, so a busy machine cannot fail it.)
    const slow = api(sb, '/api/v1/logins').then((result) => (order.push('logins'), result))
    const other = api(sb, '/api/v1/group').then((result) => (order.push('group'), result))
    expect((await other).status).toBe(200)
    expect((await slow).status).toBe(200)
    expect(order).toEqual(['group', 'logins'])
    // A lower bound only: the delay cannot be shorter than asked, however busy the machine.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2_900)
  })

  it('answers a share of requests with 500/502/503 without performing them, repeatably for a seed', async () => {
    const run = async () => {
      const sb = await startSandbox({
        accounts: 60,
        groups: 3,
        seed: 3,
        faults: { 'POST /api/v1/group': { errorRate: 0.5 } },
      })
      const statuses: number[] = []
      for (let i = 0; i < 40; i += 1) {
        const result = await api(sb, '/api/v1/group', { method: 'POST', body: { name: `Fault group ${i}` } })
        statuses.push(result.status)
        if (result.status >= 500) {
          expect(result.body).toEqual({ message: 'Server Error.' })
          expect(sb.store.groupByName(`Fault group ${i}`)).toBeUndefined()
        } else expect(sb.store.groupByName(`Fault group ${i}`)).toBeDefined()
      }
      await sb.stop()
      return statuses
    }
    const first = await run()
    const failures = first.filter((status) => status >= 500)
    expect(failures.length).toBeGreaterThan(8)
    expect(failures.length).toBeLessThan(32)
    expect(new Set(failures).size).toBeGreaterThan(1)
    expect(await run()).toEqual(first)
  })

  it('answers a 429 burst of N requests with Retry-After, then recovers', async () => {
    const sb = await start()
    sb.faults.set('GET /api/v1/group/:uuid/participants', { rateLimitBurst: 3, retryAfterSeconds: 2 })
    const path = `/api/v1/group/${sb.store.largestGroup().uuid}/participants`
    for (let i = 0; i < 3; i += 1) {
      const result = await api(sb, path)
      expect(result.status).toBe(429)
      expect(result.headers.get('retry-after')).toBe('2')
      expect(result.body).toEqual({ message: 'Too Many Attempts.' })
    }
    expect((await api(sb, path)).status).toBe(200)
    // Other routes were never affected; clear() removes the rule entirely.
    expect((await api(sb, '/api/v1/group')).status).toBe(200)
    sb.faults.set('*', { rateLimitBurst: 1 })
    expect((await api(sb, '/api/v1/logins')).status).toBe(429)
    sb.faults.clear()
    expect((await api(sb, '/api/v1/logins')).status).toBe(200)
  })

  it('resets connections before answering, without performing the action', async () => {
    const sb = await start({ faults: { 'POST /api/v1/group': { resetRate: 1 } } })
    expect(await attempt(sb, '/api/v1/group', { method: 'POST', body: { name: 'Never made' } })).toBe('socket-error')
    expect(sb.store.groupByName('Never made')).toBeUndefined()
    sb.faults.clear('POST /api/v1/group')
    expect(await attempt(sb, '/api/v1/group', { method: 'POST', body: { name: 'Made' } })).toBe(200)
  })

  it('answers 422 with the field errors it is given, without performing the action', async () => {
    const errors = { team: ['The selected team is invalid.'], firm_team: ['The selected team is invalid.'] }
    const sb = await start({ faults: { 'POST /api/v1/group': { validationErrors: errors } } })
    const answer = await api(sb, '/api/v1/group', { method: 'POST', body: { name: 'Never made' } })
    expect(answer.status).toBe(422)
    expect(answer.body).toEqual({ message: 'The selected team is invalid. (and 1 more error)', errors })
    expect(sb.store.groupByName('Never made')).toBeUndefined()
  })

  it('commit-then-drop: the create happens, the client sees a socket error', async () => {
    const sb = await start({ faults: { 'POST /api/v1/circles': { commitThenDropRate: 1 } } })
    const body = { name: 'Dropped Family', account_uuids: [sb.store.accounts()[30]?.uuid], group_uuids: [] }
    expect(await attempt(sb, '/api/v1/circles', { method: 'POST', body })).toBe('socket-error')
    expect(sb.store.circles().some((circle) => circle.name === 'Dropped Family')).toBe(true)
    // Reads are never dropped by this rule.
    sb.faults.set('*', { commitThenDropRate: 1 })
    expect(await attempt(sb, '/api/v1/circles')).toBe(200)
  })

  it('commit-late: a gateway answers 504 at once, and the server behind it performs the write later', async () => {
    const sb = await start({ faults: { 'POST /api/v1/circles': { commitLateMs: 2_000, commitLateTimes: 1 } } })
    const body = { name: 'Late Family', account_uuids: [sb.store.accounts()[31]?.uuid], group_uuids: [] }
    const late = await api(sb, '/api/v1/circles', { method: 'POST', body })
    expect(late.status).toBe(504)
    expect(late.text).toContain('Gateway Time-out')
    const named = (name: string) => sb.store.circles().filter((circle) => circle.name === name)
    expect(named('Late Family')).toHaveLength(0)
    await sb.lateWritesPerformed()
    expect(named('Late Family')).toHaveLength(1)
    // Only the next write was late; reads never are.
    const next = await api(sb, '/api/v1/circles', { method: 'POST', body: { ...body, name: 'On Time Family' } })
    expect(next.status).toBe(201)
    expect(named('On Time Family')).toHaveLength(1)
    sb.faults.set('*', { commitLateMs: 2_000 })
    expect(await attempt(sb, '/api/v1/circles')).toBe(200)
  })

  it('trickles a slow body', async () => {
    const sb = await start({ faults: { 'GET /api/v1/logins': { slowBodyMs: 400 } } })
    const chunks: number[] = []
    const t0 = Date.now()
    await new Promise<void>((resolve, reject) => {
      const req = request(
        `${sb.url}/api/v1/logins`,
        { headers: { Authorization: `Bearer ${sb.demo.token}` } },
        (res) => {
          expect(res.statusCode).toBe(200)
          res.on('data', () => chunks.push(Date.now() - t0))
          res.on('end', () => resolve())
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(chunks.length).toBeGreaterThan(3)
    expect((chunks.at(-1) ?? 0) - (chunks[0] ?? 0)).toBeGreaterThanOrEqual(250)
  })
})
