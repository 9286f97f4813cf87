import type { AppInfo, ParticipantQueryInput } from '../../shared/ipc/contract'
import { DEFAULT_PARTICIPANT_SORT, type ParticipantQuery } from '../../shared/plannr/participant-query'
import type { AuthService } from '../auth/session'
import type { ConnectivityMonitor } from '../connectivity'
import type { Handlers } from './dispatch'

/** What the handlers need from their host (Electron or the web shell), built by createMainServices. */
export interface HandlerContext {
  appInfo: AppInfo
  auth: AuthService
  connectivity: ConnectivityMonitor
}

/**
 * One implementation per contract channel. Plain Node: no Electron imports here, so the web
 * shell runs exactly these handlers for end-to-end tests. Inputs arrive already validated by
 * the dispatcher; outputs are validated again on the way out.
 */
export function createHandlers(ctx: HandlerContext): Handlers {
  const api = () => ctx.auth.api()
  return {
    'app.info': async () => ctx.appInfo,

    'auth.status': async () => ctx.auth.status(),
    'auth.signInWithToken': async ({ token, baseUrl }) => ctx.auth.signInWithToken(token, baseUrl),
    'auth.beginOAuth': async () => ctx.auth.beginOAuth(),
    'auth.cancelOAuth': async () => ctx.auth.cancelOAuth(),
    'auth.chooseAccount': async ({ accountUuid }) => ctx.auth.chooseAccount(accountUuid),
    'auth.startDemo': async () => ctx.auth.startDemo(),
    'auth.signOut': async () => ctx.auth.signOut(),

    'connectivity.check': async () => ctx.connectivity.check(),

    'groups.list': async (input) => api().listGroups(input),
    'groups.get': async ({ uuid }) => api().getGroup(uuid),
    'groups.participants': async ({ groupUuid, query }) =>
      api().groupParticipants(groupUuid, toParticipantQuery(query)),
    'groups.create': async ({ opId, body }) => api().createGroup(body, { opId }),
    'groups.update': async ({ opId, uuid, body }) => api().updateGroup(uuid, body, { opId }),
    'groups.addParticipants': async ({ opId, uuid, body }) => api().addParticipants(uuid, body, { opId }),
    'groups.removeParticipants': async ({ opId, uuid, body }) => api().removeParticipants(uuid, body, { opId }),

    'accounts.list': async (input) => api().listAccounts(toParticipantQuery(input)),

    'circles.list': async (input) => api().listCircles(input),
    'circles.get': async ({ uuid }) => api().getCircle(uuid),
    'circles.create': async ({ opId, body }) => api().createCircle(body, { opId }),
    'circles.update': async ({ opId, uuid, body }) => api().updateCircle(uuid, body, { opId }),

    'businessUnits.list': async (input) => api().listBusinessUnits(input),
    'businessUnits.create': async ({ opId, body }) => api().createBusinessUnit(body, { opId }),
  }
}

export function toParticipantQuery(input: ParticipantQueryInput): ParticipantQuery {
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
