import type { AppInfo, ParticipantQueryInput } from '../../shared/ipc/contract'
import { DEFAULT_PARTICIPANT_SORT, type ParticipantQuery } from '../../shared/plannr/participant-query'
import type { PlannrEndpoints } from '../api/endpoints'
import type { InFlightWrites } from '../api/in-flight-writes'
import type { ServerClock } from '../api/server-clock'
import type { AuthService } from '../auth/session'
import type { ConnectivityMonitor } from '../connectivity'
import type { DesktopFiles } from '../files/desktop-files'
import { AppError } from '../../shared/ipc/errors'
import type { Handlers } from './dispatch'

/** What the handlers need from their host (Electron or the web shell), built by createMainServices. */
export interface HandlerContext {
  appInfo: AppInfo
  auth: AuthService
  connectivity: ConnectivityMonitor
  writes: InFlightWrites
  serverClock: ServerClock
  /** Save dialogs and PDF printing: the desktop app's; absent in the web shell. */
  files?: DesktopFiles | undefined
}

type Call = { accountUuid: string; signal: AbortSignal }

/**
 * One implementation per contract channel. Plain Node: no Electron imports here, so the web
 * shell runs exactly these handlers for end-to-end tests. Inputs arrive already validated by
 * the dispatcher; outputs are validated again on the way out.
 *
 * Every account-scoped channel names its account: `inAccount` refuses it (`account-mismatch`)
 * unless that is the signed-in account, and the request carries that account and its signal from
 * here on. Writes go through `write`, which joins a second send of the same operation in flight.
 */
export function createHandlers(ctx: HandlerContext): Handlers {
  async function inAccount<T>(
    input: { accountUuid: string; baseUrl: string; opId?: string | undefined },
    run: (api: PlannrEndpoints, call: Call) => Promise<T>,
  ): Promise<T> {
    const { api, call } = ctx.auth.scoped(input.accountUuid, input.baseUrl)
    // A lookup for an operation waits until that operation's write has settled.
    if (input.opId) await ctx.writes.settled(call.accountUuid, input.opId)
    return run(api, call)
  }

  function write<T>(
    input: { accountUuid: string; baseUrl: string; opId: string },
    endpoint: string,
    run: (api: PlannrEndpoints, call: Call & { opId: string }) => Promise<T>,
  ): Promise<T> {
    const { api, call } = ctx.auth.scoped(input.accountUuid, input.baseUrl)
    return ctx.writes.join(call.accountUuid, input.opId, endpoint, () => run(api, { ...call, opId: input.opId }))
  }

  function files(): DesktopFiles {
    if (ctx.files) return ctx.files
    throw new AppError({
      kind: 'internal',
      message: 'Saving files is done by the desktop app; in a browser, use its download and print.',
    })
  }

  return {
    'app.info': async () => ctx.appInfo,
    'app.serverClock': async () => ctx.serverClock.current(),

    'auth.status': async () => ctx.auth.status(),
    'auth.signInWithToken': async ({ token, baseUrl }) => ctx.auth.signInWithToken(token, baseUrl),
    'auth.beginOAuth': async () => ctx.auth.beginOAuth(),
    'auth.cancelOAuth': async () => ctx.auth.cancelOAuth(),
    'auth.chooseAccount': async ({ accountUuid }) => ctx.auth.chooseAccount(accountUuid),
    'auth.startDemo': async () => ctx.auth.startDemo(),
    'auth.signOut': async () => ctx.auth.signOut(),
    'auth.confirmSignIn': async () => ctx.auth.confirmSignIn(),
    'auth.cancelSignIn': async () => ctx.auth.cancelSignIn(),

    'files.saveCsv': async ({ suggestedName, content }) => files().saveCsv(suggestedName, content),
    'files.savePdf': async ({ suggestedName }) => files().savePdf(suggestedName),

    'connectivity.check': async () => ctx.connectivity.check(),
    'connectivity.hint': async ({ hint }) => ctx.connectivity.hint(hint),

    'groups.list': async ({ accountUuid, baseUrl, opId, ...query }) =>
      inAccount({ accountUuid, baseUrl, opId }, (api, call) => api.listGroups(query, call)),
    'groups.get': async ({ uuid, ...input }) => inAccount(input, (api, call) => api.getGroup(uuid, call)),
    'groups.participants': async ({ groupUuid, query, ...input }) =>
      inAccount(input, (api, call) => api.groupParticipants(groupUuid, toParticipantQuery(query), call)),
    'groups.create': async ({ body, ...input }) =>
      write(input, 'groups.create', (api, call) => api.createGroup(body, call)),
    'groups.update': async ({ uuid, body, ...input }) =>
      write(input, `groups.update ${uuid}`, (api, call) => api.updateGroup(uuid, body, call)),
    'groups.addParticipants': async ({ uuid, body, ...input }) =>
      write(input, `groups.addParticipants ${uuid}`, (api, call) => api.addParticipants(uuid, body, call)),
    'groups.removeParticipants': async ({ uuid, body, ...input }) =>
      write(input, `groups.removeParticipants ${uuid}`, (api, call) => api.removeParticipants(uuid, body, call)),

    'accounts.list': async ({ accountUuid, baseUrl, ...query }) =>
      inAccount({ accountUuid, baseUrl }, (api, call) => api.listAccounts(toParticipantQuery(query), call)),
    'accounts.withGroups': async ({ accountUuid, baseUrl, ...query }) =>
      inAccount({ accountUuid, baseUrl }, (api, call) => api.listAccountsWithGroups(query, call)),

    'circles.list': async ({ accountUuid, baseUrl, opId, ...query }) =>
      inAccount({ accountUuid, baseUrl, opId }, (api, call) => api.listCircles(query, call)),
    'circles.get': async ({ uuid, ...input }) => inAccount(input, (api, call) => api.getCircle(uuid, call)),
    'circles.create': async ({ body, ...input }) =>
      write(input, 'circles.create', (api, call) => api.createCircle(body, call)),
    'circles.update': async ({ uuid, body, ...input }) =>
      write(input, `circles.update ${uuid}`, (api, call) => api.updateCircle(uuid, body, call)),

    'businessUnits.list': async ({ accountUuid, baseUrl, opId, ...query }) =>
      inAccount({ accountUuid, baseUrl, opId }, (api, call) => api.listBusinessUnits(query, call)),
    'businessUnits.create': async ({ body, ...input }) =>
      write(input, 'businessUnits.create', (api, call) => api.createBusinessUnit(body, call)),
  }
}

function toParticipantQuery(input: ParticipantQueryInput): ParticipantQuery {
  return {
    uuids: input.uuids?.length ? input.uuids : null,
    name: input.name?.trim() ? input.name.trim() : null,
    types: input.types?.length ? input.types : null,
    roles: input.roles?.length ? input.roles : null,
    sort: input.sort ?? DEFAULT_PARTICIPANT_SORT,
    page: input.page,
    perPage: input.perPage,
  }
}
