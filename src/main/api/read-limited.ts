/** An answer's body went past the limit its reader set; the connection was cancelled. */
export class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super('response too large')
  }
}

/**
 * The body as text, read as a stream and given up past `limit` decoded bytes (the connection is
 * cancelled), so an endless or huge answer cannot exhaust main's memory.
 */
export async function readLimited(response: Response, limit: number): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw new ResponseTooLarge(limit)
    }
    text += decoder.decode(value, { stream: true })
  }
  return text + decoder.decode()
}
