import { foldText, matchesParticipant, parseParticipantQuery } from '../../shared/plannr/participant-query'
import type { AccountRecord } from '../data/model'
import { parseSort, sortByKey, type SortKey } from '../http/list-query'
import { pageBody } from '../http/pagination'
import { json, type Route } from '../http/types'
import { validationError, type FieldErrors } from '../http/validation'
import { renderParticipant } from '../render/account'
import { toQueryable } from '../query/participants'
import { caller, type RouteDeps } from './common'

/** Sort fields of GET /account (newest capture, docs/plannr-api.md, "Accounts"); default `first_name`. */
const ACCOUNT_SORTS = [
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
type AccountSort = (typeof ACCOUNT_SORTS)[number]

function sortKey(account: AccountRecord, field: AccountSort): SortKey {
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

/**
 * GET /account: filters mean exactly what they mean on participants (the shared definition:
 * filter[uuid], filter[name] over first/last/full name, filter[type], filter[role]); the sort
 * fields are the account list's own.
 */
export function accountRoutes({ store }: RouteDeps): Route[] {
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
        if (Object.keys(errors).length > 0 || !parsed.ok) throw validationError(errors)
        const { query } = parsed
        const matching = store.accounts(auth.firm).filter((account) => matchesParticipant(toQueryable(account), query))
        const sorted = sortByKey(matching, (account) => sortKey(account, sort.field), sort.descending)
        const start = (query.page - 1) * query.perPage
        const data = sorted.slice(start, start + query.perPage).map((account) => renderParticipant(store, account))
        return json(200, pageBody(context, data, sorted.length, { page: query.page, perPage: query.perPage }))
      },
    },
  ]
}
