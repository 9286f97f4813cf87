/**
 * Switching account, in the only safe order: the open session stops first (its sync and its
 * outbox start nothing more, and its database is closed, so no answer is written to it any
 * more), and only then is main asked for the new account. Main then aborts the old account's
 * calls still on their way and refuses any other call made for it, so nothing of the old account
 * can go out as the new one. A call on its way is not waited for: on a bad network main may hold
 * it for a minute or more. The old account's queue stays in its own database (a send that was on
 * its way stays `sending`, looked up before anything is sent again), for when it is chosen again.
 * If main refuses the switch, the old session reopens.
 */
export interface AccountSwitchSteps {
  /** Stops and closes the open session, without waiting for calls already on their way (OfflineAccount.close). */
  close(): Promise<void>
  /** Asks main for the account; true when main now uses it. */
  choose(accountUuid: string): Promise<boolean>
  /** Opens the session of an account again. */
  reopen(accountUuid: string): Promise<void>
}

export async function switchAccount(steps: AccountSwitchSteps, current: string | null, next: string): Promise<boolean> {
  // The account already in use: nothing to stop or change.
  if (current === next) return true
  await steps.close()
  if (await steps.choose(next)) return true
  if (current) await steps.reopen(current)
  return false
}
