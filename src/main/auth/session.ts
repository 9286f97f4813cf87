import { randomUUID } from 'node:crypto'
import type { AuthStatus } from '../../shared/ipc/contract'
import { AppError } from '../../shared/ipc/errors'
import type { Login, LoginAt, Logins } from '../../shared/plannr/models'
import type { PlannrEndpoints } from '../api/endpoints'
import type { Credentials } from '../api/http'
// Ended sessions' tokens stay registered for redaction: a late log line must not show them either.
import { registerSecret } from '../log/redact'
import { TaskQueue } from '../../shared/task-queue'
import { chooseAccount } from './account-choice'
import {
  authorizeInBrowser,
  isRejectedGrant,
  refreshTokens,
  toCredential,
  type OAuthConfig,
  type OpenExternal,
} from './oauth'
import type { SessionSettings, Settings, SettingsFile } from './settings'
import type { StoredCredential, TokenStore } from './token-store'

/** A running demo sandbox: its loopback URL, its demo token, and how to stop it. */
export interface DemoServer {
  url: string
  token: string
  stop(): Promise<void>
}

export interface AuthServiceOptions {
  tokenStore: TokenStore
  settings: SettingsFile
  defaultBaseUrl: string
  /** null when no OAuth client is configured. */
  oauth: OAuthConfig | null
  /** Refresh an OAuth token this long before it expires. */
  refreshMarginMs: number
  openExternal: OpenExternal
  startDemo: () => Promise<DemoServer>
  /**
   * Builds a session's API client for a base URL whose requests use these credentials; its
   * `close` is called once the session is over (what it holds, such as a rate limiter's wait,
   * ends with it). `speaksForApp` says, at each moment, whether what its requests find out
   * (Plannr reachable or not, Plannr's clock) is about the Plannr the app is using.
   */
  createApi: (baseUrl: string, credentials: Credentials, speaksForApp: () => boolean) => SessionApi
  /**
   * Pushes the `auth` event on every change of the sign-in: the ones main finds by itself (a
   * refused token) and the ones a call asked for (sign-in, account choice, sign-out). The window
   * that asked gets the status as the call's answer too, but an account's sync and outbox follow
   * only the event: without it, signing in again after a refused token left them paused.
   */
  onChange: (status: AuthStatus) => void
  /** The fetch of the OAuth token requests (the API client's own is given to createApi). */
  fetch?: typeof fetch
  log?: (message: string) => void
}

/** A session's own API client (see AuthServiceOptions.createApi). */
export interface SessionApi {
  api: PlannrEndpoints
  close(): void
}

type Kind = StoredCredential['kind']

/**
 * What restore found for the saved sign-in: its credential, why it is not used (the saved session
 * is then forgotten), or that the keychain could not be read (nothing is forgotten).
 */
type SavedRead = { credential: StoredCredential } | { refusal: string } | { unreadable: true }

/** What a refresh came to (see AuthService.refresh). */
type RefreshOutcome = 'renewed' | 'refused' | AppError

interface Session {
  kind: Kind
  baseUrl: string
  credential: StoredCredential
  logins: Login[]
  /** Earlier sign-ins' accounts this one has no login for, whose caches stay with it (see accountsLeftBehind). */
  keptAccounts: LoginAt[]
  preferredAccountUuid: string | null
  account: Login | null
  state: 'validating' | 'choose-account' | 'signed-in' | 'reauth-required'
  message: string | null
  keychainAccount: string | null
  api: PlannrEndpoints
  /** Lets go of the API client's own state (its rate limiter) when the session is over. */
  closeApi: () => void
  /** Aborted at sign-out: in-flight requests of an ended session stop. */
  abort: AbortController
  /**
   * The chosen account's requests: every account-scoped call carries this signal, so choosing
   * another account (or signing out) cancels the old account's calls waiting in the limiter and
   * aborts those in flight (a write aborted after it may have left is `outcome-unknown`).
   */
  scope: AccountScope | null
  refreshing: Promise<RefreshOutcome> | null
  /** Set once sign-out or a new sign-in ended the session: its entry is gone and stays gone. */
  forgotten: boolean
  demo: DemoServer | null
  /**
   * A name for this run of the demo, new with each sandbox started (null outside the demo). The
   * demo's seeded account has the same uuid on every run and the sandbox may be given the last
   * run's port, so neither tells one run's cache from the next.
   */
  demoRun: string | null
}

interface AccountScope {
  accountUuid: string
  abort: AbortController
}

/** What an account-scoped call runs with: the session's API client, and its account and signal. */
export interface ScopedCall {
  api: PlannrEndpoints
  call: { accountUuid: string; signal: AbortSignal }
}

const REAUTH_MESSAGE = 'Plannr no longer accepts your sign-in. Sign in again to keep syncing; nothing queued is lost.'

/** A saved sign-in still being read this long after start is said to be waiting for the keyring. */
const KEYCHAIN_SLOW_MS = 1_000
/**
 * When a failed keychain read of the saved sign-in is tried again: a keyring that starts after the
 * app (an autostart at login) or fails once answers one of these; after them, the next start does.
 */
const KEYCHAIN_RETRY_DELAYS_MS = [2_000, 10_000, 30_000, 60_000]

const SAVED_READING_MESSAGE =
  'Your saved sign-in is being read from the system keyring. If the keyring is asking for your password, ' +
  'unlock it: Plannr Desktop goes on as soon as it answers.'

const SETTINGS_UNSAVED_MESSAGE =
  'Plannr Desktop could not save its settings (is the disk full, or its data folder read-only?), so the last ' +
  'change to your sign-in may not be remembered after you close the app.'

const REMOVAL_FAILED_MESSAGE =
  'Plannr Desktop could not remove a saved sign-in from the system keyring (is it locked?), so it is still ' +
  'there. Plannr Desktop removes it at the next start, sign-in or sign-out once the keyring answers.'

function savedUnreadMessage(retrying: boolean): string {
  return (
    'The system keyring could not be read, so your saved sign-in was not loaded. It is still saved: ' +
    (retrying
      ? 'Plannr Desktop tries again in a moment, and when it next starts.'
      : 'Plannr Desktop tries again when it next starts.') +
    ' If the keyring is locked, unlock it.'
  )
}

