import { z } from 'zod'
import { registerSecret } from '../log/redact'

/** The service name every keychain entry of this app is filed under. */
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
  /** 'keychain' when secrets persist in the OS keychain, 'memory' when they last for this session only. */
  readonly persistence: 'keychain' | 'memory'
  /** Why the keychain is not used, in plain words, when persistence is 'memory'. */
  readonly unavailableReason: string | null
  save(login: string, credential: StoredCredential): Promise<void>
  load(login: string): Promise<StoredCredential | null>
  remove(login: string): Promise<void>
  logins(): Promise<string[]>
}

/** Secrets live in the OS keychain via keytar: one entry per signed-in login. */
export class KeychainTokenStore implements TokenStore {
  readonly persistence = 'keychain' as const
  readonly unavailableReason = null
  constructor(
    private readonly keytar: KeytarLike,
    private readonly service = KEYCHAIN_SERVICE,
  ) {}

  async save(login: string, credential: StoredCredential): Promise<void> {
    const value = StoredCredential.parse(credential)
    registerSecret(value.accessToken)
    if (value.refreshToken) registerSecret(value.refreshToken)
    await this.keytar.setPassword(this.service, login, JSON.stringify(value))
  }

  async load(login: string): Promise<StoredCredential | null> {
    const raw = await this.keytar.getPassword(this.service, login)
    if (raw === null) return null
    const parsed = StoredCredential.safeParse(safeJson(raw))
    if (!parsed.success) return null
    registerSecret(parsed.data.accessToken)
    if (parsed.data.refreshToken) registerSecret(parsed.data.refreshToken)
    return parsed.data
  }

  async remove(login: string): Promise<void> {
    await this.keytar.deletePassword(this.service, login)
  }

  async logins(): Promise<string[]> {
    return (await this.keytar.findCredentials(this.service)).map((entry) => entry.account)
  }
}

/**
 * Used when no OS keyring can be reached: tokens last for this session only and are never
 * written to disk. The UI shows `unavailableReason` so the user knows they will sign in again.
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

/**
 * Opens the OS keychain, checking it really answers (on Linux keytar loads fine but every call
 * fails when no Secret Service is running). Falls back to memory with a plain-words reason.
 */
export async function openTokenStore(
  loadKeytar: () => Promise<KeytarLike> = defaultKeytar,
  service = KEYCHAIN_SERVICE,
): Promise<TokenStore> {
  try {
    const keytar = await loadKeytar()
    await keytar.findCredentials(service)
    return new KeychainTokenStore(keytar, service)
  } catch {
    return new MemoryTokenStore(NO_KEYRING_MESSAGE)
  }
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
