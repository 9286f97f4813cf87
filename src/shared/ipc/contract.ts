import { z } from 'zod'
import {
  ACCOUNT_ROLES,
  ACCOUNT_TYPES,
  BusinessUnit,
  Circle,
  Firm,
  Group,
  Login,
  LoginAt,
  Participant,
  pageOf,
} from '../plannr/models'
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
  /**
   * The settle window the outbox gives a write Plannr may still be saving (outbox/settle.ts in the
   * renderer), when main names one: only the test shell does, so end-to-end tests need not wait
   * the app's minute and a half for every write their cut network left in doubt.
   */
  inDoubtSettleMs: z.number().int().min(0).max(600_000).optional(),
})
export type AppInfo = z.infer<typeof AppInfo>

/** Reachability of the Plannr API as main last saw it (real requests, not navigator.onLine). */
export const Connectivity = z.object({
  online: z.boolean(),
  /** ISO timestamp of the last successful response from the API, if any. */
  lastOkAt: z.string().nullable(),
  reason: z.string().optional(),
  /**
   * Set while Plannr answers but is not working: a gateway in front of it says the servers behind
   * it are down (502, 503, 504). `online` stays true (the network is there); the app shows
   * Plannr as unavailable, not Online.
   */
  serverProblem: z.string().optional(),
})
export type Connectivity = z.infer<typeof Connectivity>

/**
 * Plannr's clock minus ours, measured from the `Date` header of its answers (null before any
 * answer). The outbox uses it to compare a record's `created_at` with the time it first sent.
 */
export const ServerClockReading = z.object({
  offsetMs: z.number().nullable(),
  /** How far the true offset can be from offsetMs (the header's 1 s resolution plus half the round trip). */
  errorMs: z.number().nonnegative().nullable(),
  measuredAt: z.string().nullable(),
})
export type ServerClockReading = z.infer<typeof ServerClockReading>

/**
 * What the OS or the renderer noticed, for main's connectivity monitor to act on: the network
 * went up or down (the browser's online/offline events, Electron's net.isOnline()), the machine
 * woke up, or the user is using the app (so reachability is checked at the in-use pace).
 */
export const ConnectivityHint = z.enum(['online', 'offline', 'wake', 'active'])
export type ConnectivityHint = z.infer<typeof ConnectivityHint>

/** Main is holding every call because Plannr answered 429: until when (null once the wait is over). */
export const RateLimitWait = z.object({ waitingUntil: z.iso.datetime().nullable() })
export type RateLimitWait = z.infer<typeof RateLimitWait>

/** Where the user stands with sign-in. Never carries a token. */
export const AuthStatus = z.object({
  state: z.enum(['signed-out', 'choose-account', 'signed-in', 'reauth-required']),
  kind: z.enum(['pat', 'oauth', 'demo']).nullable(),
  /** The API base URL in use (the sandbox's loopback URL in demo mode). */
  baseUrl: z.string().nullable(),
  /**
   * Which run of the demo this is, new each time main starts the demo's sandbox (null outside the
   * demo): a window reloaded during a run sees the same, the next run another.
   */
  demoRun: z.string().nullable(),
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
  /**
   * A sign-in that has no login for accounts of the sign-in in use (signing in again as another
   * Plannr user, or at another Plannr address), held before it replaces anything: `baseUrl` is its
   * address, `unreachable` are those accounts (each with its own address), whose caches and queued
   * changes it could never send. The sign-in in use stays until the user goes on
   * (`auth.confirmSignIn`) or cancels (`auth.cancelSignIn`).
   */
  pendingSignIn: z.object({ baseUrl: z.string(), unreachable: z.array(LoginAt) }).nullable(),
  /**
   * Accounts of earlier sign-ins that this one replaced without a sign-out and has no login for
   * (at their address): their caches (and queued changes) stay on this computer with this
   * sign-in, so Sign out counts and removes them with its own.
   */
  keptAccounts: z.array(LoginAt),
})
export type AuthStatus = z.infer<typeof AuthStatus>

const Paging = {
  page: z.number().int().min(1).default(1),
  perPage: z.number().int().min(1).max(MAX_PER_PAGE).default(DEFAULT_PER_PAGE),
}
const NameSort = z.enum(['name', '-name', 'created_at', '-created_at', 'updated_at', '-updated_at'])

export const ParticipantQueryInput = z.object({
  uuids: z.array(Uuid).max(500).optional(),
  name: z.string().max(200).optional(),
  types: z.array(z.enum(ACCOUNT_TYPES)).max(ACCOUNT_TYPES.length).optional(),
  roles: z.array(z.enum(ACCOUNT_ROLES)).max(ACCOUNT_ROLES.length).optional(),
  sort: z
    .object({ field: z.enum([...PARTICIPANT_SORT_FIELDS, 'name']), direction: z.enum(['asc', 'desc']) })
    .optional(),
  ...Paging,
})
export type ParticipantQueryInput = z.infer<typeof ParticipantQueryInput>