/**
 * Sign-in state of the main process: personal token, OAuth (PKCE) and demo sign-in, account
 * choice, restore at start, sign-out, refresh, and the switch to 'reauth-required' on a 401.
 * Tokens stay inside this object and the token store; status() never carries one.
 */
export class AuthService {
  private session: Session | null = null
  private signedOutMessage: string | null = null
  private oauthAttempt: AbortController | null = null
  /**
   * Bumped whenever the session is replaced (a sign-in lands, a saved one is restored) or ended by
   * sign-out: a sign-in still validating when the user signed out must not land afterwards, and a
   * saved sign-in read at start must not replace a newer one.
   */
  private generation = 0
  /** Set by dispose (the app is closing): a restore still reading the keychain starts nothing. */
  private disposed = false
  /** Set when the keyring refused to save a sign-in: the session then lasts until the app closes. */
  private keyringFailure: string | null = null
  /** Set while the settings file cannot be written (see saveSettings). */
  private settingsFailure: string | null = null
  /** Set while a keychain entry that should be gone is still there (see safeRemove). */
  private removalFailure: string | null = null
  /**
   * The keychain entry the settings name that no session in use owns: the saved sign-in the keyring
   * could not give at start, or the entry of a session replaced by a sign-in that has saved nothing
   * yet (it waits in the account picker; see keepWhileNamed). The sign-in or sign-out that takes
   * its place in the settings removes it (see forgetOwnerlessSaved).
   */
  private ownerlessSavedEntry: string | null = null
  /**
   * While the saved sign-in is being read at start and the keyring is slow, or after it could not
   * be read: said on the sign-in screen (as the keyring message), until a session replaces it.
   */
  private savedSignInNotice: string | null = null
  /** The next try to read a saved sign-in the keyring could not give (see KEYCHAIN_RETRY_DELAYS_MS). */
  private savedSignInRetry: ReturnType<typeof setTimeout> | null = null
  /**
   * Sign-ins run one after another: two at once would each replace "the previous session" without
   * ending the other (a demo sandbox left running, a keychain entry left behind).
   */
  private readonly signIns = new TaskQueue()
  /**
   * Every keychain write and removal, of whichever session, one after another, each deciding what
   * to write or remove when its turn comes, with the settings update that goes with it. Entry
   * names are `<kind>:<host>:<account>`, the same for every sign-in to an account: a removal
   * decided for one session (the saved sign-in restore replaced, an entry left over, a sign-out)
   * must not land after another session saved its token under the same name, or the settings
   * name an entry that is gone and the next start is signed out. Within a session, a refresh's
   * new tokens and an account choice's new entry must not interleave either, or the entry left
   * can be one that sign-out never removes, or hold a refresh token Plannr already rotated away.
   * Reads stay out of it (restore's read may wait on an unlock prompt; a sign-in must not).
   */
  private readonly keychainWrites = new TaskQueue()
  /**
   * A sign-in that would leave accounts of the one in use behind (see accountsLeftBehind), held
   * until the user goes on or cancels: signing in again as another Plannr user must not silently
   * strand the changes queued in those accounts.
   */
  private held: { candidate: Session; replaces: Session; unreachable: LoginAt[] } | null = null

  constructor(private readonly options: AuthServiceOptions) {
    // A keyring that answers late, or stops answering, changes what the status says about it.
    options.tokenStore.onAvailabilityChange?.(() => {
      if (!this.disposed) this.announce()
    })
  }

  status(): AuthStatus {
    const store = this.options.tokenStore
    const s = this.session
    const state = !s ? 'signed-out' : s.state === 'validating' ? 'signed-out' : s.state
    const account = s?.account ?? null
    return {
      state,
      kind: s && state !== 'signed-out' ? s.kind : null,
      baseUrl: s && state !== 'signed-out' ? s.baseUrl : null,
      demoRun: s && state !== 'signed-out' ? s.demoRun : null,
      account: account
        ? {
            uuid: account.account.uuid,
            name: account.account.name,
            role: account.account.role,
            firmName: account.firm?.name ?? null,
          }
        : null,
      logins: s && state !== 'signed-out' ? s.logins : [],
      canWrite: state === 'signed-in' && (account?.hasWritePermission ?? false),
      keyringPersistent:
        store.persistence === 'keychain' && store.unavailableReason === null && this.keyringFailure === null,
      keyringMessage:
        this.savedSignInNotice ??
        this.keyringFailure ??
        this.removalFailure ??
        this.settingsFailure ??
        store.unavailableReason,
      message: s ? s.message : this.signedOutMessage,
      oauthAvailable: this.options.oauth !== null,
      pendingSignIn: this.held ? { baseUrl: this.held.candidate.baseUrl, unreachable: this.held.unreachable } : null,
      keptAccounts: s && state !== 'signed-out' ? s.keptAccounts : [],
    }
  }

  /** The API client of the signed-in session; refuses when there is none to use. */
  api(): PlannrEndpoints {
    const s = this.session
    if (!s || s.state === 'validating')
      throw new AppError({ kind: 'not-signed-in', message: 'Sign in to Plannr first.' })
    if (s.state === 'choose-account')
      throw new AppError({ kind: 'not-signed-in', message: 'Choose the account to use first.' })
    return s.api
  }

  /**
   * The API client for a call made for `accountUuid` at `baseUrl`. Refused with `account-mismatch` (nothing is sent) unless that is the signed-in
   * session's account at the session's address: a request made for account A, even one asked
   * before a switch, can never go out as account B, nor to another Plannr whose account has A's uuid.
   */
  scoped(accountUuid: string, baseUrl: string): ScopedCall {
    const api = this.api()
    const s = this.session
    const scope = s ? this.scopeOf(s) : null
    if (!s || !scope || scope.accountUuid.toLowerCase() !== accountUuid.toLowerCase() || baseUrl !== s.baseUrl) {
      throw new AppError({
        kind: 'account-mismatch',
        message:
          'This request was made for another Plannr account than the one now in use, so it was not sent. It stays with that account.',
      })
    }
    return { api, call: { accountUuid: scope.accountUuid, signal: scope.abort.signal } }
  }

  baseUrl(): string {
    return this.session?.baseUrl ?? this.options.defaultBaseUrl
  }

