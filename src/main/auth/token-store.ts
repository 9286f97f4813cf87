import { z } from 'zod'
import { TaskQueue } from '../../shared/task-queue'
import { registerSecret } from '../log/redact'

/** The service name every keychain entry of the desktop app is filed under (the web shell has its own). */
const KEYCHAIN_SERVICE = 'Plannr Desktop'

export const StoredCredential = z.object({
  kind: z.enum(['pat', 'oauth', 'demo']),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  /** Epoch milliseconds at which the access token expires (OAuth only). */
  expiresAt: z.number().int().optional(),
  /**
   * OAuth only: the token URL that issued these tokens. Kept here, in the keychain, rather than
   * in the settings file, which anything running as the user can edit: the refresh token is sent
   * to this URL and nowhere else. Absent in entries saved before it was kept.
   */
  tokenUrl: z.string().optional(),
})
export type StoredCredential = z.infer<typeof StoredCredential>

/** The subset of keytar this module uses, so tests can hand in a failing implementation. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>
}

export interface TokenStore {
  /**
   * 'keychain' when secrets go to the OS keychain, 'memory' when they last for this session only
   * (no keyring could be loaded at all).
   */
  readonly persistence: 'keychain' | 'memory'
  /**
   * Why secrets cannot be kept in the keychain right now, in plain words; null while it answers.
   * A keychain that is slow or fails once can answer later: see onAvailabilityChange.
   */
  readonly unavailableReason: string | null
  save(login: string, credential: StoredCredential): Promise<void>
  /**
   * The entry, or null when there is none. Rejects when the keychain could not be read (an error,
   * a locked keyring, no keyring to read from): that says nothing about whether the entry exists.
   */
  load(login: string): Promise<StoredCredential | null>
  remove(login: string): Promise<void>
  logins(): Promise<string[]>
  /** Calls `listener` whenever unavailableReason changes (a keyring that answers late, or stops answering). */
  onAvailabilityChange?(listener: () => void): void
}

const NOT_ANSWERING_MESSAGE =
  'No system keyring is answering, so Plannr Desktop cannot keep your sign-in securely for now: a sign-in ' +
  'lasts until you close the app. On Linux, install and unlock GNOME Keyring or KWallet.'

const NOT_ANSWERED_YET_MESSAGE =
  'The system keyring has not answered yet. If it is asking for your password, unlock it: ' +
  'Plannr Desktop goes on as soon as it answers.'

/**
 * Every keytar call of the process, one at a time: keytar runs each on a worker thread, and
 * libsecret calls overlapping on two threads can abort the process (seen with a start-up check
 * still waiting on an unlock prompt when the saved sign-in is read).
 */
const keytarCalls = new TaskQueue()

/**
 * Secrets live in the OS keychain via keytar: one entry per signed-in login. Whether the keychain
 * answers is followed call by call rather than decided once: a keyring that is slow to start, or
 * fails one call, is used again as soon as it answers.
 */
export class KeychainTokenStore implements TokenStore {
  readonly persistence = 'keychain' as const
  private reason: string | null = null
  /** Set once any keytar call has settled: from then on, the calls themselves say whether it answers. */
  private settled = false
  private readonly listeners = new Set<() => void>()
  constructor(
    private readonly keytar: KeytarLike,
    private readonly service = KEYCHAIN_SERVICE,
  ) {}

  get unavailableReason(): string | null {
    return this.reason
  }

  onAvailabilityChange(listener: () => void): void {
    this.listeners.add(listener)
  }

  /** The start-up check is still waiting: said so, unless a call has answered meanwhile. */
  markNotAnsweredYet(): void {
    if (!this.settled) this.setReason(NOT_ANSWERED_YET_MESSAGE)
  }

  async save(login: string, credential: StoredCredential): Promise<void> {
    const value = StoredCredential.parse(credential)
    registerSecret(value.accessToken)
    if (value.refreshToken) registerSecret(value.refreshToken)
    await this.call(() => this.keytar.setPassword(this.service, login, JSON.stringify(value)))
  }

