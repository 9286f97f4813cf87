import { channels, type Channel } from '../../src/shared/ipc/contract'
import type { AppErrorData, IpcResult } from '../../src/shared/ipc/errors'
import { toPage, type RawPage } from '../../src/main/api/pagination'
import { ApiAccount, ApiBusinessUnit, ApiCircle, ApiGroup, apiPage } from '../../src/shared/plannr/api-schemas'
import { participantQueryToParams, defaultParticipantQuery } from '../../src/shared/plannr/participant-query'
import type { Firm, Participant } from '../../src/shared/plannr/models'
import type { Sandbox } from '../../src/sandbox'
import type { z } from 'zod'

/**
 * A stand-in for main's handlers while they are being written: the read channels sync needs,
 * answered by calling the sandbox over loopback HTTP and parsing with the app's shared API
 * schemas, then checked against the contract exactly like main's dispatcher does. Used only
 * when the real composition (src/main) is not available.
 */
export type Invoke = (channel: string, input: unknown) => Promise<IpcResult<unknown>>

export function directInvoker(sandbox: Sandbox): Invoke {
  const get = async (path: string, query: URLSearchParams): Promise<unknown> => {
    const url = new URL(sandbox.url + path)
    url.search = query.toString()
    let response: Response
    try {
      response = await fetch(url, {
        headers: {
          Authorization: `Bearer ${sandbox.demo.token}`,
          'X-PLANNR-ACCOUNT-UUID': sandbox.demo.accountUuid,
          Accept: 'application/json',
        },
      })
    } catch (error) {
      throw failure({ kind: 'network', message: String(error) })
    }
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after') ?? '1')
      throw failure({ kind: 'rate-limited', message: 'Too Many Attempts.', retryAfterMs: seconds * 1000, status: 429 })
    }
    if (response.status === 401) throw failure({ kind: 'unauthenticated', message: 'Unauthenticated.', status: 401 })
    if (response.status >= 500) throw failure({ kind: 'server', message: 'Server Error.', status: response.status })
    if (!response.ok) throw failure({ kind: 'internal', message: `HTTP ${response.status}`, status: response.status })
    return response.json()
  }

  const list = async <S extends z.ZodType>(path: string, schema: S, query: URLSearchParams, page: number, perPage: number) => {
    const raw = apiPage(schema).parse(await get(path, query)) as RawPage<z.output<S>>
    return toPage(raw, { url: new URL(sandbox.url + path), page, perPage })
  }

  const participants = async (path: string, input: z.infer<(typeof channels)['accounts.list']['input']>) => {
    const query = defaultParticipantQuery({
      uuids: input.uuids ?? null,
      name: input.name ?? null,
      types: input.types ?? null,
      roles: input.roles ?? null,
      ...(input.sort ? { sort: input.sort } : {}),
      page: input.page,
      perPage: input.perPage,
    })
    const page = await list(path, ApiAccount, participantQueryToParams(query), input.page, input.perPage)
    const firms = new Map<string, Firm>()
    const items: Participant[] = page.items.map(({ participant, firm }) => {
      if (firm) firms.set(firm.uuid, firm)
      return participant
    })
    return { page: { ...page, items }, firms: [...firms.values()] }
  }

  const named = (input: { name?: string; sort: string; page: number; perPage: number }): URLSearchParams => {
    const query = new URLSearchParams({ sort: input.sort, page: String(input.page), per_page: String(input.perPage) })
    if (input.name) query.set('filter[name]', input.name)
    return query
  }

  const handlers: Partial<Record<Channel, (input: never) => Promise<unknown>>> = {
    'auth.status': async () => ({
      state: 'signed-in',
      kind: 'demo',
      baseUrl: sandbox.url,
      account: null,
      logins: [],
      canWrite: true,
      keyringPersistent: false,
      keyringMessage: null,
      message: null,
    }),
    'connectivity.check': async () => ({ online: true, lastOkAt: new Date().toISOString() }),
    'groups.list': (input: z.infer<(typeof channels)['groups.list']['input']>) =>
      list('/api/v1/group', ApiGroup, named(input), input.page, input.perPage),
    'circles.list': (input: z.infer<(typeof channels)['circles.list']['input']>) =>
      list('/api/v1/circles', ApiCircle, named(input), input.page, input.perPage),
    'businessUnits.list': (input: z.infer<(typeof channels)['businessUnits.list']['input']>) =>
      list('/api/v1/business-units', ApiBusinessUnit, named(input), input.page, input.perPage),
    'groups.participants': (input: z.infer<(typeof channels)['groups.participants']['input']>) =>
      participants(`/api/v1/group/${input.groupUuid}/participants`, input.query),
    'accounts.list': (input: z.infer<(typeof channels)['accounts.list']['input']>) => participants('/api/v1/account', input),
  }

  return async (channel, rawInput) => {
    const handler = handlers[channel as Channel]
    if (!handler) return { ok: false, error: { kind: 'unknown-channel', message: `not available: ${channel}` } }
    const definition = channels[channel as Channel]
    const input = definition.input.safeParse(rawInput)
    if (!input.success) return { ok: false, error: { kind: 'invalid-input', message: input.error.message } }
    try {
      const output = definition.output.safeParse(await handler(input.data as never))
      if (!output.success) return { ok: false, error: { kind: 'invalid-output', message: output.error.message } }
      return { ok: true, value: output.data }
    } catch (error) {
      if (error instanceof DirectFailure) return { ok: false, error: error.data }
      return { ok: false, error: { kind: 'malformed-response', message: String(error) } }
    }
  }
}

class DirectFailure extends Error {
  constructor(readonly data: AppErrorData) {
    super(data.message)
  }
}

function failure(data: AppErrorData): DirectFailure {
  return new DirectFailure(data)
}