  async signInWithToken(token: string, baseUrl?: string): Promise<AuthStatus> {
    registerSecret(token)
    const target = baseUrl ?? this.options.defaultBaseUrl
    if (!safeApiUrl(target)) {
      // A token must not travel in clear text over a network; plain http is for a local sandbox only.
      throw new AppError({
        kind: 'validation',
        message: 'The Plannr address must start with https:// (plain http only for 127.0.0.1).',
        fieldErrors: { baseUrl: ['Use an https:// address.'] },
      })
    }
    return this.signIns.run(() => this.signIn('pat', target, { kind: 'pat', accessToken: token }, null))
  }

  async beginOAuth(): Promise<AuthStatus> {
    const config = this.options.oauth
    if (!config) {
      throw new AppError({
        kind: 'oauth',
        message:
          'Sign-in with Plannr (OAuth) is not set up in this build. Set PLANNR_OAUTH_CLIENT_ID, or use a personal access token.',
      })
    }
    // Tokens travel to the token URL and then to the API: both https (or a local sandbox).
    if (!safeApiUrl(config.tokenUrl) || !safeApiUrl(this.options.defaultBaseUrl)) {
      throw new AppError({
        kind: 'oauth',
        message:
          'Sign-in with Plannr is set up with an address that is not https://, so it was not started. Plain http is only allowed for 127.0.0.1.',
      })
    }
    // A second click restarts the attempt; the first one's listener closes.
    this.oauthAttempt?.abort()
    const attempt = new AbortController()
    this.oauthAttempt = attempt
    try {
      const tokens = await authorizeInBrowser(config, this.options.openExternal, {
        signal: attempt.signal,
        fetch: this.options.fetch,
      })
      return await this.signIns.run(() =>
        this.signIn('oauth', this.options.defaultBaseUrl, toCredential(tokens, config.tokenUrl), null),
      )
    } finally {
      if (this.oauthAttempt === attempt) this.oauthAttempt = null
    }
  }

  /** The user gave up on the browser: the listener closes and the waiting beginOAuth call fails. */
  cancelOAuth(): AuthStatus {
    this.oauthAttempt?.abort()
    this.oauthAttempt = null
    return this.status()
  }

  startDemo(): Promise<AuthStatus> {
    return this.signIns.run(() => this.startDemoNow())
  }

  /** The demo's sign-in, run in the sign-in queue (startDemo, or restore of a saved demo). */
  private async startDemoNow(): Promise<AuthStatus> {
    const demo = await this.options.startDemo()
    registerSecret(demo.token)
    try {
      return await this.signIn('demo', demo.url, { kind: 'demo', accessToken: demo.token }, demo)
    } catch (error) {
      await demo.stop()
      throw error
    }
  }

  async chooseAccount(accountUuid: string): Promise<AuthStatus> {
    const s = this.session
    if (!s || s.state === 'validating')
      throw new AppError({ kind: 'not-signed-in', message: 'Sign in to Plannr first.' })
    const login = s.logins.find((candidate) => candidate.account.uuid === accountUuid)
    if (!login) throw new AppError({ kind: 'not-found', message: 'That account is not one of your Plannr logins.' })
    s.account = login
    // Another account: the old one's waiting and in-flight requests stop before anything else.
    this.scopeOf(s)
    if (s.state === 'choose-account') s.state = 'signed-in'
    await this.persist(s)
    return this.announce()
  }

  /** Goes on with the held sign-in: it replaces the one in use, keeping the accounts it cannot reach. */
  confirmSignIn(): Promise<AuthStatus> {
    return this.signIns.run(async () => {
      const held = this.held
      this.held = null
      if (!held) throw new AppError({ kind: 'not-found', message: 'There is no sign-in waiting to go on.' })
      if (held.replaces !== this.session) {
        await dropHeld(held.candidate)
        throw new AppError({ kind: 'cancelled', message: 'The sign-in changed meanwhile. Sign in again.' })
      }
      return this.replaceWith(held.candidate)
    })
  }

  /** Drops the held sign-in: the one in use stays as it was (still asking to sign in again, if it was). */
  cancelSignIn(): Promise<AuthStatus> {
    return this.signIns.run(async () => {
      await this.dropHeldSignIn()
      return this.announce()
    })
  }

  async signOut(): Promise<AuthStatus> {
    this.replaced()
    this.oauthAttempt?.abort()
    const s = this.session
    this.session = null
    this.signedOutMessage = null
    await this.dropHeldSignIn()
    if (s) stop(s)
    // Signed out at once, in memory and in the settings: a keyring showing an unlock prompt must
    // not hold the sign-out (the window would stay signed in until someone answers it, and a quit
    // meanwhile would undo it). The entries go behind the keychain writes already asked; until
    // they are gone their names wait in the settings, so a quit meanwhile leaves them to the next
    // start. With no keyring loaded at this start, the session's entry lives in memory only.
    const ownerless = this.ownerlessSavedEntry
    this.ownerlessSavedEntry = null
    const leaving = [this.noKeyring() ? null : (s?.keychainAccount ?? null), ownerless].filter((name) => name !== null)
    this.saveSettings((current) => ({
      ...current,
      session: null,
      pendingKeychainRemovals: [...new Set([...(current.pendingKeychainRemovals ?? []), ...leaving])],
    }))
    void this.keychainWrites.run(() => this.removeSignedOut(s, ownerless))
    if (s?.demo) await s.demo.stop()
    return this.announce()
  }

  /**
   * Resolves once every keychain write and removal asked so far has landed (a sign-out answers
   * before its removal does).
   */
  keychainWritesSettled(): Promise<void> {
    return this.keychainWrites.run(async () => {})
  }

  /**
   * Sign-out's keychain part, in the write queue: the signed-out session's entry as it is now
   * (after any write of it queued before), the saved entry no session owns, and the entries
   * still waiting from earlier; each one gone is taken off the settings' waiting list.
   */
  private async removeSignedOut(s: Session | null, ownerless: string | null): Promise<void> {
    const before = this.removalFailure
    // With no keyring loaded at this start the store is not the keychain: an entry removed from it
    // says nothing of the keychain's entry of that name, whose name keeps waiting.
    const inKeychain = !this.noKeyring()
    const gone: string[] = []
    if (s?.keychainAccount && (await this.safeRemove(s.keychainAccount)) && inKeychain) gone.push(s.keychainAccount)
    if (ownerless !== null && ownerless !== s?.keychainAccount && inKeychain && (await this.safeRemove(ownerless)))
      gone.push(ownerless)
    this.saveSettings((current) => ({
      ...current,
      pendingKeychainRemovals: current.pendingKeychainRemovals?.filter((name) => !gone.includes(name)),
    }))
    await this.retryRemovals()
    if (this.removalFailure !== before && !this.disposed) this.announce()
  }

