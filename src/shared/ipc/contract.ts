import { z } from 'zod'
import { BusinessUnit, Circle, Firm, Group, Login, Participant, pageOf } from '../plannr/models'
import {
  CreateBusinessUnitBody,
  CreateCircleBody,
  CreateGroupBody,
  GroupParticipantsBody,
  UpdateCircleBody,
  UpdateGroupBody,
  Uuid,
} from '../plannr/request-bodies'
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, PARTICIPANT_SORT_FIELDS } from '../plannr/participant-query'

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

/** Reachability of the Plannr API as main last saw it (real requests, not navigator.onLine). */
export const Connectivity = z.object({
  online: z.boolean(),
  /** ISO timestamp of the last successful response from the API, if any. */
  lastOkAt: z.string().nullable(),
  reason: z.string().optional(),
})
export type Connectivity = z.infer<typeof Connectivity>

/** Where the user stands with sign-in. Never carries a token. */
export const AuthStatus = z.object({
  state: z.enum(['signed-out', 'choose-account', 'signed-in', 'reauth-required']),
  kind: z.enum(['pat', 'oauth', 'demo']).nullable(),
  /** The API base URL in use (the sandbox's loopback URL in demo mode). */
  baseUrl: z.string().nullable(),
  /** The chosen account (sent as X-PLANNR-ACCOUNT-UUID) and its firm. */
  account: z
    .object({ uuid: z.string(), name: z.string(), role: z.string().nullable(), firmName: z.string().nullable() })
    .nullable(),
  /** The logins to choose from while state is 'choose-account' (and for switching later). */
  logins: z.array(Login),
  canWrite: z.boolean(),
  /** false when no OS keyring answers: tokens then last for this session only. */
  keyringPersistent: z.boolean(),
  keyringMessage: z.string().nullable(),
  /** Why re-authentication is needed, in plain words. */
  message: z.string().nullable(),
  /** Whether "Sign in with Plannr" (OAuth) is configured in this build, so the UI offers it only then. */
  oauthAvailable: z.boolean(),
})
export type AuthStatus = z.infer<typeof AuthStatus>

const Paging = {
  page: z.number().int().min(1).default(1),
  perPage: z.number().int().min(1).max(MAX_PER_PAGE).default(DEFAULT_PER_PAGE),
}
const NameSort = z.enum(['name', '-name', 'created_at', '-created_at', 'updated_at', '-updated_at'])

export const ParticipantQueryInput = z.object({
  uuids: z.array(z.string()).max(500).optional(),
  name: z.string().max(200).optional(),
  types: z.array(z.string()).max(10).optional(),
  roles: z.array(z.string()).max(10).optional(),
  sort: z
    .object({ field: z.enum([...PARTICIPANT_SORT_FIELDS, 'name']), direction: z.enum(['asc', 'desc']) })
    .optional(),
  ...Paging,
})
export type ParticipantQueryInput = z.infer<typeof ParticipantQueryInput>

/** Participants with their firms carried once per page, not once per participant. */
export const ParticipantPage = z.object({ page: pageOf(Participant), firms: z.array(Firm) })
export type ParticipantPage = z.infer<typeof ParticipantPage>

/** Every write carries an operation id from the outbox, for logs and for matching answers. */
const OpId = z.string().min(1).max(100)

export const channels = {
  'app.info': { input: z.undefined(), output: AppInfo },

  'auth.status': { input: z.undefined(), output: AuthStatus },
  'auth.signInWithToken': {
    input: z.object({
      token: z.string().trim().min(1, 'Paste your personal access token.').max(4096),
      baseUrl: z.url().optional(),
    }),
    output: AuthStatus,
  },
  'auth.beginOAuth': { input: z.undefined(), output: AuthStatus },
  /** Stops waiting for the browser: the pending beginOAuth call fails with "Sign-in was cancelled." */
  'auth.cancelOAuth': { input: z.undefined(), output: AuthStatus },
  'auth.chooseAccount': { input: z.object({ accountUuid: z.string().min(1) }), output: AuthStatus },
  'auth.startDemo': { input: z.undefined(), output: AuthStatus },
  'auth.signOut': { input: z.undefined(), output: AuthStatus },

  'connectivity.check': { input: z.undefined(), output: Connectivity },

  'groups.list': {
    input: z.object({
      name: z.string().max(255).optional(),
      uuids: z.array(Uuid).max(100).optional(),
      sort: NameSort.default('name'),
      ...Paging,
    }),
    output: pageOf(Group),
  },
  'groups.get': { input: z.object({ uuid: Uuid }), output: Group },
  'groups.participants': {
    input: z.object({ groupUuid: Uuid, query: ParticipantQueryInput }),
    output: ParticipantPage,
  },
  'groups.create': { input: z.object({ opId: OpId, body: CreateGroupBody }), output: Group },
  'groups.update': { input: z.object({ opId: OpId, uuid: Uuid, body: UpdateGroupBody }), output: Group },
  'groups.addParticipants': { input: z.object({ opId: OpId, uuid: Uuid, body: GroupParticipantsBody }), output: Group },
  'groups.removeParticipants': {
    input: z.object({ opId: OpId, uuid: Uuid, body: GroupParticipantsBody }),
    output: Group,
  },

  'accounts.list': { input: ParticipantQueryInput, output: ParticipantPage },

  'circles.list': {
    input: z.object({ name: z.string().max(255).optional(), sort: NameSort.default('name'), ...Paging }),
    output: pageOf(Circle),
  },
  'circles.get': { input: z.object({ uuid: Uuid }), output: Circle },
  'circles.create': { input: z.object({ opId: OpId, body: CreateCircleBody }), output: Circle },
  'circles.update': { input: z.object({ opId: OpId, uuid: Uuid, body: UpdateCircleBody }), output: Circle },

  'businessUnits.list': {
    input: z.object({ name: z.string().max(255).optional(), sort: NameSort.default('name'), ...Paging }),
    output: pageOf(BusinessUnit),
  },
  'businessUnits.create': { input: z.object({ opId: OpId, body: CreateBusinessUnitBody }), output: BusinessUnit },
} as const satisfies Record<`${string}.${string}`, ChannelDefinition>

/** Events main pushes to the renderer. Payloads are validated by main before sending. */
export const events = {
  connectivity: Connectivity,
  /** Sign-in changed outside the renderer's own calls (a 401 asked for re-authentication, a refresh failed). */
  auth: AuthStatus,
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
