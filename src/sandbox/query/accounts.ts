import { foldText, matchesParticipant, type ParticipantQuery } from '../../shared/plannr/participant-query'
import type { AccountRecord, FirmId } from '../data/model'
import { sortByKey, type SortKey } from '../http/list-query'
import type { SandboxStore } from '../store'
import { toQueryable } from './participants'

/** Sort fields of GET /account (newest capture, docs/plannr-api.md, "Accounts"); default `first_name`. */
export const ACCOUNT_SORTS = [
  'created_at',
  'updated_at',
  'inactive_at',
  'first_name',
  'last_name',
  'email',
  'next_review_date',
  'previous_review_date',
  'anniversary_review_date',
  'status_changed_at',
] as const
export type AccountSort = (typeof ACCOUNT_SORTS)[number]

export function accountSortKey(account: AccountRecord, field: AccountSort): SortKey {
  switch (field) {
    case 'first_name':
      return foldText(account.firstName)
    case 'last_name':
      return foldText(account.lastName)
    case 'email':
      return account.email === null ? null : account.email.toLowerCase()
    case 'created_at':
      return account.createdAt
    case 'updated_at':
      return account.updatedAt
    case 'inactive_at':
      return account.inactiveAt
    case 'next_review_date':
      return account.nextReviewAt
    case 'previous_review_date':
      return account.previousReviewAt
    case 'anniversary_review_date':
      return account.anniversaryReviewAt
    case 'status_changed_at':
      // Client statuses are not modelled: every account ties, so the order is by uuid.
      return null
  }
}

export interface AccountListRequest {
  firm: FirmId
  sort: { field: AccountSort; descending: boolean }
  /** The shared participant filters (uuid, name, type, role); sort and paging are ignored here. */
  query: ParticipantQuery
  /** Accounts in any of these groups (already resolved from `filter[groups]`), or null for all. */
  groups: readonly string[] | null
}

/** Orders and filtered lists kept at once: a sync pages through one or two of each. */
const CACHE_LIMIT = 16

/**
 * GET /account without sorting every account on every page: a firm's ascending order per sort
 * field, and each filtered list built from it, are kept until the store changes (every write
 * bumps `store.version`). Paging through a list is then a slice per page. Descending is the exact
 * reverse of ascending (ties by uuid), as for every other list of the sandbox.
 */
export class AccountIndex {
  private readonly orders = new Map<string, { version: number; ordered: AccountRecord[] }>()
  private readonly lists = new Map<string, { version: number; list: AccountRecord[] }>()

  constructor(private readonly store: SandboxStore) {}

  list(request: AccountListRequest): AccountRecord[] {
    const { query, groups } = request
    const key = JSON.stringify([request.firm, request.sort, groups, query.uuids, query.name, query.types, query.roles])
    const cached = this.lists.get(key)
    if (cached && cached.version === this.store.version) return cached.list
    const ascending = this.ascending(request.firm, request.sort.field)
    const ordered = request.sort.descending ? [...ascending].reverse() : ascending
    const members = groups === null ? null : this.membersOf(groups)
    const unfiltered = query.uuids === null && query.name === null && query.types === null && query.roles === null
    const list =
      members === null && unfiltered
        ? ordered
        : ordered.filter(
            (account) =>
              (members === null || members.has(account.uuid)) &&
              (unfiltered || matchesParticipant(toQueryable(account), query)),
          )
    remember(this.lists, key, { version: this.store.version, list })
    return list
  }

  private membersOf(groups: readonly string[]): Set<string> {
    const members = new Set<string>()
    for (const uuid of groups) for (const member of this.store.group(uuid)?.members ?? []) members.add(member)
    return members
  }

  private ascending(firm: FirmId, field: AccountSort): AccountRecord[] {
    const key = `${firm}|${field}`
    const cached = this.orders.get(key)
    if (cached && cached.version === this.store.version) return cached.ordered
    const ordered = sortByKey(this.store.accounts(firm), (account) => accountSortKey(account, field), false)
    remember(this.orders, key, { version: this.store.version, ordered })
    return ordered
  }
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  cache.delete(key)
  cache.set(key, value)
  while (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value
    if (oldest === undefined) break
    cache.delete(oldest)
  }
}