/** Participants with their firms carried once per page, not once per participant. */
export const ParticipantPage = z.object({ page: pageOf(Participant), firms: z.array(Firm) })
export type ParticipantPage = z.infer<typeof ParticipantPage>

/**
 * The sync's account plan (GET /account with `include=groups`): each account once, with the groups
 * it belongs to. `groupUuids` becomes `filter[groups]` (accounts in any of them; capped so the URL
 * stays well under common proxy limits), `uuids` is `filter[uuid]` (reconciliation lookups). Only
 * the two orders the sync reads in: creation (stable pages for a full pass) and newest change first
 * (incremental refresh).
 */
export const MAX_GROUPS_FILTER = 100
export const AccountsWithGroupsQuery = z.object({
  groupUuids: z.array(Uuid).min(1).max(MAX_GROUPS_FILTER).optional(),
  uuids: z.array(Uuid).min(1).max(MAX_PER_PAGE).optional(),
  sort: z.enum(['created_at', '-updated_at']),
  ...Paging,
})
export type AccountsWithGroupsQuery = z.infer<typeof AccountsWithGroupsQuery>

/**
 * `groupsIncluded` is false when any account of the page came without a groups array (a server
 * that ignored `include=groups`): memberships cannot be derived from such a page.
 */
export const AccountsWithGroupsPage = ParticipantPage.extend({ groupsIncluded: z.boolean() })
export type AccountsWithGroupsPage = z.infer<typeof AccountsWithGroupsPage>

/**
 * Every write carries an operation id from the outbox (a ULID), for logs and for matching answers:
 * main joins a second send of an id still in flight to the first. The pattern keeps anything but
 * the 26 Crockford base-32 characters (a line break, say) out of the log.
 */
export const OpId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/i, 'must be an operation id (a ULID)')

/**
 * The account a request is made for, bound when it is asked (not when it leaves): main refuses
 * a call whose account is not the signed-in one (`account-mismatch`) and sends this uuid as
 * X-PLANNR-ACCOUNT-UUID. The renderer's OfflineAccount adds it to every call (bindAccount).
 */
export const AccountUuid = Uuid
/** Longest Plannr address taken: a real one is a few dozen characters; browsers stop near 2,000. */
export const MAX_ADDRESS_CHARS = 2_048

/**
 * The Plannr address (AuthStatus.baseUrl) the request is made for, bound with its account: a
 * firm's staging copy has the same account uuids as production, so the uuid alone does not name
 * the place. Main refuses the call (`account-mismatch`) when the session in use is at another
 * address. Required: the app's OfflineAccount always sends it (bindAccount), so a call that names
 * no address was not made for one, and is refused before it can act wherever main is signed in.
 */
export const AccountBaseUrl = z.string().min(1).max(MAX_ADDRESS_CHARS)
const scoped = { accountUuid: AccountUuid, baseUrl: AccountBaseUrl }

/** Optional on reads the outbox makes to look up an op: main first waits for that op's write in flight. */
const lookupFor = { opId: OpId.optional() }

/** A personal access token is printable ASCII with no spaces: anything else was pasted wrong. */
const Token = z
  .string()
  .trim()
  .min(1, 'Paste your personal access token.')
  .max(4096)
  .regex(
    /^[\x21-\x7e]+$/,
    'The token contains spaces, line breaks or other characters a token never has. Copy it again as one line.',
  )

/** Circles and business units: a page of one account's list, by name. */
const NameListInput = z.object({
  ...scoped,
  ...lookupFor,
  name: z.string().max(255).optional(),
  sort: NameSort.default('name'),
  ...Paging,
})

/**
 * A file name the save dialog suggests: no folder, no characters Windows or macOS refuse, no
 * control characters. Where the file goes is the user's choice in the dialog, never the page's.
 */
