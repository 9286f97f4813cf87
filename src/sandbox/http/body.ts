import { HttpError, type RequestContext } from './types'

/** The JSON body; an empty body is `{}` (so validation says which fields are missing). */
export function jsonBody(context: RequestContext): unknown {
  const text = context.rawBody.toString('utf8').trim()
  if (text === '') return {}
  try {
    return JSON.parse(text) as unknown
  } catch {
    // Laravel would silently treat this as an empty body; the sandbox says it plainly (400).
    throw new HttpError(400, { message: 'Malformed JSON body.' })
  }
}

/** An `application/x-www-form-urlencoded` body (the OAuth token endpoint). */
export function formBody(context: RequestContext): URLSearchParams {
  return new URLSearchParams(context.rawBody.toString('utf8'))
}
