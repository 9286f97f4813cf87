import {
  compareKeys,
  matchesParticipant,
  participantSortKey,
  type ParticipantQuery,
  type ParticipantSortField,
  type QueryableParticipant,
} from '../../shared/plannr/participant-query'
import type { AccountRecord, GroupRecord } from '../data/model'
import { formatTimestamp } from '../data/dates'
import type { SandboxStore } from '../store'
import { displayName } from '../render/account'

/**
 * Answers a participant query with the shared definition (src/shared/plannr/participant-query),
 * so the sandbox and the offline cache cannot disagree. The result is exactly
 * `runParticipantQuery`'s, computed faster for big groups: sort keys are computed once per
 * account instead of once per comparison, and a group's ascending order per sort field is cached
 * until the store changes (descending is its exact reverse, by the shared definition).
 */
export function toQueryable(account: AccountRecord): QueryableParticipant {
  // Dates are formatted lazily: filters never read them, sorts read them once per account.
  return {
    uuid: account.uuid,
    firstName: account.firstName,
    lastName: account.lastName,
    name: displayName(account),
    type: account.type,
    role: account.role,
    get createdAt() {
      return formatTimestamp(account.createdAt)
    },
    get updatedAt() {
      return formatTimestamp(account.updatedAt)
    },
  }
}

const CACHE_LIMIT = 24

export class ParticipantIndex {
  private readonly cache = new Map<string, { version: number; ordered: AccountRecord[] }>()

  constructor(private readonly store: SandboxStore) {}

  /** Filters, sorts and counts; the caller slices the page. */
  run(group: GroupRecord, query: ParticipantQuery): AccountRecord[] {
    const ascending = this.ascending(group, query.sort.field)
    const ordered = query.sort.direction === 'desc' ? [...ascending].reverse() : ascending
    const unfiltered = query.uuids === null && query.name === null && query.types === null && query.roles === null
    if (unfiltered) return ordered
    return ordered.filter((account) => matchesParticipant(toQueryable(account), query))
  }

  private ascending(group: GroupRecord, field: ParticipantSortField): AccountRecord[] {
    const key = `${group.uuid}|${field}`
    const cached = this.cache.get(key)
    if (cached && cached.version === this.store.version) return cached.ordered
    const decorated = this.store
      .groupMembers(group.uuid)
      .map((account) => ({ account, key: participantSortKey(toQueryable(account), field) }))
    decorated.sort((a, b) => compareKeys(a.key, b.key) || compareKeys(a.account.uuid, b.account.uuid))
    const ordered = decorated.map((entry) => entry.account)
    this.cache.delete(key)
    this.cache.set(key, { version: this.store.version, ordered })
    while (this.cache.size > CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value
      if (oldest === undefined) break
      this.cache.delete(oldest)
    }
    return ordered
  }
}
