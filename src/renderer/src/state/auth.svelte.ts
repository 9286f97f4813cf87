import type { AuthStatus } from '../../../shared/ipc/contract'
import type { PlannrApi } from '../../../shared/ipc/plannr-api'
import { describeError, fieldErrorsOf } from '../lib/error-text'
import { unwrap } from '../lib/ipc'

export type AuthAction = 'token' | 'oauth' | 'demo' | 'account' | 'signout'

/** Sign-in state for the whole renderer: what main says, what is in progress, what went wrong. */
export class AuthState {
  status = $state<AuthStatus | null>(null)
  busy = $state<AuthAction | null>(null)
  error = $state<string | null>(null)
  fieldErrors = $state<Record<string, string[]>>({})
  private cancelling = false
  readonly signedIn = $derived(this.status?.state === 'signed-in' || this.status?.state === 'reauth-required')

  constructor(private readonly api: PlannrApi) {}

  /** Loads the current status and follows main's `auth` events (e.g. a 401 asking to sign in again). */
  async init(): Promise<() => void> {
    const unsubscribe = this.api.events.auth((status) => {
      this.status = status
    })
    await this.run(null, () => this.api.auth.status())
    return unsubscribe
  }

  signInWithToken(token: string, baseUrl?: string): Promise<void> {
    return this.run('token', () => this.api.auth.signInWithToken(baseUrl ? { token, baseUrl } : { token }))
  }
  signInWithOAuth(): Promise<void> {
    this.cancelling = false
    return this.run('oauth', () => this.api.auth.beginOAuth())
  }
  /** Stops waiting for the browser; the attempt ends without an error message (the user chose it). */
  async cancelOAuth(): Promise<void> {
    if (this.busy !== 'oauth') return
    this.cancelling = true
    await unwrap(this.api.auth.cancelOAuth()).catch(() => {})
  }
  startDemo(): Promise<void> {
    return this.run('demo', () => this.api.auth.startDemo())
  }
  chooseAccount(accountUuid: string): Promise<void> {
    return this.run('account', () => this.api.auth.chooseAccount({ accountUuid }))
  }
  signOut(): Promise<void> {
    return this.run('signout', () => this.api.auth.signOut())
  }
  /** Goes on with a sign-in main held because it cannot reach accounts in use (status.pendingSignIn). */
  confirmSignIn(): Promise<void> {
    return this.run('account', () => this.api.auth.confirmSignIn())
  }
  /** Drops that held sign-in: the one in use stays. */
  cancelSignIn(): Promise<void> {
    return this.run(null, () => this.api.auth.cancelSignIn())
  }

  /** Forgets what went wrong last time, once the user starts correcting it. */
  clearError(): void {
    if (this.busy !== null) return
    this.error = null
    this.fieldErrors = {}
  }

  private async run(action: AuthAction | null, call: () => ReturnType<PlannrApi['auth']['status']>): Promise<void> {
    this.busy = action
    this.error = null
    this.fieldErrors = {}
    try {
      this.status = await unwrap(call())
    } catch (error) {
      if (!(action === 'oauth' && this.cancelling)) {
        this.error = describeError(error)
        this.fieldErrors = fieldErrorsOf(error)
      }
    } finally {
      this.busy = null
    }
  }
}
