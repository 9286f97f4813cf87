import {
  ACCOUNT_SCOPED_NAMESPACES,
  channels,
  events,
  type AccountScopedNamespace,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type EventName,
  type EventPayload,
} from './contract'
import type { IpcResult } from './errors'

/**
 * The shape of `window.plannr`, derived from the contract: `plannr.<namespace>.<method>(input)`
 * for each channel and `plannr.events.<name>(listener)` for each event. Nothing else.
 */
type Method<C extends Channel> =
  ChannelInput<C> extends undefined
    ? () => Promise<IpcResult<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<IpcResult<ChannelOutput<C>>>

type Namespace<C extends string> = C extends `${infer NS}.${string}` ? NS : never

export type PlannrApi = {
  [NS in Namespace<Channel>]: {
    [C in Channel as C extends `${NS}.${infer M}` ? M : never]: Method<C>
  }
} & {
  events: { [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void }
}

type Scoped<C extends Channel> = (
  input: Omit<ChannelInput<C>, 'accountUuid' | 'baseUrl'>,
) => Promise<IpcResult<ChannelOutput<C>>>

/**
 * `window.plannr` as one account's OfflineAccount sees it: the account-scoped channels without
 * `accountUuid`, because bindAccount adds the OfflineAccount's own account to every call. Sync and the
 * outbox take this type, so none of their calls can name (or forget) an account.
 */
export type SessionApi = {
  [NS in AccountScopedNamespace]: {
    [C in Channel as C extends `${NS}.${infer M}` ? M : never]: Scoped<C>
  }
} & Omit<PlannrApi, AccountScopedNamespace>

/**
 * Binds every account-scoped call to `accountUuid` and to the Plannr address `baseUrl`, in one place. Main refuses such a call when its account is not the signed-in one, or
 * the sign-in in use is at another address, so an OfflineAccount that outlives an account switch
 * or a sign-in elsewhere cannot act in the new account, nor in another Plannr whose account has
 * the same uuid (a firm's staging copy). The contract requires both on every such call.
 */
export function bindAccount(api: PlannrApi, accountUuid: string, baseUrl: string): SessionApi {
  const binding = { accountUuid, baseUrl }
  const bound: Record<string, unknown> = { ...api }
  for (const ns of ACCOUNT_SCOPED_NAMESPACES) {
    // Every method of a namespace takes one input object; the per-channel types meet here.
    const methods = api[ns] as Record<string, (input: unknown) => unknown>
    bound[ns] = Object.fromEntries(
      Object.entries(methods).map(([name, method]) => [
        name,
        (input: unknown) => method({ ...(typeof input === 'object' && input !== null ? input : {}), ...binding }),
      ]),
    )
  }
  // The loop builds exactly the mapped type, as buildPlannrApi does for PlannrApi.
  return bound as unknown as SessionApi
}

/** How a shell (Electron preload, or the web shell's WebSocket bridge) reaches main. */
export interface PlannrTransport {
  invoke(channel: Channel, input: unknown): Promise<unknown>
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void
}

/**
 * Builds the `window.plannr` object from the contract. Both shells use this, so neither can
 * expose a channel the contract does not name, and neither can forget one.
 */
export function buildPlannrApi(transport: PlannrTransport): PlannrApi {
  const api: Record<string, Record<string, unknown>> = {}
  for (const channel of Object.keys(channels) as Channel[]) {
    const [ns, method] = channel.split('.') as [string, string]
    const target = (api[ns] ??= {})
    target[method] = (input?: unknown) => transport.invoke(channel, input)
  }
  const subscriptions: Record<string, unknown> = {}
  for (const name of Object.keys(events) as EventName[]) {
    subscriptions[name] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`events.${name} needs a function`)
      return transport.subscribe(name, listener)
    }
  }
  api.events = subscriptions
  // The loops above build exactly the mapped type; TypeScript cannot follow the key splitting.
  return api as unknown as PlannrApi
}
