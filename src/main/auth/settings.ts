import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { Login } from '../../shared/plannr/models'

/**
 * Non-secret sign-in settings in the data folder: which API, which kind of sign-in, which
 * keychain entry and which account. Tokens never go here — they live in the keychain only.
 * The cached logins let the app show who is signed in at start without a network call.
 */
export const SessionSettings = z.object({
  kind: z.enum(['pat', 'oauth', 'demo']),
  baseUrl: z.string(),
  /** The keychain entry's account name (null for demo: its token is recreated each start). */
  keychainAccount: z.string().nullable(),
  accountUuid: z.string().nullable(),
  logins: z.array(Login),
  /**
   * Earlier sign-ins' accounts whose caches stay with this one (AuthStatus.keptAccounts), each
   * with its Plannr address; settings saved before addresses were kept have none (restore reads
   * those as this session's address, the one their caches were made for as far as anyone knows).
   */
  keptAccounts: z.array(Login.extend({ baseUrl: z.string().optional() })).default([]),
})
export type SessionSettings = z.infer<typeof SessionSettings>

export const Settings = z.object({
  version: z.literal(1),
  session: SessionSettings.nullable(),
  /** Optional OAuth overrides (environment variables win). */
  oauth: z
    .object({
      authorizeUrl: z.string().optional(),
      tokenUrl: z.string().optional(),
      clientId: z.string().optional(),
      scope: z.string().optional(),
    })
    .optional(),
  baseUrl: z.string().optional(),
  /**
   * Names (never secrets) of keychain entries that should be gone but are not yet: the keyring
   * refused to delete them (locked), or could not be loaded at all. Removed at a later start,
   * sign-in or sign-out; a sign-in that saves an entry under one of these names takes it off.
   */
  pendingKeychainRemovals: z.array(z.string()).optional(),
})
export type Settings = z.infer<typeof Settings>

const EMPTY: Settings = { version: 1, session: null }

export class SettingsFile {
  readonly path: string
  constructor(dataDir: string) {
    this.path = join(dataDir, 'plannr-settings.json')
  }

  read(): Settings {
    try {
      const parsed = Settings.safeParse(JSON.parse(readFileSync(this.path, 'utf8')))
      return parsed.success ? parsed.data : EMPTY
    } catch {
      return EMPTY
    }
  }

  /** Write-then-rename, so a crash mid-write leaves the old file, not half a file. */
  write(settings: Settings): void {
    const value = Settings.parse(settings)
    mkdirSync(dirname(this.path), { recursive: true })
    const temp = `${this.path}.${process.pid}.tmp`
    try {
      writeFileSync(temp, JSON.stringify(value, null, 2), { mode: 0o600 })
      renameSync(temp, this.path)
    } catch (error) {
      // A write the disk refused leaves no half-written file behind beside the settings.
      rmSync(temp, { force: true })
      throw error
    }
  }

  update(change: (current: Settings) => Settings): void {
    this.write(change(this.read()))
  }
}
