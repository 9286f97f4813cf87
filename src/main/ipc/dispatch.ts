import { channels, isChannel, type Channel, type ChannelInput, type ChannelOutput } from '../../shared/ipc/contract'
import { AppError, describeZodError, zodFieldErrors, type AppErrorData, type IpcResult } from '../../shared/ipc/errors'
import { redactSecrets } from '../log/redact'

/** One function per channel; channels without input take none (tests call them directly). */
export type Handlers = {
  [C in Channel]: ChannelInput<C> extends undefined
    ? (input?: ChannelInput<C>) => Promise<ChannelOutput<C>>
    : (input: ChannelInput<C>) => Promise<ChannelOutput<C>>
}

export interface Dispatcher {
  (channel: unknown, rawInput: unknown, senderUrl: string | undefined): Promise<IpcResult<unknown>>
}

/**
 * The single gate every IPC call passes, in Electron and in the web shell alike:
 * known channel → trusted sender → input parsed by the contract → handler → output parsed by
 * the contract. A failure at any step becomes an AppErrorData value; the handler never sees
 * input the contract did not accept, and the renderer never sees output it does not declare.
 */
export function createDispatcher(
  handlers: Handlers,
  isTrustedSender: (senderUrl: string | undefined) => boolean,
  log: (message: string) => void = () => {},
): Dispatcher {
  return async (channel, rawInput, senderUrl) => {
    if (!isChannel(channel)) {
      return fail({
        kind: 'unknown-channel',
        message: `There is no IPC channel called ${JSON.stringify(String(channel)).slice(0, 80)}.`,
      })
    }
    if (!isTrustedSender(senderUrl)) {
      log(`refused ${channel} from untrusted sender ${senderUrl ?? '(none)'}`)
      return fail({ kind: 'forbidden-sender', message: 'This window is not allowed to talk to Plannr Desktop.' })
    }
    const definition = channels[channel]
    const input = definition.input.safeParse(rawInput)
    if (!input.success) {
      return fail({
        kind: 'invalid-input',
        message: `Invalid input for ${channel}: ${describeZodError(input.error)}`,
        fieldErrors: zodFieldErrors(input.error),
      })
    }
    try {
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>
      const output = definition.output.safeParse(await handler(input.data))
      if (!output.success) {
        log(`handler ${channel} returned output outside the contract: ${describeZodError(output.error)}`)
        return fail({ kind: 'invalid-output', message: `Plannr Desktop produced an unexpected answer for ${channel}.` })
      }
      return { ok: true, value: output.data }
    } catch (error) {
      if (error instanceof AppError) return fail(error.data)
      log(
        `handler ${channel} failed: ${redactSecrets(String(error instanceof Error ? (error.stack ?? error.message) : error))}`,
      )
      return fail({ kind: 'internal', message: `Something went wrong in ${channel}. Details are in the log.` })
    }
  }
}

function fail(error: AppErrorData): IpcResult<never> {
  return { ok: false, error: redactError(error) }
}

/**
 * Redacts every string of the error, not only its message: a 422's field names and field
 * messages are the server's own text, and a server (or a proxy in front of it) may quote the
 * request's Authorization header in any of them.
 */
function redactError({ message, endpoint, fieldErrors, ...textFree }: AppErrorData): AppErrorData {
  return {
    ...(textFree satisfies TextFree),
    message: redactSecrets(message),
    ...(endpoint === undefined ? {} : { endpoint: redactSecrets(endpoint) }),
    ...(fieldErrors === undefined ? {} : { fieldErrors: redactFieldErrors(fieldErrors) }),
  }
}

/**
 * What `redactError` passes on as it is: a kind's name and numbers, no text. A field added to
 * AppErrorData fails to compile here until it is redacted above or listed as text-free.
 */
type TextFree =
  Omit<AppErrorData, 'message' | 'endpoint' | 'fieldErrors'> extends infer Rest
    ? keyof Rest extends 'kind' | 'status' | 'retryAfterMs'
      ? Rest
      : never
    : never

function redactFieldErrors(fieldErrors: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [field, messages] of Object.entries(fieldErrors)) {
    // Two field names may redact to the same text: keep the messages of both.
    ;(out[redactSecrets(field)] ??= []).push(...messages.map(redactSecrets))
  }
  return out
}
