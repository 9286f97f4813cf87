import { CreateCircleBody, UpdateCircleBody } from '../../shared/plannr/request-bodies'
import { jsonBody } from '../http/body'
import { includes, listFilter, nameMatcher, parseSort, sortNamedRecords } from '../http/list-query'
import { paginate, parsePageRequest } from '../http/pagination'
import { json, type Route } from '../http/types'
import { addError, parseBody, type FieldErrors, throwIfErrors } from '../http/validation'
import { renderCircle } from '../render/resources'
import { caller, checkAccountsExist, checkGroupsExist, findCircle, type RouteDeps } from './common'

const CIRCLE_SORTS = ['name', 'created_at', 'updated_at'] as const
const CIRCLE_INCLUDES = ['accounts', 'firm', 'groups']

/**
 * Circles (docs/plannr-api.md, "Circles"), newer capture: 1–100 accounts, at most 50 groups, optional
 * `bg_colour` (the server picks one when absent), 201 on create.
 */
export function circleRoutes({ store }: RouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/v1/circles',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const errors: FieldErrors = {}
        const sort = parseSort(context.query, CIRCLE_SORTS, 'name', errors)
        const page = parsePageRequest(context.query, errors)
        const include = includes(context.query)
        for (const name of include) {
          if (!CIRCLE_INCLUDES.includes(name))
            addError(
              errors,
              'include',
              `Requested include(s) \`${name}\` are not allowed. Allowed include(s) are \`${CIRCLE_INCLUDES.join(', ')}\`.`,
            )
        }
        throwIfErrors(errors)
        const lower = (name: string) => listFilter(context.query, name)?.map((id) => id.toLowerCase()) ?? null
        const uuids = lower('uuid')
        const groupUuids = lower('group_uuids')
        const accountUuids = lower('account_uuids')
        const matchesName = nameMatcher(context.query)
        const circles = store
          .circles(auth.firm)
          .filter(
            (circle) =>
              (uuids === null || uuids.includes(circle.uuid)) &&
              (groupUuids === null || circle.groups.some((id) => groupUuids.includes(id))) &&
              (accountUuids === null || circle.accounts.some((id) => accountUuids.includes(id))) &&
              matchesName(circle.name),
          )
        const sorted = sortNamedRecords(circles, sort)
        return json(
          200,
          paginate(context, sorted, page, (circle) => renderCircle(store, circle, include)),
        )
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/circles/:uuid',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        return json(
          200,
          renderCircle(store, findCircle(store, auth, context.params.uuid ?? ''), includes(context.query)),
        )
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/circles',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const body = parseBody(CreateCircleBody, jsonBody(context))
        const errors: FieldErrors = {}
        checkAccountsExist(store, auth, 'account_uuids', body.account_uuids, errors)
        checkGroupsExist(store, auth, 'group_uuids', body.group_uuids, errors)
        throwIfErrors(errors)
        const circle = store.createCircle({
          name: body.name,
          accountUuids: body.account_uuids,
          groupUuids: body.group_uuids,
          ...(body.bg_colour !== undefined ? { bgColour: body.bg_colour } : {}),
          firm: auth.firm,
        })
        return json(201, renderCircle(store, circle))
      },
    },
    {
      method: 'PUT',
      pattern: '/api/v1/circles/:uuid',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const circle = findCircle(store, auth, context.params.uuid ?? '')
        const body = parseBody(UpdateCircleBody, jsonBody(context))
        const errors: FieldErrors = {}
        if (body.account_uuids) checkAccountsExist(store, auth, 'account_uuids', body.account_uuids, errors)
        if (body.group_uuids) checkGroupsExist(store, auth, 'group_uuids', body.group_uuids, errors)
        throwIfErrors(errors)
        store.updateCircle(circle.uuid, {
          name: body.name,
          ...(body.account_uuids !== undefined ? { accountUuids: body.account_uuids } : {}),
          ...(body.group_uuids !== undefined ? { groupUuids: body.group_uuids } : {}),
          ...(body.bg_colour !== undefined ? { bgColour: body.bg_colour } : {}),
        })
        return json(200, renderCircle(store, circle))
      },
    },
  ]
}
