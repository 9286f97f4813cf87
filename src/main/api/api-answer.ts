/**
 * Whether an HTTP answer is Plannr's API speaking. The API answers in JSON, its errors too
 * (Laravel does when asked for JSON, as every request here is). A captive portal's sign-in page,
 * a proxy's error page or a maintenance page put in its place is HTML or plain text, whatever
 * status it comes with: it proves the network is there, not that Plannr works.
 */

/** What an answer's body is: JSON (with its value), nothing, or something else (a web page, text). */
export type AnswerBody = { kind: 'json'; value: unknown } | { kind: 'empty' } | { kind: 'other' }

export function readAnswerBody(text: string): AnswerBody {
  if (text.trim() === '') return { kind: 'empty' }
  try {
    return { kind: 'json', value: JSON.parse(text) }
  } catch {
    return { kind: 'other' }
  }
}

/**
 * For a body cut off unread (too large to read whole), its declared type is all there is to go
 * on: `application/json` or a `+json` type.
 */
export function declaresJson(headers: Headers): boolean {
  const type = headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? ''
  return type === 'application/json' || type.endsWith('+json')
}
