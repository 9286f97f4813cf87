import { BusinessUnitMembersBody, CreateBusinessUnitBody } from '../../shared/plannr/request-bodies'
import { jsonBody } from '../http/body'
import { nameMatcher, parseSort, sortNamedRecords } from '../http/list-query'
import { paginate, parsePageRequest } from '../http/pagination'
import { HttpError, json, type Route } from '../http/types'
import { parseBody, validationError, throwIfErrors } from '../http/validation'
import { renderBusinessUnit } from '../render/resources'
import { caller, findBusinessUnit, type RouteDeps } from './common'

const UNIT_SORTS = ['created_at', 'name', 'updated_at'] as const

/**
 * Business units (docs/plannr-api.md, "Business units"). Their pages document no
 * X-PLANNR-ACCOUNT-UUID, so it is
 * optional here (validated when sent; otherwise the user's preferred account's firm).
 */
export function businessUnitRoutes({ store }: RouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/v1/business-units',
      auth: 'account-optional',
      handler(context) {
        const auth = caller(context)
        const errors = {}
        const sort = parseSort(context.query, UNIT_SORTS, 'name', errors)
        const page = parsePageRequest(context.query, errors)
        throwIfErrors(errors)
        const matchesName = nameMatcher(context.query)
        const units = store.businessUnits(auth.firm).filter((unit) => matchesName(unit.name))
        const sorted = sortNamedRecords(units, sort)
        return json(
          200,
          paginate(context, sorted, page, (unit) => renderBusinessUnit(store, unit)),
        )
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/business-units',
      auth: 'account-optional',
      handler(context) {
        const auth = caller(context)
        const body = parseBody(CreateBusinessUnitBody, jsonBody(context))
        if (store.businessUnitByName(body.name, auth.firm)) {
          throw validationError({ name: ['The name has already been taken.'] })
        }
        return json(201, renderBusinessUnit(store, store.createBusinessUnit({ name: body.name, firm: auth.firm })))
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/business-units/:uuid/members/:action',
      auth: 'account-optional',
      handler(context) {
        const auth = caller(context)
        const action = context.params.action
        if (action !== 'add' && action !== 'remove') {
          throw new HttpError(404, { message: `The route ${context.url.pathname.slice(1)} could not be found.` })
        }
        const unit = findBusinessUnit(store, auth, context.params.uuid ?? '')
        const body = parseBody(BusinessUnitMembersBody, jsonBody(context))
        // Unknown accounts land in `failed`. Its entries' shape is undocumented (docs/plannr-api.md,
        // "Open questions"): plain uuids here.
        return json(200, store.moveBusinessUnitMembers(unit.uuid, action, body.accounts))
      },
    },
  ]
}
