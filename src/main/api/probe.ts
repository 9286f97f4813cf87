import { readAnswerBody } from './api-answer'
import type { Answer } from './http'
import { readLimited, ResponseTooLarge } from './read-limited'

/**
 * The path the probe asks, without credentials. The API can only refuse it (401 and its JSON
 * `{"message": "Unauthenticated."}`), and that refusal comes from the API's own routing and
 * sign-in check: so it reflects whether the API works, where the origin's root `/` (a web page,
 * a redirect, a 404 from whatever serves the site) does not.
 */
export const PROBE_PATH = '/api/v1/logins'

/** The refusal is a few dozen bytes; anything much larger is not it. */
const MAX_PROBE_BODY_BYTES = 64 * 1024

/**
 * Asks the API for `PROBE_PATH` with no credentials; resolves what answered, or null when nothing
 * did within `timeoutMs` (headers and body). Only a refusal in JSON counts as the API's own
 * answer: a request without credentials cannot succeed, so a 2xx or 3xx is something else
 * answering in Plannr's place (a captive portal, a sign-in page of a proxy).
 */
export async function probeApi(
  baseUrl: string,
  timeoutMs = 5_000,
  doFetch: typeof fetch = fetch,
): Promise<Answer | null> {
  const base = new URL(baseUrl)
  const url = new URL(base.pathname.replace(/\/$/, '') + PROBE_PATH, base.origin)
  let response: Response
  try {
    response = await doFetch(url, {
      method: 'GET',
      // Asked for JSON, Laravel refuses with JSON instead of redirecting to a sign-in page.
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    })
  } catch {
    return null
  }
  let text: string
  try {
    text = await readLimited(response, MAX_PROBE_BODY_BYTES)
  } catch (error) {
    if (error instanceof ResponseTooLarge) return { status: response.status, fromApi: false }
    return null
  }
  const refused = response.status >= 400
  return { status: response.status, fromApi: refused && readAnswerBody(text).kind === 'json' }
}
