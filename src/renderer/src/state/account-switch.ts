/**
 * Switching account, in the only safe order: the open session stops first (its sync and its
 * outbox, awaited, so nothing of the old account is in flight from this window), and only then
 * is main asked for the new account. The old account's queue stays in its own database,
 * untouched, for when it is chosen again. If main refuses the switch, the old session reopens.
 */
export interface AccountSwitchSteps {
  /** Stops and closes the open session (sync and outbox stopped, awaited). */
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
