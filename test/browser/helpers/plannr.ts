import { bindAccount, buildPlannrApi, type PlannrApi, type SessionApi } from '../../../src/shared/ipc/plannr-api'
import type { Channel, EventName } from '../../../src/shared/ipc/contract'
import { commands, type AccountApiOptions, type SandboxInfo } from './commands'

export interface TestPlannr {
  sandbox: SandboxInfo
  /** `window.plannr` as an OfflineAccount sees it (bound to the demo account), every call going to main's handlers in Node. */
  api: SessionApi
  /** `window.plannr` itself: account-scoped calls name their account. */
  raw: PlannrApi
  /** Pushes an event as main would (connectivity back, auth changed). */
  emit(event: EventName, payload: unknown): void
  /** Counts of calls per channel, to see what the engine asked for. */
  calls: Map<string, number>
  /** Every call's start and end, in order, with the account it named (ordering tests). */
  trace: TraceEntry[]
  stop(): Promise<void>
}

export interface TraceEntry {
  at: 'start' | 'end'
  channel: string
  accountUuid: string | null
  /** At 'end': 'ok', the error's kind, or 'threw' when the call itself failed. */
  outcome?: string
}

function accountOf(input: unknown): string | null {
  if (typeof input !== 'object' || input === null || !('accountUuid' in input)) return null
  return typeof input.accountUuid === 'string' ? input.accountUuid : null
}

export async function startPlannr(
  options: {
    seed?: number
    accounts?: number
    groups?: number
    rateLimitPerMinute?: number
    unthrottled?: boolean
    multiLogin?: boolean
    accountApi?: AccountApiOptions
  } = {},
): Promise<TestPlannr> {
  const sandbox = await commands.sandboxStart(options)
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const calls = new Map<string, number>()
  const trace: TraceEntry[] = []
  const api = buildPlannrApi({
    invoke: async (channel: Channel, input: unknown) => {
      calls.set(channel, (calls.get(channel) ?? 0) + 1)
      const accountUuid = accountOf(input)
      trace.push({ at: 'start', channel, accountUuid })
      let outcome = 'threw'
      try {
        const result = await commands.plannrInvoke(sandbox.id, channel, input)
        outcome = result.ok ? 'ok' : result.error.kind
        return result
      } finally {
        trace.push({ at: 'end', channel, accountUuid, outcome })
      }
    },
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => set.delete(listener)
    },
  })
  return {
    sandbox,
    api: bindAccount(api, sandbox.accountUuid, sandbox.url),
    raw: api,
    calls,
    trace,
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload)
    },
    stop: () => commands.sandboxStop(sandbox.id),
  }
}

let dbCounter = 0
/** A database name no other test uses. */
export function freshDbName(label: string): string {
  dbCounter += 1
  return `test-${label}-${Date.now()}-${dbCounter}`
}