  /**
   * At start: the saved session, from settings and the keychain. Validated lazily by the first
   * request. Announced like any other change (a restarted demo by its sign-in).
   *
   * The keychain is read outside the sign-in queue (a locked keyring may take its time, and a
   * sign-in must not wait on it); what to do with it is decided in that queue, in turn with
   * sign-ins, and only if no sign-in landed and no sign-out happened since restore began: a newer
   * session is never replaced (nor its demo left running), nor its settings overwritten.
   */
  async restore(): Promise<AuthStatus> {
    const status = await this.restoreSaved()
    // Entries an earlier run could not remove (a keyring locked at sign-out) are tried at each start.
    const before = this.removalFailure
    await this.keychainWrites.run(() => this.retryRemovals())
    return this.removalFailure === before ? status : this.announce()
  }

  /** restore's reading and applying of the saved sign-in. */
  private async restoreSaved(): Promise<AuthStatus> {
    const generation = this.generation
    const saved = this.options.settings.read().session
    if (!saved) return this.announce()
    if (saved.kind === 'demo') {
      return this.signIns.run(async () => {
        // Closing meanwhile, or a newer sign-in: no demo to start.
        if (this.disposed || generation !== this.generation) return this.status()
        try {
          return await this.startDemoNow()
        } catch (error) {
          this.options.log?.(`demo restore failed: ${error instanceof Error ? error.message : String(error)}`)
          this.signedOutMessage = 'The demo could not be restarted. Start it again from the sign-in screen.'
          return this.announce()
        }
      })
    }
    return this.restoreFromKeychain(saved, generation, 0)
  }

  /**
   * Restore's keychain part: reads the saved entry, then applies what it found in the sign-in
   * queue. A read that fails is not an absence: the settings keep naming the entry, the user is
   * told, and the read is tried again later (see KEYCHAIN_RETRY_DELAYS_MS) unless a sign-in or a
   * sign-out happens first.
   */
  private async restoreFromKeychain(saved: SessionSettings, generation: number, attempt: number): Promise<AuthStatus> {
    const found = await this.readSavedSaying(saved, generation)
    return this.signIns.run(async () => {
      // Closing while the keychain answered: nothing to start, and the saved sign-in stays for next time.
      if (this.disposed) return this.status()
      if (generation !== this.generation) {
        // A newer sign-in (or a sign-out) replaced the saved session: its keychain entry goes, as
        // at any replacement, unless the new session saved its own under the same name (decided in
        // turn with the keychain writes: an account chosen meanwhile may be saving it). One the
        // keyring could not read goes too (or waits to, by name): nothing else would remove it.
        const superseded = 'refusal' in found ? null : saved.keychainAccount
        if (superseded) {
          await this.keychainWrites.run(async () => {
            if (superseded !== this.session?.keychainAccount && !this.keepWhileNamed(superseded))
              await this.forgetSaved(superseded)
          })
        }
        return this.status()
      }
      if ('unreadable' in found) {
        this.ownerlessSavedEntry = saved.keychainAccount
        return this.savedUnread(saved, generation, attempt)
      }
      this.ownerlessSavedEntry = null
      this.savedSignInNotice = null
      if ('refusal' in found) return this.refuseSaved(found.refusal)
      const account = saved.logins.find((login) => login.account.uuid === saved.accountUuid) ?? null
      const s = this.newSession(saved.kind, saved.baseUrl, found.credential, null)
      s.logins = saved.logins
      // Kept before addresses were saved: taken for this session's address, as their caches are.
      s.keptAccounts = saved.keptAccounts.map((login) => ({ ...login, baseUrl: login.baseUrl ?? saved.baseUrl }))
      s.account = account
      s.keychainAccount = saved.keychainAccount
      s.state = account ? 'signed-in' : 'choose-account'
      this.session = s
      this.replaced()
      return this.announce()
    })
  }

  /** readSaved, saying so on the sign-in screen when the keyring takes its time (an unlock prompt). */
  private async readSavedSaying(saved: SessionSettings, generation: number): Promise<SavedRead> {
    const slow = setTimeout(() => {
      if (this.disposed || generation !== this.generation) return
      this.savedSignInNotice = SAVED_READING_MESSAGE
      this.announce()
    }, KEYCHAIN_SLOW_MS)
    try {
      return await this.readSaved(saved)
    } finally {
      clearTimeout(slow)
    }
  }

  /**
   * The keyring could not give the saved sign-in: signed out for now, with the settings left as
   * they are (they name an entry that is most likely intact), said plainly, and tried again later.
   */
  private savedUnread(saved: SessionSettings, generation: number, attempt: number): AuthStatus {
    // A keyring that could not even be loaded will not answer before the next start.
    const delay = this.options.tokenStore.persistence === 'keychain' ? KEYCHAIN_RETRY_DELAYS_MS[attempt] : undefined
    this.savedSignInNotice = savedUnreadMessage(delay !== undefined)
    if (delay !== undefined) {
      this.savedSignInRetry = setTimeout(() => {
        this.savedSignInRetry = null
        this.restoreFromKeychain(saved, generation, attempt + 1).catch((error: unknown) =>
          this.options.log?.(`saved sign-in retry failed: ${error instanceof Error ? error.message : String(error)}`),
        )
      }, delay)
      this.savedSignInRetry.unref?.()
    }
    return this.announce()
  }

  /**
   * No keyring could be loaded at this start (the store fell back to memory and says why), as
   * opposed to a keychain, or a store kept in memory on purpose (the web shell, tests).
   */
  private noKeyring(): boolean {
    const store = this.options.tokenStore
    return store.persistence === 'memory' && store.unavailableReason !== null
  }

  /**
   * A sign-in landed, a saved one was restored, or the user signed out: whatever restore was still
   * doing or saying about the saved sign-in is over.
   */
  private replaced(): void {
    this.generation++
    this.savedSignInNotice = null
    if (this.savedSignInRetry) clearTimeout(this.savedSignInRetry)
    this.savedSignInRetry = null
  }

