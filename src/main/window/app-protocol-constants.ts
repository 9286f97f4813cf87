/** The privileged custom scheme the renderer is served from in production (never file://). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'plannr'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
