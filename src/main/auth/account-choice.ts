import type { Login, Logins } from '../../shared/plannr/models'

/**
 * Which account to act as (docs/plannr-api.md, "Choosing the account" and "Recommended client
 * flows"): the account this app was already using, when the new sign-in still has a login for it,
 * else the account the user asked integrations to use (`preferred_account_uuid`), else the only
 * employee login. Anything else is the user's decision ('choose').
 *
 * The previous choice comes first: signing in again after Plannr refused the old sign-in must go
 * back to the account whose cache and queued edits are open, not move the user to another firm
 * they never picked in this app.
 */
export type AccountChoice = { chosen: Login } | { choose: Login[] }

export function chooseAccount(logins: Logins, previousAccountUuid: string | null = null): AccountChoice {
  const byAccount = (uuid: string | null): Login | undefined =>
    uuid === null ? undefined : logins.logins.find((login) => login.account.uuid === uuid)
  const previous = byAccount(previousAccountUuid)
  if (previous) return { chosen: previous }
  const preferred = byAccount(logins.preferredAccountUuid)
  if (preferred) return { chosen: preferred }
  const employees = logins.logins.filter((login) => login.account.type === 'employee')
  if (employees.length === 1 && employees[0]) return { chosen: employees[0] }
  // An adviser tool acts as an employee; offer the employee logins first, all of them if none.
  return { choose: employees.length > 0 ? employees : logins.logins }
}
