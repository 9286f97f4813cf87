import { APP_ORIGIN } from '../window/app-protocol-constants'

/**
 * A sender is trusted when its frame was loaded from the app's own origin: the `app://plannr`
 * custom protocol in production, or the electron-vite dev server during `npm run dev`.
 */
export function createSenderCheck(devServerUrl: string | undefined): (url: string | undefined) => boolean {
  const allowed = new Set<string>([APP_ORIGIN])
  if (devServerUrl) allowed.add(new URL(devServerUrl).origin)
  return (url) => {
    if (!url) return false
    try {
      const parsed = new URL(url)
      // `app:` is a custom standard scheme, so URL gives it a real origin only in Chromium;
      // rebuild it from protocol and host so Node and Chromium agree.
      const origin = parsed.protocol === 'app:' ? `app://${parsed.host}` : parsed.origin
      return allowed.has(origin)
    } catch {
      return false
    }
  }
}
