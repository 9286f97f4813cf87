import { describe, expect, it } from 'vitest'
import { rejection, scoped, useSandboxPerTest } from './api-support'

// "Online" means Plannr's API answers as the API: a gateway's error page or a captive portal's
// sign-in page in its place is an outage, whatever the status code, and the probe must not
// call Plannr healthy while the API itself still fails.
const plannr = useSandboxPerTest({ seed: 1, accounts: 20 })

type Takeover = (url: URL) => Response | undefined

/**
 * Forwards every request to the sandbox until `takeOver` is given a rule; from then on, a URL the
 * rule answers gets that answer instead (what a broken proxy or a captive portal does).
 */
function interceptingFetch(): { fetch: typeof fetch; takeOver: (rule: Takeover) => void } {
  let rule: Takeover | null = null
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const answer = rule?.(url)
    return answer ?? fetch(input, init)
  }
  return { fetch: wrapped, takeOver: (next) => (rule = next) }
}

const html = (status: number, title: string): Response =>
  new Response(`<!doctype html><html><head><title>${title}</title></head><body>${title}</body></html>`, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  })

const ONE_TRY = { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }

describe('only the API answering as the API counts as Plannr working', () => {
  it('a 503 on every API path stays a server problem: the probe cannot clear it from outside the API', async () => {
    const intercept = interceptingFetch()
    const main = await plannr.signIn({ fetch: intercept.fetch, config: ONE_TRY })
    intercept.takeOver((url) =>
      url.pathname.includes('/api/') ? html(503, '503 Service Temporarily Unavailable') : undefined,
    )

    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data).toMatchObject({ kind: 'server', status: 503 })
    expect(main.services.connectivity.current().serverProblem).toMatch(/503/)

    const checked = await main.services.handlers['connectivity.check']()
    expect(checked).toMatchObject({ online: true, serverProblem: expect.stringMatching(/503/) })
    expect(main.services.connectivity.current().serverProblem).toMatch(/503/)
  })

  it('a 200 web page in place of every answer is not Online, and does not refresh "last OK"', async () => {
    const intercept = interceptingFetch()
    const main = await plannr.signIn({ fetch: intercept.fetch, config: ONE_TRY })
    const okBefore = main.services.connectivity.current().lastOkAt
    expect(okBefore).not.toBeNull()
    intercept.takeOver(() => html(200, 'Sign in to the hotel Wi-Fi'))

    const error = await rejection(scoped(main)['groups.list']({ sort: 'name', page: 1, perPage: 5 }))
    expect(error.data).toMatchObject({ kind: 'malformed-response', endpoint: 'GET /api/v1/group' })
    const during = main.services.connectivity.current()
    expect(during.serverProblem).toMatch(/not answering as expected/)
    expect(during.lastOkAt).toBe(okBefore)
    expect(main.events.filter((e) => e.event === 'connectivity').at(-1)?.payload).toMatchObject({
      serverProblem: expect.stringMatching(/not answering as expected/),
    })

    // The probe meets the same page: still not Plannr.
    const checked = await main.services.handlers['connectivity.check']()
    expect(checked.serverProblem).toMatch(/not answering as expected/)
    expect(checked.lastOkAt).toBe(okBefore)

    // The portal lets us through: the API answers as itself again, and that clears it.
    intercept.takeOver(() => undefined)
    const after = await main.services.handlers['connectivity.check']()
    expect(after).toMatchObject({ online: true })
    expect(after.serverProblem).toBeUndefined()
    expect(after.lastOkAt).not.toBe(okBefore)
  })
})
