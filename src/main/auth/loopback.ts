import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sameText } from './same-text'
import { AppError } from '../../shared/ipc/errors'

/**
 * The OAuth redirect target for a native app (RFC 8252 §7.3): an HTTP listener on 127.0.0.1 and
 * a random port, alive only for one sign-in. It accepts exactly one redirect carrying the
 * expected `state`; anything else ends the attempt with an 'oauth' error.
 */
export interface LoopbackRedirect {
  redirectUri: string
  /** Resolves with the authorization code; rejects on a state mismatch, an error, a timeout or abort. */
  code: Promise<string>
  close(): Promise<void>
}

const PAGE = (title: string, text: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
  `<body style="font-family:system-ui;margin:3rem"><h1>${title}</h1><p>${text}</p></body>`

export async function startLoopbackRedirect(options: {
  state: string
  timeoutMs: number
  signal?: AbortSignal
  path?: string
  port?: number
}): Promise<LoopbackRedirect> {
  const path = options.path ?? '/callback'
  let settle: { resolve: (code: string) => void; reject: (error: AppError) => void } | undefined
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject }
  })
  // Whoever awaits `code` sees the rejection; this only stops an unawaited one crashing the process.
  code.catch(() => {})
  let done = false
  const finish = (outcome: { code: string } | { error: AppError }): void => {
    if (done) return
    done = true
    clearTimeout(timer)
    if ('code' in outcome) settle?.resolve(outcome.code)
    else settle?.reject(outcome.error)
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (request.method !== 'GET' || url.pathname !== path) {
      response.writeHead(404).end()
      return
    }
    const html = (status: number, title: string, text: string): void => {
      response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      response.end(PAGE(title, text))
    }
    const state = url.searchParams.get('state') ?? ''
    if (!sameText(state, options.state)) {
      html(
        400,
        'Sign-in refused',
        'This sign-in link does not belong to the sign-in Plannr Desktop started. Start again from the app.',
      )
      finish({ error: oauthError('The sign-in answer did not match the request (state mismatch), so it was refused.') })
      return
    }
    const error = url.searchParams.get('error')
    if (error) {
      html(400, 'Sign-in not completed', 'Plannr did not grant access. You can close this window.')
      finish({
        error: oauthError(
          error === 'access_denied'
            ? 'Access was not granted in the browser.'
            : `Plannr refused the sign-in (${error.slice(0, 60)}).`,
        ),
      })
      return
    }
    const received = url.searchParams.get('code')
    if (!received) {
      html(400, 'Sign-in not completed', 'The answer carried no authorization code.')
      finish({ error: oauthError('The sign-in answer carried no authorization code.') })
      return
    }
    html(200, 'Signed in', 'You can close this window and return to Plannr Desktop.')
    finish({ code: received })
  })

  const timer = setTimeout(
    () => finish({ error: oauthError('Sign-in in the browser took too long. Please try again.') }),
    options.timeoutMs,
  )
  options.signal?.addEventListener('abort', () => finish({ error: oauthError('Sign-in was cancelled.') }), {
    once: true,
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    code,
    close: async () => {
      finish({ error: oauthError('Sign-in was cancelled.') })
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export function oauthError(message: string): AppError {
  return new AppError({ kind: 'oauth', message })
}