  /**
   * The saved sign-in's credential, checked against the saved address and the token URL, or why
   * it is not used. Reads the keychain only for an entry named for the saved address.
   */
  private async readSaved(saved: SessionSettings): Promise<SavedRead> {
    if (!safeApiUrl(saved.baseUrl)) {
      // A settings file edited to point at plain http must not receive the saved token.
      return {
        refusal: 'The saved Plannr address is not https://, so the saved sign-in was not used. Please sign in again.',
      }
    }
    // The settings file is not a secret: anything running as the user can edit it, and a synced or
    // restored profile folder can bring back another one. The keychain entry's name records the
    // host its token was issued for, so a token is only sent to the address it was saved for. The
    // entry itself stays: an edited file does not show that the token in it is wrong, and it may
    // be the one another copy of these settings still uses.
    const expectedEntry =
      saved.accountUuid === null ? null : keychainEntry(saved.kind, saved.baseUrl, saved.accountUuid)
    if (saved.keychainAccount !== null && saved.keychainAccount !== expectedEntry) {
      this.options.log?.('saved sign-in not restored: its keychain entry is for another address')
      return {
        refusal: 'The saved sign-in did not match its Plannr address, so it was not used. Please sign in again.',
      }
    }
    const lastSessionOnly =
      'Your sign-in was kept for the last session only (no system keyring saved it). Please sign in again.'
    // No keyring saved it: it was kept in memory, for that session only.
    if (!saved.keychainAccount) return { refusal: lastSessionOnly }
    // The keychain saved it at an earlier start, and keytar cannot be loaded at this one (a native
    // module left mismatched by an update, libsecret missing): the entry is most likely intact.
    if (this.noKeyring()) return { unreadable: true }
    const credential = await this.safeLoad(saved.keychainAccount)
    if (credential === 'unreadable') return { unreadable: true }
    // Only an entry the keychain says is not there is forgotten.
    if (!credential) return { refusal: 'Your saved sign-in was not found in the keychain. Please sign in again.' }
    // The token URL can come from the settings file too, and a refresh sends it the refresh token:
    // it must be the one that issued the saved tokens (see StoredCredential.tokenUrl).
    const tokenUrl = this.options.oauth?.tokenUrl
    if (saved.kind === 'oauth' && credential.refreshToken && tokenUrl !== undefined) {
      // An entry saved before the token URL was kept with the tokens can only vouch for the host
      // its name records: the token URL must be on the saved Plannr address, as by default.
      const issuer = credential.tokenUrl ?? (sameOrigin(tokenUrl, saved.baseUrl) ? tokenUrl : null)
      if (issuer !== tokenUrl) {
        this.options.log?.('saved sign-in not restored: its tokens were issued by another token URL')
        return {
          refusal:
            "The saved sign-in did not match the address of Plannr's sign-in server, so it was not used. Please sign in again.",
        }
      }
      return { credential: { ...credential, tokenUrl } }
    }
    return { credential }
  }

  /** Restore's refusal: signed out with `message`, and the saved session forgotten. */
  private refuseSaved(message: string): AuthStatus {
    this.signedOutMessage = message
    this.saveSettings((current) => ({ ...current, session: null }))
    return this.announce()
  }

  async dispose(): Promise<void> {
    this.disposed = true
    if (this.savedSignInRetry) clearTimeout(this.savedSignInRetry)
    this.savedSignInRetry = null
    this.oauthAttempt?.abort()
    const s = this.session
    this.session = null
    await this.dropHeldSignIn()
    if (s) await this.end(s, { removeEntry: false })
    // A sign-out's removal still queued lands before the app closes, when the keyring answers.
    await this.keychainWritesSettled()
  }

  private async signIn(
    kind: Kind,
    baseUrl: string,
    credential: StoredCredential,
    demo: DemoServer | null,
  ): Promise<AuthStatus> {
    // A new sign-in supersedes one held for the user's answer.
    await this.dropHeldSignIn()
    const generation = this.generation
    const previous = this.session
    const candidate = this.newSession(kind, new URL(baseUrl).toString().replace(/\/$/, ''), credential, demo)
    let logins: Logins
    try {
      logins = await candidate.api.logins({ signal: candidate.abort.signal })
    } catch (error) {
      discard(candidate)
      if (error instanceof AppError && error.kind === 'unauthenticated') {
        throw new AppError({
          ...error.data,
          message:
            kind === 'pat'
              ? 'Plannr did not accept this personal access token. Check it and try again.'
              : 'Plannr did not accept this sign-in.',
        })
      }
      throw error
    }
    if (generation !== this.generation) {
      discard(candidate)
      throw new AppError({ kind: 'cancelled', message: 'You signed out while signing in.' })
    }
    if (logins.logins.length === 0) {
      discard(candidate)
      throw new AppError({ kind: 'forbidden', message: 'This sign-in has no Plannr logins to use.' })
    }
    const previousAccount =
      previous && previous.baseUrl === candidate.baseUrl ? (previous.account?.account.uuid ?? null) : null
    const choice = chooseAccount(logins, previousAccount)
    candidate.logins = logins.logins
    candidate.preferredAccountUuid = logins.preferredAccountUuid
    if ('chosen' in choice) {
      candidate.account = choice.chosen
      candidate.state = 'signed-in'
    } else {
      candidate.state = 'choose-account'
    }
    // The demo is not another user: its changes only ever go to its own sandbox, which ends with
    // it, so nothing is held for it either way, and neither side keeps the other's caches (the
    // demo's Sign out would delete a real firm's cache, and a real sign-in would count the demo's
    // changes as waiting to reach Plannr).
    const demoInvolved = previous?.kind === 'demo' || candidate.kind === 'demo'
    candidate.keptAccounts = previous && !demoInvolved ? accountsLeftBehind(previous, candidate) : []
    if (previous && !demoInvolved && ownLogins(previous).some((login) => !reaches(candidate, login))) {
      // Another Plannr user's sign-in, or a sign-in at another Plannr address: accounts of the
      // sign-in in use would be left with their queues unsendable. Nothing changes until the
      // user, told what waits there, says to go on.
      this.held = { candidate, replaces: previous, unreachable: candidate.keptAccounts }
      return this.announce()
    }
    return this.replaceWith(candidate)
  }

