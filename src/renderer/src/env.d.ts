/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { PlannrApi } from '../../shared/ipc/plannr-api'

declare global {
  interface Window {
    /** Provided by the preload (Electron) or the web shell bridge; see src/shared/ipc. */
    plannr: PlannrApi
  }
}
export {}
