import { Dexie } from 'dexie'
import type { AuthStatus } from '../../../shared/ipc/contract'
import type { Login } from '../../../shared/plannr/models'
import type { AccountCache } from './sign-out-warning'
import { readTableAsStored } from '../data'

/**
 * The offline cache of one Plannr account: its own IndexedDB database (clients, lists and the
 * queue of changes not yet on Plannr), so that switching account never mixes two firms' clients.
 */
export function accountDatabaseName(accountUuid: string): string {
  return `plannr-cache-${accountUuid}`
}

/**
 * Every account whose cache a sign-in holds: its logins, and the accounts of earlier sign-ins it
 * replaced without a sign-out and has no login for (main keeps those, `keptAccounts`), whose
 * caches and queues stayed on this computer.
 */
export function signInAccounts(status: Pick<AuthStatus, 'logins' | 'keptAccounts'> | null): Login[] {
  return status ? [...status.logins, ...status.keptAccounts] : []
}

/**
 * The caches on this computer of the given accounts (signInAccounts: every account a sign-in
 * covers). A switch keeps the old account's cache and queue for when it is chosen again, so after
 * a few switches the sign-in has several. Only these names are looked at: another database of the
 * page, or the cache of an account the sign-in neither has a login for nor kept, is never counted
 * (nor removed by removeSignInCaches). `labels` names each account for the user (by default its
 * firm, with the account's name where two of them share a firm).
 */
export async function signInCaches(
  logins: readonly Login[],
  labels: ReadonlyMap<Login, string> = loginLabels(logins),
): Promise<AccountCache[]> {
  const onDisk = new Set((await indexedDB.databases()).map((database) => database.name))
  const caches: AccountCache[] = []
  for (const login of logins) {
    const databaseName = accountDatabaseName(login.account.uuid)
    if (!onDisk.has(databaseName)) continue
    caches.push({ databaseName, label: labels.get(login) ?? login.account.name, unsent: await unsentIn(databaseName) })
  }
  return caches
}

/**
 * Removes the cache of every account the sign-in covers, whether or not it was read before. A
 * session still open on one of them must be closed first (a deletion waits for open connections).
 */
export async function removeSignInCaches(logins: readonly Login[]): Promise<void> {
  for (const login of logins) await Dexie.delete(accountDatabaseName(login.account.uuid))
}

/**
 * How many operations the cache's outbox holds: each one is a change not yet on Plannr (an
 * operation leaves the outbox when Plannr has it). Read with no schema of its own, so a cache
 * this version cannot open (left by a newer release, half-migrated) is still counted, and none
 * is created or upgraded by looking.
 */
async function unsentIn(databaseName: string): Promise<number | null> {
  try {
    return await readTableAsStored(databaseName, 'outbox', async (outbox) => (outbox ? outbox.count() : 0))
  } catch (error) {
    console.error(error)
    return null
  }
}

/** An account as "firm (account name)": for saying which account, beside another sign-in's. */
export function accountLabels(logins: readonly Login[]): Map<Login, string> {
  return new Map(
    logins.map((login) => {
      const firm = login.firm?.name ?? login.account.name
      return [login, firm === login.account.name ? firm : `${firm} (${login.account.name})`]
    }),
  )
}

function loginLabels(logins: readonly Login[]): Map<Login, string> {
  const firmOf = (login: Login): string => login.firm?.name ?? login.account.name
  const firms = new Map<string, number>()
  for (const login of logins) firms.set(firmOf(login), (firms.get(firmOf(login)) ?? 0) + 1)
  return new Map(
    logins.map((login) => {
      const firm = firmOf(login)
      const shared = (firms.get(firm) ?? 0) > 1 && firm !== login.account.name
      return [login, shared ? `${firm} (${login.account.name})` : firm]
    }),
  )
}
