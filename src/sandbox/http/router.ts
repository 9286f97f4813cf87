import type { Route } from './types'

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' }

/** Matches `METHOD /path` against patterns with `:name` segments. Tiny on purpose: ~20 routes. */
export class Router {
  private readonly routes: Array<Route & { segments: string[] }> = []

  add(...routes: Route[]): this {
    for (const route of routes) this.routes.push({ ...route, segments: split(route.pattern) })
    return this
  }

  match(method: string, path: string): RouteMatch {
    const segments = split(path)
    const allowed: string[] = []
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments)
      if (!params) continue
      if (route.method === method || (method === 'HEAD' && route.method === 'GET'))
        return { kind: 'found', route, params }
      allowed.push(route.method)
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' }
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '')
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i] as string
    const value = actual[i] as string
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(value)
      } catch {
        return null
      }
    } else if (expected !== value) return null
  }
  return params
}

/**
 * Normalises a fault-rule key: `post /api/v1/group/{group_uuid}/participants` and
 * `POST /api/v1/group/:uuid/participants` are the same rule.
 */
export function normaliseRouteKey(key: string): string {
  const trimmed = key.trim()
  if (trimmed === '*') return '*'
  const space = trimmed.indexOf(' ')
  const method = (space < 0 ? '*' : trimmed.slice(0, space)).toUpperCase()
  const path = space < 0 ? trimmed : trimmed.slice(space + 1).trim()
  const segments = split(path.split('?')[0] ?? '').map((segment) =>
    segment.startsWith(':') || segment.startsWith('{') ? ':param' : segment,
  )
  return `${method} /${segments.join('/')}`
}
