import { z } from 'zod'

/**
 * Every failure that can cross the IPC boundary, as data. Handlers never throw raw errors at the
 * renderer: the dispatcher turns anything thrown into one of these kinds, so the UI can decide
 * what to show (sign in again, retry later, fix a field) without parsing message strings.
 */
export const AppErrorKind = z.enum([
  'unknown-channel',
  'forbidden-sender',
  'invalid-input',
  'invalid-output',
  'unauthenticated',
  'forbidden',
  'not-found',
  'validation',
  /** Any other 4xx (409, 413, 414, 418, 431…): Plannr refused the request as it stands. */
  'refused',
  'rate-limited',
  'server',
  'network',
  'timeout',
  'cancelled',
  'outcome-unknown',
  'malformed-response',
  'keyring-unavailable',
  'not-signed-in',
  /** The call was made for another account than the signed-in one (after a switch): not sent. */
  'account-mismatch',
  'oauth',
  'internal',
])
export type AppErrorKind = z.infer<typeof AppErrorKind>

export const AppErrorData = z.object({
  kind: AppErrorKind,
  message: z.string(),
  /** Server (422) or input (zod) errors keyed by field path, shown next to the field. */
  fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
  /** For rate limiting: how long the server asked us to wait. */
  retryAfterMs: z.number().nonnegative().optional(),
  status: z.number().int().optional(),
  /** The API endpoint (method and path, no host, no query secrets) the error came from. */
  endpoint: z.string().optional(),
})
export type AppErrorData = z.infer<typeof AppErrorData>

/** A throwable carrying AppErrorData; the dispatcher serialises it unchanged. */
export class AppError extends Error {
  readonly data: AppErrorData
  constructor(data: AppErrorData) {
    super(data.message)
    this.name = 'AppError'
    this.data = data
  }
  get kind(): AppErrorKind {
    return this.data.kind
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError
}

/** What every contract method resolves to: errors are values, not rejected promises. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorData }

/** Flattens a zod error into `{ "path.to.field": [messages] }` for forms and error text. */
export function zodFieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_'
    ;(out[key] ??= []).push(issue.message)
  }
  return out
}

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ')
}
