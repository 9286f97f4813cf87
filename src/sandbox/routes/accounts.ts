import { parseParticipantQuery } from '../../shared/plannr/participant-query'
import type { FirmId } from '../data/model'
import { includes, listFilter, parseSort } from '../http/list-query'
import { pageBody } from '../http/pagination'
import { json, type Route } from '../http/types'
import { addError, validationError, type FieldErrors } from '../http/validation'
import { renderParticipant } from '../render/account'
import { ACCOUNT_SORTS, AccountIndex } from '../query/accounts'
import type { SandboxStore } from '../store'
import { caller, type RouteDeps } from './common'

/** `include` values of GET /account (newest capture, docs/plannr-api.md, "Accounts"). */
const ACCOUNT_INCLUDES = [
  'primary_phone_number',
  'primary_email',
  'primary_address',
  'assigned_adviser',
  'assigned_administrator',
  'assigned_paraplanner',
  'groups',
  'tags',
  'owners',
  'custom_fields',
  'external_references',
  'charge_split_schema',
  'circles',
  'seccl_lookup',
  'soderberg_lookup',
  'octopus_money_lookup',
  'p1_lookup',
  'business_unit',
] as const

/**
 * How this sandbox's GET /account departs from the documented one, to exercise clients that
 * must cope with a server that does less (older deployments, a proxy that strips parameters).
 */
export interface AccountApiOptions {
  /** Refuse `include=groups` with a 422, as for any include the server does not allow. */
  refuseIncludeGroups?: boolean
  /** Refuse `filter[groups]` with a 422, as for any filter the server does not allow. */
  refuseGroupsFilter?: boolean
  /** Accept `include=groups` but answer without the groups (a placeholder, as when not included). */
  ignoreIncludeGroups?: boolean
}

/**
 * `filter[groups]`: comma-separated group uuids or partial group names (docs/plannr-api.md,
 * "Accounts"); an entry that is a uuid of the caller's firm names that group, any other entry
 * matches the firm's groups whose name contains it (case-insensitive, as filter[name] does).
 */
function resolveGroups(store: SandboxStore, firm: FirmId, entries: readonly string[]): string[] {
  const firmGroups = store.groups(firm)
  const found = new Set<string>()
  for (const entry of entries) {
    const byUuid = store.group(entry)
    if (byUuid && byUuid.firm === firm) {
      found.add(byUuid.uuid)
      continue
    }
    const needle = entry.toLowerCase()
    for (const group of firmGroups) if (group.name.toLowerCase().includes(needle)) found.add(group.uuid)
  }
  return [...found]
}

/**
 * GET /account: filters mean exactly what they mean on participants (the shared definition:
 * filter[uuid], filter[name] over first/last/full name, filter[type], filter[role]) plus
 * filter[groups]; the sort fields are the account list's own. `include=groups` gives each
 * account the groups it belongs to in the nested group shape of the group participants example
 * (uuid, name, slug, participants_count, timestamps); without it `groups` is the resource-class
 * placeholder documented for relations that were not loaded. Pages are slices of an order kept
 * until the next write (query/accounts.ts), so paging through 100k accounts stays cheap.
 */
export function accountRoutes({ store, accountApi = {} }: RouteDeps & { accountApi?: AccountApiOptions }): Route[] {
  const index = new AccountIndex(store)
  return [
    {
      method: 'GET',
      pattern: '/api/v1/account',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const errors: FieldErrors = {}
        const sort = parseSort(context.query, ACCOUNT_SORTS, 'first_name', errors)
        const withoutSort = new URLSearchParams(context.query)
        withoutSort.delete('sort')
        const parsed = parseParticipantQuery(withoutSort)
        if (!parsed.ok) Object.assign(errors, parsed.errors)
        const allowed = ACCOUNT_INCLUDES.filter((name) => !(name === 'groups' && accountApi.refuseIncludeGroups))
        const include = includes(context.query)
        for (const name of include) {
          if (!(allowed as readonly string[]).includes(name))
            addError(
              errors,
              'include',
              `Requested include(s) \`${name}\` are not allowed. Allowed include(s) are \`${allowed.join(', ')}\`.`,
            )
        }
        const groupFilter = listFilter(context.query, 'groups')
        if (context.query.has('filter[groups]') && accountApi.refuseGroupsFilter)
          addError(errors, 'filter', 'Requested filter(s) `groups` are not allowed.')
        if (Object.keys(errors).length > 0 || !parsed.ok) throw validationError(errors)
        const { query } = parsed
        const groups = groupFilter === null ? null : resolveGroups(store, auth.firm, groupFilter)
        const matching = index.list({ firm: auth.firm, sort, query, groups })
        const withGroups = include.has('groups') && !accountApi.ignoreIncludeGroups
        const start = (query.page - 1) * query.perPage
        const data = matching
          .slice(start, start + query.perPage)
          .map((account) => renderParticipant(store, account, { groups: withGroups }))
        return json(200, pageBody(context, data, matching.length, { page: query.page, perPage: query.perPage }))
      },
    },
  ]
}