export const SuggestedFileName = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[^\\/:*?"<>|\p{Cc}]+$/u, 'must be a file name without folders or special characters')
  .refine((name) => !name.startsWith('.'), 'must not start with a dot')

/** A CSV export of up to 100,000 participants fits with room to spare; anything larger is refused. */
export const MAX_CSV_CHARS = 64 * 1024 * 1024

/** What a save came to: saved (the file's name, not its folder), or cancelled in the dialog. */
export const SaveResult = z.object({ saved: z.boolean(), fileName: z.string().nullable() })
export type SaveResult = z.infer<typeof SaveResult>

export const channels = {
  'app.info': { input: z.undefined(), output: AppInfo },
  'app.serverClock': { input: z.undefined(), output: ServerClockReading },

  'auth.status': { input: z.undefined(), output: AuthStatus },
  'auth.signInWithToken': {
    input: z.object({ token: Token, baseUrl: z.url().max(MAX_ADDRESS_CHARS).optional() }),
    output: AuthStatus,
  },
  'auth.beginOAuth': { input: z.undefined(), output: AuthStatus },
  /** Stops waiting for the browser: the pending beginOAuth call fails with "Sign-in was cancelled." */
  'auth.cancelOAuth': { input: z.undefined(), output: AuthStatus },
  'auth.chooseAccount': { input: z.object({ accountUuid: AccountUuid }), output: AuthStatus },
  'auth.startDemo': { input: z.undefined(), output: AuthStatus },
  'auth.signOut': { input: z.undefined(), output: AuthStatus },
  /** Goes on with the held sign-in (AuthStatus.pendingSignIn); the accounts it cannot reach are kept. */
  'auth.confirmSignIn': { input: z.undefined(), output: AuthStatus },
  /** Drops the held sign-in: the sign-in in use stays as it was. */
  'auth.cancelSignIn': { input: z.undefined(), output: AuthStatus },

  /**
   * Desktop only (the web shell downloads and prints in the browser instead). savePdf prints the
   * page that asked (its print styles show the client sheet) and saves it where the user chooses.
   */
  'files.saveCsv': {
    input: z.object({ suggestedName: SuggestedFileName, content: z.string().max(MAX_CSV_CHARS) }),
    output: SaveResult,
  },
  'files.savePdf': { input: z.object({ suggestedName: SuggestedFileName }), output: SaveResult },

  'connectivity.check': { input: z.undefined(), output: Connectivity },
  'connectivity.hint': { input: z.object({ hint: ConnectivityHint }), output: Connectivity },

  'groups.list': {
    input: z.object({
      ...scoped,
      ...lookupFor,
      name: z.string().max(255).optional(),
      uuids: z.array(Uuid).max(100).optional(),
      sort: NameSort.default('name'),
      ...Paging,
    }),
    output: pageOf(Group),
  },
  'groups.get': { input: z.object({ ...scoped, ...lookupFor, uuid: Uuid }), output: Group },
  'groups.participants': {
    input: z.object({ ...scoped, groupUuid: Uuid, query: ParticipantQueryInput }),
    output: ParticipantPage,
  },
  'groups.create': { input: z.object({ ...scoped, opId: OpId, body: CreateGroupBody }), output: Group },
  'groups.update': { input: z.object({ ...scoped, opId: OpId, uuid: Uuid, body: UpdateGroupBody }), output: Group },
  'groups.addParticipants': {
    input: z.object({ ...scoped, opId: OpId, uuid: Uuid, body: GroupParticipantsBody }),
    output: Group,
  },
  'groups.removeParticipants': {
    input: z.object({ ...scoped, opId: OpId, uuid: Uuid, body: GroupParticipantsBody }),
    output: Group,
  },

  'accounts.list': { input: ParticipantQueryInput.extend(scoped), output: ParticipantPage },
  'accounts.withGroups': { input: AccountsWithGroupsQuery.extend(scoped), output: AccountsWithGroupsPage },

  'circles.list': {
    input: NameListInput,
    output: pageOf(Circle),
  },
  'circles.get': { input: z.object({ ...scoped, ...lookupFor, uuid: Uuid }), output: Circle },
  'circles.create': { input: z.object({ ...scoped, opId: OpId, body: CreateCircleBody }), output: Circle },
  'circles.update': { input: z.object({ ...scoped, opId: OpId, uuid: Uuid, body: UpdateCircleBody }), output: Circle },

  'businessUnits.list': {
    input: NameListInput,
    output: pageOf(BusinessUnit),
  },
  'businessUnits.create': {
    input: z.object({ ...scoped, opId: OpId, body: CreateBusinessUnitBody }),
    output: BusinessUnit,
  },
} as const satisfies Record<`${string}.${string}`, ChannelDefinition>

/**
 * The app's own commands in the application menu (src/main/menu). Main only says which one was
 * chosen; the renderer decides what it means (a command it cannot run right now does nothing).
 */
export const MenuCommand = z.enum([
  'quick-search',
  'sync-now',
  'new-group',
  'new-circle',
  'new-business-unit',
  'go-groups',
  'go-circles',
  'go-business-units',
  'go-reviews',
  'go-outbox',
  'back',
  'shortcuts-help',
])
export type MenuCommand = z.infer<typeof MenuCommand>
export const MenuEvent = z.object({ command: MenuCommand })
export type MenuEvent = z.infer<typeof MenuEvent>

/** Events main pushes to the renderer. Payloads are validated by main before sending. */
export const events = {
  connectivity: Connectivity,
  /**
   * Every change of the sign-in: main's own (a 401 asked for re-authentication, a refresh failed)
   * and the ones the renderer's calls made (signed in, account chosen, signed out), which the
   * account's sync and outbox follow.
   */
  auth: AuthStatus,
  /** A command chosen in the application menu (or by its keyboard shortcut). */
  menu: MenuEvent,
  /** A 429 wait started (or grew) or ended, for any call main makes. */
  rateLimit: RateLimitWait,
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

/** Channels that act in one account: their input carries `accountUuid`, checked by main. */
export const ACCOUNT_SCOPED_NAMESPACES = ['groups', 'accounts', 'circles', 'businessUnits'] as const
export type AccountScopedNamespace = (typeof ACCOUNT_SCOPED_NAMESPACES)[number]

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name)
}
