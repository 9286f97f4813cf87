import { z } from 'zod'

/**
 * The one IPC contract between the renderer and the main process.
 *
 * Each channel is named once, here, with zod schemas for its input and its output. Main registers
 * exactly these handlers (src/main/ipc), preload exposes exactly these methods
 * (src/preload, via buildPlannrApi), and the renderer's `window.plannr` type is derived from this
 * object. To add a channel: add an entry here, implement it in src/main/ipc/handlers.ts (the type
 * checker will insist), and call it from the renderer as `window.plannr.<namespace>.<method>()`.
 *
 * Channel names are `namespace.method`; a method whose input is `z.undefined()` takes no argument.
 */

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** Where the app keeps its own data (settings, IndexedDB). */
  dataDir: z.string(),
  /** 'electron' in the desktop app, 'web-shell' when run by the test shell. */
  shell: z.enum(['electron', 'web-shell']),
})
export type AppInfo = z.infer<typeof AppInfo>

export const channels = {
  'app.info': { input: z.undefined(), output: AppInfo },
} as const satisfies Record<`${string}.${string}`, ChannelDefinition>

/** Events main pushes to the renderer. Payloads are validated by main before sending. */
export const Connectivity = z.object({
  online: z.boolean(),
  /** ISO timestamp of the last successful response from the API, if any. */
  lastOkAt: z.string().nullable(),
  reason: z.string().optional(),
})
export type Connectivity = z.infer<typeof Connectivity>

export const events = {
  connectivity: Connectivity,
} as const satisfies Record<string, z.ZodType>

export interface ChannelDefinition {
  input: z.ZodType
  output: z.ZodType
}

export type Channels = typeof channels
export type Channel = keyof Channels
export type ChannelInput<C extends Channel> = z.infer<Channels[C]['input']>
export type ChannelOutput<C extends Channel> = z.infer<Channels[C]['output']>
export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.infer<Events[E]>

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name)
}
