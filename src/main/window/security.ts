import type { HandlerDetails, Session, WebContents, WebPreferences } from 'electron'

/**
 * The renderer's Content-Security-Policy. No remote or inline scripts, no eval; images only from
 * the app and data: URLs (avatars are drawn locally, never fetched from third-party services).
 * 'unsafe-inline' for styles only: Svelte writes style attributes for positioning, and inline
 * styles cannot run code.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

/**
 * `devTools` is false in packaged builds: no shortcut or menu can open the developer tools on the
 * user's data there. Development builds keep them.
 */
export function secureWebPreferences(preloadPath: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
    devTools: options.devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  }
}

/** One address: a local part and a domain, no spaces, commas, slashes or query characters. */
const MAIL_ADDRESS = /^[^\s@,;:?#/\\<>"]{1,64}@[^\s@,;:?#/\\<>"]{1,255}$/
/** Digits with an optional leading +, and the separators people write numbers with. */
const PHONE_NUMBER = /^\+?[0-9][0-9 ().-]{2,31}$/

/**
 * Only https, mailto and tel links may leave the app, and only to the OS (browser, mail app,
 * phone app). Anything that fails to parse, or uses another scheme (file:, javascript:, custom
 * handlers), is dropped. A mailto link must name one plain address and nothing else: mail apps
 * accept `?attach=` and similar, which a crafted address in the cache must not reach. A tel link
 * is a phone number and nothing else.
 */
export function externalUrlAllowed(raw: string): boolean {
  try {
    const url = new URL(raw)
    if (url.protocol === 'https:') return url.username === '' && url.password === ''
    if (url.search !== '' || url.hash !== '') return false
    const target = decodeURIComponent(url.pathname)
    if (url.protocol === 'mailto:') return MAIL_ADDRESS.test(target)
    if (url.protocol === 'tel:') return PHONE_NUMBER.test(target)
    return false
  } catch {
    return false
  }
}

/**
 * A new-window request that is a user's click on a `target="_blank"` link (or a middle/ctrl
 * click): a tab disposition, no window features, no window name, no posted form. What a script
 * asks for with `window.open(url, name, features)` or a form post does not qualify, so the page
 * cannot make the app open arbitrary URLs in the system browser.
 */
function clickedLink(details: Pick<HandlerDetails, 'disposition' | 'features' | 'frameName' | 'postBody'>): boolean {
  return (
    (details.disposition === 'foreground-tab' || details.disposition === 'background-tab') &&
    details.features === '' &&
    (details.frameName === '' || details.frameName === '_blank') &&
    details.postBody === undefined
  )
}

/**
 * The renderer never navigates and never opens windows: in-app routing is client-side.
 * Clicked https, mailto and tel links go to the OS after parsing; nothing else leaves the app.
 */
export function hardenWebContents(contents: WebContents, openExternal: (url: string) => Promise<void>): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  contents.setWindowOpenHandler((details) => {
    if (clickedLink(details) && externalUrlAllowed(details.url)) void openExternal(details.url)
    return { action: 'deny' }
  })
}

/**
 * Camera, microphone, notifications, geolocation…: the app asks for none, so every request is
 * refused. The one exception is writing text to the clipboard (the copy buttons next to an email
 * or phone number), which Chromium itself allows only during a user's click; reading the
 * clipboard stays refused.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === CLIPBOARD_WRITE))
  session.setPermissionCheckHandler((_contents, permission) => permission === CLIPBOARD_WRITE)
  session.setDevicePermissionHandler(() => false)
}

const CLIPBOARD_WRITE = 'clipboard-sanitized-write'

/**
 * The OAuth sign-in page may open in the system browser only at the configured authorize URL
 * (same origin and path). It must be https, except on a loopback host: a local Plannr sandbox
 * configured as the OAuth server (demo, development) serves plain http on 127.0.0.1.
 */
export function authorizeUrlAllowed(raw: string, configuredAuthorizeUrl: string | null | undefined): boolean {
  if (!configuredAuthorizeUrl) return false
  try {
    const url = new URL(raw)
    const expected = new URL(configuredAuthorizeUrl)
    if (url.origin !== expected.origin || url.pathname !== expected.pathname) return false
    if (url.username !== '' || url.password !== '') return false
    if (url.protocol === 'https:') return true
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  } catch {
    return false
  }
}