  async load(login: string): Promise<StoredCredential | null> {
    const raw = await this.call(() => this.keytar.getPassword(this.service, login))
    if (raw === null) return null
    const parsed = StoredCredential.safeParse(safeJson(raw))
    if (!parsed.success) return null
    registerSecret(parsed.data.accessToken)
    if (parsed.data.refreshToken) registerSecret(parsed.data.refreshToken)
    return parsed.data
  }

  async remove(login: string): Promise<void> {
    await this.call(() => this.keytar.deletePassword(this.service, login))
  }

  async logins(): Promise<string[]> {
    return (await this.call(() => this.keytar.findCredentials(this.service))).map((entry) => entry.account)
  }

  /** Runs a keytar call in turn with the others and records whether the keychain answered. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await keytarCalls.run(operation)
      this.settled = true
      this.setReason(null)
      return result
    } catch (error) {
      this.settled = true
      this.setReason(NOT_ANSWERING_MESSAGE)
      throw error
    }
  }

  private setReason(reason: string | null): void {
    if (reason === this.reason) return
    this.reason = reason
    for (const listener of this.listeners) listener()
  }
}

/**
 * Used when no OS keyring can be loaded: tokens last for this session only and are never written
 * to disk. The UI shows `unavailableReason` so the user knows they will sign in again.
 */
export class MemoryTokenStore implements TokenStore {
  readonly persistence = 'memory' as const
  private readonly entries = new Map<string, StoredCredential>()
  constructor(readonly unavailableReason: string | null) {}

  async save(login: string, credential: StoredCredential): Promise<void> {
    const value = StoredCredential.parse(credential)
    registerSecret(value.accessToken)
    if (value.refreshToken) registerSecret(value.refreshToken)
    this.entries.set(login, value)
  }
  async load(login: string): Promise<StoredCredential | null> {
    return this.entries.get(login) ?? null
  }
  async remove(login: string): Promise<void> {
    this.entries.delete(login)
  }
  async logins(): Promise<string[]> {
    return [...this.entries.keys()]
  }
}

const NO_KEYRING_MESSAGE =
  'No system keyring is available, so Plannr Desktop cannot store your sign-in securely. ' +
  'You will stay signed in until you close the app. On Linux, install and unlock GNOME Keyring or KWallet.'

/** How long the start waits for the keychain's first answer (the window opens after it). */
export const KEYCHAIN_PROBE_TIMEOUT_MS = 2_000

/**
 * Opens the OS keychain and checks it answers (on Linux keytar loads fine but every call fails
 * when no Secret Service is running), so the status is right from the first screen. The check is
 * bounded: an unlock prompt left open holds the start (and the window) for `probeTimeoutMs` at
 * most, after which the store says the keyring has not answered yet and goes on waiting for it. A
 * keyring that fails the check is still the one used: its next answer counts. Memory only, with
 * a plain-words reason, when keytar itself cannot be loaded.
 */
export async function openTokenStore(
  loadKeytar: () => Promise<KeytarLike> = defaultKeytar,
  service = KEYCHAIN_SERVICE,
  options: { probeTimeoutMs?: number } = {},
): Promise<TokenStore> {
  let keytar: KeytarLike
  try {
    keytar = await loadKeytar()
  } catch {
    return new MemoryTokenStore(NO_KEYRING_MESSAGE)
  }
  const store = new KeychainTokenStore(keytar, service)
  let timer: ReturnType<typeof setTimeout> | undefined
  const answered = store.logins().then(
    () => true,
    () => true,
  )
  const waited = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), options.probeTimeoutMs ?? KEYCHAIN_PROBE_TIMEOUT_MS)
  })
  const inTime = await Promise.race([answered, waited])
  clearTimeout(timer)
  if (!inTime) store.markNotAnsweredYet()
  return store
}

async function defaultKeytar(): Promise<KeytarLike> {
  const module = (await import('keytar')) as unknown as { default?: KeytarLike } & KeytarLike
  return module.default ?? module
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return null
  }
}
