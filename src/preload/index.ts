import { contextBridge, ipcRenderer } from 'electron'
import { buildPlannrApi, type PlannrApi } from '../shared/ipc/plannr-api'
import { isEventName } from '../shared/ipc/contract'

/**
 * Exposes `window.plannr` — exactly the contract's methods and events, built by buildPlannrApi.
 * No ipcRenderer, no generic invoke, no Node API reaches the page. Built as CommonJS so the
 * window keeps `sandbox: true`.
 */
const api = buildPlannrApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe: (event, listener) => {
    if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}`)
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(`event:${event}`, wrapped)
    return () => {
      ipcRenderer.removeListener(`event:${event}`, wrapped)
    }
  },
}) satisfies PlannrApi

contextBridge.exposeInMainWorld('plannr', api)
