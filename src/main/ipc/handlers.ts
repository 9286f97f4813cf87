import type { AppInfo } from '../../shared/ipc/contract'
import type { Handlers } from './dispatch'

/** What the handlers need from their host (Electron or the web shell). */
export interface HandlerContext {
  appInfo: AppInfo
}

/**
 * One implementation per contract channel. Plain Node: no Electron imports here, so the web
 * shell runs exactly these handlers for end-to-end tests.
 */
export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    'app.info': async () => ctx.appInfo,
  }
}