  /** The new session replaces the old one, whose keychain entry goes unless it is reused. */
  private async replaceWith(candidate: Session): Promise<AuthStatus> {
    const previous = this.session
    this.session = candidate
    this.replaced()
    this.signedOutMessage = null
    if (previous) await this.end(previous, { removeEntry: true, keep: candidate })
    await this.persist(candidate)
    // In the write queue: an account chosen meanwhile saves its entry after this, not before.
    await this.keychainWrites.run(() => this.retryRemovals())
    return this.announce()
  }

  private async dropHeldSignIn(): Promise<void> {
    const held = this.held
    this.held = null
    if (held) await dropHeld(held.candidate)
  }

  /** The status now, pushed as the `auth` event too (see `onChange`). */
  private announce(): AuthStatus {
    const status = this.status()
    this.options.onChange(status)
    return status
  }

  private newSession(kind: Kind, baseUrl: string, credential: StoredCredential, demo: DemoServer | null): Session {
    const session: Session = {
      kind,
      baseUrl,
      credential,
      logins: [],
      keptAccounts: [],
      preferredAccountUuid: null,
      account: null,
      state: 'validating',
      message: null,
      keychainAccount: null,
      abort: new AbortController(),
      refreshing: null,
      forgotten: false,
      demo,
      demoRun: demo ? randomUUID() : null,
      scope: null,
      api: undefined as unknown as PlannrEndpoints,
      closeApi: () => {},
    }
    const { api, close } = this.options.createApi(baseUrl, this.credentialsFor(session), () =>
      this.speaksForApp(session),
    )
    session.api = api
    session.closeApi = close
    return session
  }

  /**
   * Whether a session's requests tell about the Plannr the app is using: the session in use, or,
   * while none is, the sign-in being tried. Not a sign-in tried beside the one in use (still
   * validating, held for the user's answer, or at a mistyped address): its failure must not show
   * the app as offline while the Plannr in use answers, nor its server's Date set Plannr's clock.
   */
  private speaksForApp(s: Session): boolean {
    return this.session === null || this.session === s
  }

  /** The Http layer's view of a session. Bound to that session: a stale 401 cannot touch a newer one. */
  private credentialsFor(s: Session): Credentials {
    return {
      accessToken: async () => {
        if (s.abort.signal.aborted)
          throw new AppError({ kind: 'cancelled', message: 'You signed out; the request was cancelled.' })
        if (s.state === 'reauth-required') throw reauthError(s)
        const { expiresAt, refreshToken } = s.credential
        if (
          s.kind === 'oauth' &&
          refreshToken &&
          expiresAt !== undefined &&
          expiresAt - Date.now() <= this.options.refreshMarginMs
        ) {
          const outcome = await this.refresh(s)
          // Refused: the grant is dead and the session now asks for a sign-in; its token is not sent.
          if (outcome === 'refused' && asksForSignIn(s)) throw reauthError(s)
          // Not renewed for now: the current token serves while it may still be valid.
          if (outcome instanceof AppError && (s.credential.expiresAt ?? 0) <= Date.now()) throw outcome
        }
        return s.credential.accessToken
      },
      accountUuid: () => s.account?.account.uuid ?? null,
      unauthenticated: async (refused) => {
        if (s.state === 'validating' || s !== this.session) return false
        // Another request already renewed the token: just try again with the new one.
        if (s.credential.accessToken !== refused) return true
        if (s.kind === 'oauth' && s.credential.refreshToken) {
          const outcome = await this.refresh(s)
          if (outcome === 'renewed') return true
          // Plannr refused this token and the sign-in server cannot renew it just now: a wait,
          // not a lost sign-in (the grant was not refused), so the call fails as one.
          if (outcome instanceof AppError) throw outcome
        }
        this.requireReauth(s)
        return false
      },
    }
  }

  /**
   * One refresh at a time per session. Resolves 'renewed' when a new access token is in place,
   * 'refused' when Plannr refused the grant (the user must sign in again, already announced), or
   * a transient error when the sign-in server could not renew it just now (offline, a 5xx, an
   * answer it does not understand): the grant may be fine, so the caller waits and tries again.
   */
  private refresh(s: Session): Promise<RefreshOutcome> {
    s.refreshing ??= (async (): Promise<RefreshOutcome> => {
      const config = this.options.oauth
      const refreshToken = s.credential.refreshToken
      // Only to the token URL that issued the refresh token (restore and sign-in make sure of it).
      if (!config || !refreshToken || !safeApiUrl(config.tokenUrl) || s.credential.tokenUrl !== config.tokenUrl)
        return 'refused'
      try {
        const tokens = await refreshTokens(config, refreshToken, { signal: s.abort.signal, fetch: this.options.fetch })
        s.credential = toCredential({ ...tokens, refreshToken: tokens.refreshToken ?? refreshToken }, config.tokenUrl)
        // Usable from now on; the keychain catches up behind (an unlock prompt must not hold every call).
        this.saveRenewed(s)
        this.options.log?.('OAuth access token refreshed')
        // Plannr takes this sign-in after all (a request that left before a refusal renewed it):
        // the session is usable again, and says so.
        if (s.state === 'reauth-required' && s === this.session) {
          s.state = s.account ? 'signed-in' : 'choose-account'
          s.message = null
          this.announce()
        }
        return 'renewed'
      } catch (error) {
        if (isRejectedGrant(error)) {
          this.requireReauth(s)
          return 'refused'
        }
        return renewalUnavailable(error)
      } finally {
        s.refreshing = null
      }
    })()
    return s.refreshing
  }

  /**
   * Queues the keychain write of a refresh's new tokens, not waiting for it: a keyring that takes
   * its time (an unlock prompt nobody has answered) must not hold the calls waiting on the renewed
   * token, nor their timeouts, which start only once the token is there. In the write queue,
   * the write keeps its order with the other writes: an account choice asked earlier lands first,
   * and a removal asked later (sign-out, a replacing sign-in) runs after it, so what sign-out
   * removes stays removed. A keyring that refuses is said in the status, as at sign-in; the entry
   * keeps its name, so the next refresh writes to it again and sign-out still removes it.
   */
  private saveRenewed(s: Session): void {
    void this.keychainWrites.run(async () => {
      // The entry as it is now, after any account choice queued before: it gets the newest tokens.
      if (s.forgotten || !s.keychainAccount) return
      const failureBefore = this.keyringFailure
      await this.safeSave(s.keychainAccount, s.credential)
      if (this.keyringFailure !== failureBefore && s === this.session) this.announce()
    })
  }

