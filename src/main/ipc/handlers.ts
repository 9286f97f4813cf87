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
    'auth.signInWithToken': ({ token, baseUrl }) => ctx.auth.signInWithToken(token, baseUrl),
    'auth.beginOAuth': () => ctx.auth.beginOAuth(),
    'auth.chooseAccount': ({ accountUuid }) => ctx.auth.chooseAccount(accountUuid),
    'auth.startDemo': () => ctx.auth.startDemo(),
    'auth.signOut': () => ctx.auth.signOut(),

    'connectivity.check': () => ctx.connectivity.check(),

    'groups.list': (input) => api().listGroups(input),
    'groups.get': ({ uuid }) => api().getGroup(uuid),
    'groups.participants': ({ groupUuid, query }) => api().groupParticipants(groupUuid, toParticipantQuery(query)),
    'groups.create': ({ opId, body }) => api().createGroup(body, { opId }),
    'groups.update': ({ opId, uuid, body }) => api().updateGroup(uuid, body, { opId }),
    'groups.addParticipants': ({ opId, uuid, body }) => api().addParticipants(uuid, body, { opId }),
    'groups.removeParticipants': ({ opId, uuid, body }) => api().removeParticipants(uuid, body, { opId }),

    'accounts.list': (input) => api().listAccounts(toParticipantQuery(input)),

    'circles.list': (input) => api().listCircles(input),
    'circles.create': ({ opId, body }) => api().createCircle(body, { opId }),
    'circles.update': ({ opId, uuid, body }) => api().updateCircle(uuid, body, { opId }),

    'businessUnits.list': (input) => api().listBusinessUnits(input),
    'businessUnits.create': ({ opId, body }) => api().createBusinessUnit(body, { opId }),
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
