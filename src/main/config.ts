import type { OAuthConfig } from './auth/oauth'
import type { Settings } from './auth/settings'
import type { RateLimiterOptions } from './api/rate-limiter'
import { DEFAULT_RETRY, type RetryPolicy } from './api/retry'
import { DEFAULT_PROBE_TIMINGS, type ProbeTimings } from './connectivity'

/**
 * Main-process configuration: environment variables first, then the `oauth`/`baseUrl` keys of
 * the settings file, then defaults. OAuth is only offered when a client id is known, because
 * Plannr registers OAuth clients by email (docs/plannr-api.md, "Authentication").
 */
export interface MainConfig {
  apiBaseUrl: string
  oauth: OAuthConfig | null
  refreshMarginMs: number
  requestTimeoutMs: number
  retry: RetryPolicy
  limiter: RateLimiterOptions
  probe: ProbeTimings
}

const DEFAULT_API_BASE_URL = 'https://api.plannrcrm.com'

export function loadConfig(env: Record<string, string | undefined>, settings: Settings): MainConfig {
  const pick = (name: string, fromSettings?: string): string | undefined => {
    const value = env[name]?.trim()
    return value ? value : fromSettings?.trim() || undefined
  }
  const apiBaseUrl = (pick('PLANNR_API_URL', settings.baseUrl) ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '')
  const clientId = pick('PLANNR_OAUTH_CLIENT_ID', settings.oauth?.clientId)
  const oauth: OAuthConfig | null = clientId
    ? {
        clientId,
        authorizeUrl:
          pick('PLANNR_OAUTH_AUTHORIZE_URL', settings.oauth?.authorizeUrl) ?? `${apiBaseUrl}/oauth/authorize`,
        tokenUrl: pick('PLANNR_OAUTH_TOKEN_URL', settings.oauth?.tokenUrl) ?? `${apiBaseUrl}/oauth/token`,
        scope: pick('PLANNR_OAUTH_SCOPE', settings.oauth?.scope) ?? '*',
        timeoutMs: 5 * 60_000,
        redirectPort: port(pick('PLANNR_OAUTH_REDIRECT_PORT')),
      }
    : null
  return {
    apiBaseUrl,
    oauth,
    refreshMarginMs: 60_000,
    // The outbox's adoption check counts on it (ANSWER_WAIT_MS in the renderer's outbox/settle.ts).
    requestTimeoutMs: 20_000,
    retry: DEFAULT_RETRY,
    limiter: {},
    probe: DEFAULT_PROBE_TIMINGS,
  }
}

/** 0 (any free port, RFC 8252 §7.3) unless a fixed port is configured. */
function port(raw: string | undefined): number {
  const value = Number(raw ?? '0')
  return Number.isInteger(value) && value >= 0 && value <= 65535 ? value : 0
}