  private requireReauth(s: Session): void {
    if (s.state === 'reauth-required' || s !== this.session) return
    s.state = 'reauth-required'
    s.message = REAUTH_MESSAGE
    this.options.log?.('sign-in refused by Plannr: re-authentication required')
    this.announce()
  }

  /** Saves the session as it is when the write's turn comes: its account, entry and newest tokens. */
  private persist(s: Session): Promise<void> {
    return this.keychainWrites.run(async () => {
      if (s.forgotten || s.state !== 'signed-in' || !s.account) return
      const account = s.account
      const keychainAccount = keychainEntry(s.kind, s.baseUrl, account.account.uuid)
      if (s.keychainAccount && s.keychainAccount !== keychainAccount) await this.safeRemove(s.keychainAccount)
      s.keychainAccount =
        keychainAccount && (await this.safeSave(keychainAccount, s.credential)) ? keychainAccount : null
      // Not named when no keyring could be loaded (the store keeps it for this run alone): an
      // entry named here is one a later start must find, or say it could not read.
      const named = this.noKeyring() ? null : s.keychainAccount
      if (s.forgotten) {
        // Signed out while the keyring saved it: the sign-out's removal, queued behind, takes it
        // (and a quit before that leaves it to the next start), and the settings stay signed out.
        if (named) this.removeLater(named)
        return
      }
      await this.forgetOwnerlessSaved(named)
      const session: SessionSettings = {
        kind: s.kind,
        baseUrl: s.baseUrl,
        keychainAccount: named,
        accountUuid: account.account.uuid,
        logins: s.logins,
        keptAccounts: s.keptAccounts,
      }
      this.saveSettings((current) => ({
        ...current,
        session,
        // Saved anew under a name that was waiting to be removed: it is this session's entry now.
        pendingKeychainRemovals: current.pendingKeychainRemovals?.filter((name) => name !== named),
      }))
    })
  }

  /**
   * Writes the settings file. A write the disk refuses (full, read-only, a rename Windows refuses)
   * does not undo nor fail what already changed in memory, which the caller still announces: the
   * window would otherwise show another account, or hang signing out, than main has. The user is
   * told instead, in the keyring notice, until a write succeeds.
   */
  private saveSettings(change: (current: Settings) => Settings): boolean {
    try {
      this.options.settings.update(change)
      this.settingsFailure = null
      return true
    } catch (error) {
      this.options.log?.(`settings write failed: ${error instanceof Error ? error.message : String(error)}`)
      this.settingsFailure = SETTINGS_UNSAVED_MESSAGE
      return false
    }
  }

  /**
   * The scope of the session's current account, made when the account is first used and
   * replaced (the old one aborted) when the account changes.
   */
  private scopeOf(s: Session): AccountScope | null {
    const uuid = s.state === 'signed-in' || s.state === 'reauth-required' ? (s.account?.account.uuid ?? null) : null
    if (s.scope && s.scope.accountUuid === uuid) return s.scope
    s.scope?.abort.abort()
    s.scope = uuid ? { accountUuid: uuid, abort: new AbortController() } : null
    return s.scope
  }

  private async end(s: Session, options: { removeEntry: boolean; keep?: Session }): Promise<void> {
    if (options.removeEntry) stop(s)
    else discard(s)
    // Writes already queued land first (closing the app keeps a refresh's new tokens); a session
    // that is signed out or replaced writes nothing more once its entry is removed.
    await this.keychainWrites.run(async () => {
      if (s.forgotten && s.keychainAccount && s.keychainAccount !== options.keep?.keychainAccount) {
        if (!this.keepWhileNamed(s.keychainAccount)) await this.safeRemove(s.keychainAccount)
      }
    })
    if (s.demo && s.demo !== options.keep?.demo) await s.demo.stop()
  }

  /**
   * Saves to the keyring; when it refuses (locked, full, gone), the sign-in stays in memory for
   * this session and the status says so in plain words instead of failing the sign-in.
   */
  private async safeSave(account: string, credential: StoredCredential): Promise<boolean> {
    try {
      await this.options.tokenStore.save(account, credential)
      this.keyringFailure = null
      return true
    } catch (error) {
      this.options.log?.(`keychain write failed: ${error instanceof Error ? error.message : String(error)}`)
      this.keyringFailure =
        'The system keyring did not save your sign-in, so you stay signed in only until you close the app. ' +
        'Unlock or repair the keyring (GNOME Keyring, KWallet, Keychain, Credential Manager) to stay signed in.'
      return false
    }
  }

  /** The entry, null when the keychain says there is none, or 'unreadable' when it could not be read. */
  private async safeLoad(account: string): Promise<StoredCredential | null | 'unreadable'> {
    try {
      return await this.options.tokenStore.load(account)
    } catch (error) {
      this.options.log?.(`keychain read failed: ${error instanceof Error ? error.message : String(error)}`)
      return 'unreadable'
    }
  }

  /**
   * Removes an entry. One the keyring refuses to delete (locked) is not forgotten: its name is
   * kept in the settings and its removal tried again later (see retryRemovals), and the user is
   * told, since a saved token that outlives its sign-out is what sign-out promises never happens.
   */
  private async safeRemove(account: string): Promise<boolean> {
    try {
      await this.options.tokenStore.remove(account)
      return true
    } catch (error) {
      this.options.log?.(`keychain delete failed: ${error instanceof Error ? error.message : String(error)}`)
      this.removalFailure = REMOVAL_FAILED_MESSAGE
      this.removeLater(account)
      return false
    }
  }

  /**
   * Removes an entry the settings named at an earlier run and this run did not load. With no
   * keyring loaded at this start, the store in use is not the keychain that holds it: only its
   * name is kept, for a start that has one.
   */
  private async forgetSaved(account: string): Promise<void> {
    if (this.noKeyring()) this.removeLater(account)
    else await this.safeRemove(account)
  }

