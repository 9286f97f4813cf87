import { Dexie } from 'dexie'
import type { AuthStatus } from '../../../shared/ipc/contract'
import type { Login } from '../../../shared/plannr/models'
import type { AccountCache } from './sign-out-warning'
import { readTableAsStored } from '../data'
import { stampedAddress } from './cache-address'

/**
 * An account as a session reaches it: the account, the Plannr address (API base URL) of the
 * session, and whether that is the demo. A firm's staging or sandbox copy of Plannr has the same
 * account uuids as production, so the uuid alone does not say whose clients and queue a cache holds.
 */
export interface AccountPlace {
  accountUuid: string
  baseUrl: string
  demo: boolean
}

/** The place of `accountUuid` in the sign-in of `status` (null while it has no address). */
export function placeIn(status: AuthStatus | null, accountUuid: string): AccountPlace | null {
  if (!status?.baseUrl) return null
  return { accountUuid, baseUrl: status.baseUrl, demo: status.kind === 'demo' }
}

export function samePlace(a: AccountPlace, b: AccountPlace): boolean {
  return a.accountUuid === b.accountUuid && a.baseUrl === b.baseUrl && a.demo === b.demo
}

/**
 * The address an account's cache is found and marked by: the session's, except for the demo (null),
 * whose sandbox gets another port each run: its caches are told apart by the run (demo-cache.ts).
 */
function cacheAddress(place: Pick<AccountPlace, 'baseUrl' | 'demo'>): string | null {
  return place.demo ? null : place.baseUrl
}

/**
 * The name of an account's cache (its own IndexedDB database: clients, lists and the queue of
 * changes not yet on Plannr), so that switching account never mixes two firms' clients. The first
 * address to open an account's cache has it under the account's plain name (every cache made
 * before caches recorded their address has that name, and keeps it); the same account uuid at
 * another address gets a name of its own (see findAccountCache).
 */
function plainName(accountUuid: string): string {
  return `plannr-cache-${accountUuid}`
}

function addressedName(accountUuid: string, address: string): string {
  return `plannr-cache-${accountUuid}@${address}`
}

/**
 * The database that holds the cache of an account at a Plannr address (which may not exist yet):
 * its own addressed one if there is one; else the plain one unless that is marked for another
 * address (an unmarked one, from before caches recorded their address, is taken for this address,
 * as it always was); else a new addressed one. So two addresses sharing account uuids each keep
 * their cache and queue, and a queue made at one is never opened by a session at the other.
 */
export async function findAccountCache(
  place: Pick<AccountPlace, 'accountUuid' | 'baseUrl' | 'demo'>,
  onDisk?: ReadonlySet<string>,
): Promise<string> {
  const plain = plainName(place.accountUuid)
  const address = cacheAddress(place)
  if (address === null) return plain
  const own = addressedName(place.accountUuid, address)
  const names = onDisk ?? (await databasesOnDisk())
  if (names.has(own)) return own
  if (!names.has(plain)) return plain
  const stamped = await stampedAddress(plain)
  return stamped === null || stamped === address ? plain : own
}

/** An account a sign-in covers, with the address its cache is found by (see signInAccounts). */
export type AccountAt = Login & { baseUrl: string | null }

/**
 * Every account whose cache a sign-in holds: its logins (at its address; null for the demo), and
 * the accounts of earlier sign-ins it replaced without a sign-out and has no login for at their
 * address (main keeps those, `keptAccounts`), whose caches and queues stayed on this computer.
 */
export function signInAccounts(
  status: Pick<AuthStatus, 'logins' | 'keptAccounts' | 'kind' | 'baseUrl'> | null,
): AccountAt[] {
  if (!status) return []
  const address = status.kind === 'demo' ? null : status.baseUrl
  return [...status.logins.map((login) => ({ ...login, baseUrl: address })), ...status.keptAccounts]
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
  accounts: readonly AccountAt[],
  labels: ReadonlyMap<Login, string> = loginLabels(accounts),
): Promise<AccountCache[]> {
  const onDisk = await databasesOnDisk()
  const caches: AccountCache[] = []
  for (const [login, databaseName] of await cacheNames(accounts, onDisk)) {
    if (!onDisk.has(databaseName)) continue
    caches.push({ databaseName, label: labels.get(login) ?? login.account.name, unsent: await unsentIn(databaseName) })
  }
  return caches
}

/**
 * Each account's cache name, once per database: a cache made before caches recorded their
 * address can be the one found for an account at two addresses, and is counted (or removed) once.
 */
async function cacheNames(
  accounts: readonly AccountAt[],
  onDisk: ReadonlySet<string>,
): Promise<Map<AccountAt, string>> {
  const names = new Map<AccountAt, string>()
  const seen = new Set<string>()
  for (const account of accounts) {
    const place = { accountUuid: account.account.uuid, baseUrl: account.baseUrl ?? '', demo: account.baseUrl === null }
    const name = await findAccountCache(place, onDisk)
    if (seen.has(name)) continue
    seen.add(name)
    names.set(account, name)
  }
  return names
}

async function databasesOnDisk(): Promise<Set<string>> {
  return new Set((await indexedDB.databases()).flatMap((database) => (database.name ? [database.name] : [])))
}

/**
 * Removes the cache of every account the sign-in covers, whether or not it was read before. A
 * session still open on one of them must be closed first (a deletion waits for open connections).
 */
export async function removeSignInCaches(accounts: readonly AccountAt[]): Promise<void> {
  for (const name of (await cacheNames(accounts, await databasesOnDisk())).values()) await Dexie.delete(name)
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
