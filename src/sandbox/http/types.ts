import type { AccountRecord, FirmId, UserRecord } from '../data/model'

/** What a route handler answers; the server adds rate-limit headers, faults and serialisation. */
export interface SandboxResponse {
  status: number
  headers?: Record<string, string>
  /** Serialised as JSON unless `text` is given. */
  body?: unknown
  /** A raw body (HTML pages of the OAuth flow), sent with `contentType`. */
  text?: string
  contentType?: string
}

/** An error answer with a status and a JSON body, thrown from anywhere in a handler. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`)
  }
}

/** Who is calling, once the bearer token (and, where required, the account header) checked out. */
export interface AuthInfo {
  token: string
  user: UserRecord
  /** The account acted as: the X-PLANNR-ACCOUNT-UUID one, or the user's default where optional. */
  account: AccountRecord
  firm: FirmId
}

export interface RequestContext {
  method: string
  url: URL
  /** Path parameters by name (`:uuid` → params.uuid). */
  params: Record<string, string>
  query: URLSearchParams
  headers: Record<string, string | string[] | undefined>
  rawBody: Buffer
  /** Origin the client used (`http://127.0.0.1:PORT`), for absolute pagination links. */
  origin: string
  /** Set for routes that require authentication. */
  auth: AuthInfo | null
}

export type Handler = (context: RequestContext) => SandboxResponse | Promise<SandboxResponse>

/**
 * - `public`: no token (OAuth pages and token endpoint).
 * - `user`: bearer token only (GET /logins).
 * - `account`: bearer token and a valid X-PLANNR-ACCOUNT-UUID (most endpoints).
 * - `account-optional`: bearer token; the header is validated when sent (business units, whose
 *   pages document no header — docs/plannr-api.md, "Open questions").
 */
export type AuthMode = 'public' | 'user' | 'account' | 'account-optional'

export interface Route {
  method: string
  /** e.g. `/api/v1/group/:uuid/participants`. */
  pattern: string
  auth: AuthMode
  handler: Handler
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): SandboxResponse => ({
  status,
  body,
  headers,
})