  /**
   * Keeps an entry no session owns any more while the settings still name it, as the saved entry
   * no session owns: nothing has taken its place there yet (a sign-in waiting in the account picker
   * saves nothing until an account is chosen), so a quit now restores it at the next start rather
   * than finding the entry the settings name gone. The sign-in or sign-out that takes its place in
   * the settings removes it. False when the settings name another entry: it goes now.
   */
  private keepWhileNamed(name: string): boolean {
    if (this.options.settings.read().session?.keychainAccount !== name) return false
    if (this.ownerlessSavedEntry !== null && this.ownerlessSavedEntry !== name) return false
    this.ownerlessSavedEntry = name
    return true
  }

  /** The saved entry no session owns, unless it is `keep`: its place in the settings is taken. */
  private async forgetOwnerlessSaved(keep: string | null): Promise<void> {
    const ownerless = this.ownerlessSavedEntry
    this.ownerlessSavedEntry = null
    if (ownerless !== null && ownerless !== keep) await this.forgetSaved(ownerless)
  }

  private removeLater(account: string): void {
    this.saveSettings((current) => {
      const pending = current.pendingKeychainRemovals ?? []
      return pending.includes(account) ? current : { ...current, pendingKeychainRemovals: [...pending, account] }
    })
  }

  /**
   * Tries again to remove the entries waiting for it, while the keychain answers. Runs in the write
   * queue, so what is in use cannot change under it: an entry in use (the session's, the one the
   * settings name) is skipped, and a session that saves under a name removed here saves after it.
   */
  private async retryRemovals(): Promise<void> {
    const store = this.options.tokenStore
    if (this.disposed || this.noKeyring() || store.unavailableReason !== null) return
    const settings = this.options.settings.read()
    const inUse = [this.session?.keychainAccount, settings.session?.keychainAccount]
    const waiting = (settings.pendingKeychainRemovals ?? []).filter((name) => !inUse.includes(name))
    if (waiting.length === 0) {
      // Nothing left behind, as far as settings that could be written say.
      if (this.settingsFailure === null) this.removalFailure = null
      return
    }
    const removed: string[] = []
    let failed = false
    for (const name of waiting) {
      if (this.disposed) break
      try {
        await store.remove(name)
        removed.push(name)
      } catch (error) {
        this.options.log?.(`keychain delete failed again: ${error instanceof Error ? error.message : String(error)}`)
        failed = true
      }
    }
    this.removalFailure = failed ? REMOVAL_FAILED_MESSAGE : null
    this.saveSettings((current) => ({
      ...current,
      pendingKeychainRemovals: current.pendingKeychainRemovals?.filter((name) => !removed.includes(name)),
    }))
  }
}

/**
 * A refresh that failed without Plannr refusing the grant, as the call waiting on it fails: a
 * transient error (the engines wait and try again), never an 'oauth' one, which would pause them
 * for a sign-in nobody asks the user for.
 */
function renewalUnavailable(error: unknown): AppError {
  if (error instanceof AppError && error.data.status === 429) {
    // The sign-in server asked to slow down: a wait as long as it asked, like an API 429.
    return new AppError({
      kind: 'rate-limited',
      message:
        "Plannr's sign-in server asked us to slow down, so the sign-in could not be renewed just now. Waiting before trying again.",
      ...(error.data.retryAfterMs !== undefined ? { retryAfterMs: error.data.retryAfterMs } : {}),
    })
  }
  const why = error instanceof AppError ? ` ${error.message}` : ''
  return new AppError({
    kind: 'network',
    message: `Plannr's sign-in could not be renewed just now.${why} The app will try again.`,
  })
}

/** A candidate session that did not become the session: its requests stop, its API client goes. */
function discard(s: Session): void {
  s.abort.abort()
  s.scope?.abort.abort()
  s.closeApi()
}

/**
 * A session signed out or replaced: discarded, and forgotten, so that no write of it asked before
 * (a refresh's new tokens, an account choice) saves its entry again once it is removed.
 */
function stop(s: Session): void {
  discard(s)
  s.forgotten = true
}

/** A held sign-in the user did not go on with: it goes like a discarded one, its demo sandbox too. */
async function dropHeld(candidate: Session): Promise<void> {
  discard(candidate)
  await candidate.demo?.stop()
}

/**
 * The accounts of `previous` (its logins, and those it kept itself) that `next` has no login for
 * at their address: each one's cache and queue stay on this computer, and only a sign-in with a
 * login for it there could send them. By address and account uuid, as the renderer finds a cache:
 * a firm's staging copy of Plannr has production's account uuids, and is another place.
 */
function accountsLeftBehind(previous: Session, next: Session): LoginAt[] {
  const left = new Map<string, LoginAt>()
  for (const login of [...previous.keptAccounts, ...ownLogins(previous)]) {
    if (!reaches(next, login)) left.set(`${login.baseUrl} ${login.account.uuid.toLowerCase()}`, login)
  }
  return [...left.values()]
}

/** A session's own logins, with its address. */
function ownLogins(s: Session): LoginAt[] {
  return s.logins.map((login) => ({ ...login, baseUrl: s.baseUrl }))
}

/** Whether `s` has a login for that account at that address (so it can send what waits there). */
function reaches(s: Session, login: LoginAt): boolean {
  const uuid = login.account.uuid.toLowerCase()
  return login.baseUrl === s.baseUrl && s.logins.some((own) => own.account.uuid.toLowerCase() === uuid)
}

/** Read through a call: the refresh awaited before it may have changed the state checked earlier. */
function asksForSignIn(s: Session): boolean {
  return s.state === 'reauth-required'
}

/** What a call of a session that needs a new sign-in fails with (nothing is sent). */
function reauthError(s: Session): AppError {
  return new AppError({ kind: 'unauthenticated', message: s.message ?? REAUTH_MESSAGE })
}

/**
 * The keychain entry a session's token is saved under (none for the demo, whose token is made
 * anew at each start). It names the host the token was issued for: restore uses a saved token
 * only when the settings file still names the entry this function gives for its address.
 */
function keychainEntry(kind: Kind, baseUrl: string, accountUuid: string): string | null {
  return kind === 'demo' ? null : `${kind}:${new URL(baseUrl).host}:${accountUuid}`
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin
  } catch {
    return false
  }
}

function safeApiUrl(raw: string): boolean {
  try {
    const url = new URL(raw)
    if (url.username !== '' || url.password !== '') return false
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    )
  } catch {
    return false
  }
}
