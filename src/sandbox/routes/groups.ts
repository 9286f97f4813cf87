import { CreateGroupBody, GroupParticipantsBody, UpdateGroupBody } from '../../shared/plannr/request-bodies'
import { parseParticipantQuery } from '../../shared/plannr/participant-query'
import type { GroupRecord } from '../data/model'
import { jsonBody } from '../http/body'
import { includes, listFilter, nameMatcher, parseSort, sortNamedRecords } from '../http/list-query'
import { pageBody, paginate, parsePageRequest } from '../http/pagination'
import { json, type RequestContext, type Route } from '../http/types'
import { addError, parseBody, validationError, type FieldErrors, throwIfErrors } from '../http/validation'
import { ParticipantIndex } from '../query/participants'
import { renderParticipant } from '../render/account'
import { renderGroup } from '../render/group'
import {
  caller,
  checkAccountsExist,
  findBusinessUnit,
  findGroup,
  type RouteDeps,
  checkBusinessUnitExists,
} from './common'

const GROUP_SORTS = ['created_at', 'name', 'updated_at'] as const
const GROUP_INCLUDES = ['participants', 'business_unit']

/** Groups and their participants (docs/plannr-api.md, "Groups" and "Group participants"). */
export function groupRoutes({ store }: RouteDeps): Route[] {
  const participants = new ParticipantIndex(store)

  const parseIncludes = (context: RequestContext, errors: FieldErrors): Set<string> => {
    const wanted = includes(context.query)
    for (const name of wanted) {
      if (!GROUP_INCLUDES.includes(name))
        addError(
          errors,
          'include',
          `Requested include(s) \`${name}\` are not allowed. Allowed include(s) are \`${GROUP_INCLUDES.join(', ')}\`.`,
        )
    }
    return wanted
  }

  const nameTaken = (name: string, firm: number, except?: GroupRecord): boolean => {
    const existing = store.groupByName(name, firm)
    return existing !== undefined && existing !== except
  }

  return [
    {
      method: 'GET',
      pattern: '/api/v1/group',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const errors: FieldErrors = {}
        const sort = parseSort(context.query, GROUP_SORTS, 'name', errors)
        const page = parsePageRequest(context.query, errors)
        const include = parseIncludes(context, errors)
        throwIfErrors(errors)
        const uuids = listFilter(context.query, 'uuid')?.map((id) => id.toLowerCase()) ?? null
        const units = listFilter(context.query, 'business_unit')?.map((id) => id.toLowerCase()) ?? null
        const matchesName = nameMatcher(context.query)
        const groups = store
          .groups(auth.firm)
          .filter(
            (group) =>
              (uuids === null || uuids.includes(group.uuid)) &&
              (units === null || (group.businessUnit !== null && units.includes(group.businessUnit))) &&
              matchesName(group.name),
          )
        const sorted = sortNamedRecords(groups, sort)
        return json(
          200,
          paginate(context, sorted, page, (group) => renderGroup(store, group, include)),
        )
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/group/:uuid',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const errors: FieldErrors = {}
        const include = parseIncludes(context, errors)
        throwIfErrors(errors)
        return json(200, renderGroup(store, findGroup(store, auth, context.params.uuid ?? ''), include))
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/group',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const body = parseBody(CreateGroupBody, jsonBody(context))
        const errors: FieldErrors = {}
        if (nameTaken(body.name, auth.firm)) addError(errors, 'name', 'The name has already been taken.')
        checkAccountsExist(store, auth, 'participants', body.participants ?? [], errors)
        checkBusinessUnitExists(store, auth, body.business_unit, errors)
        throwIfErrors(errors)
        const group = store.createGroup({
          name: body.name,
          participants: body.participants ?? [],
          businessUnit: body.business_unit ?? null,
          firm: auth.firm,
        })
        // Documented as 200 (not 201) in every capture (docs/plannr-api.md, "Groups").
        return json(200, renderGroup(store, group))
      },
    },
    {
      method: 'PUT',
      pattern: '/api/v1/group/:uuid',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const group = findGroup(store, auth, context.params.uuid ?? '')
        const body = parseBody(UpdateGroupBody, jsonBody(context))
        const errors: FieldErrors = {}
        if (nameTaken(body.name, auth.firm, group)) addError(errors, 'name', 'The name has already been taken.')
        checkBusinessUnitExists(store, auth, body.business_unit, errors)
        throwIfErrors(errors)
        store.updateGroup(group.uuid, {
          name: body.name,
          ...(body.business_unit !== undefined ? { businessUnit: body.business_unit } : {}),
        })
        return json(200, renderGroup(store, group))
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/group/:uuid/participants',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const group = findGroup(store, auth, context.params.uuid ?? '')
        const parsed = parseParticipantQuery(context.query)
        if (!parsed.ok) throw validationError(parsed.errors)
        const { query } = parsed
        const matching = participants.run(group, query)
        const start = (query.page - 1) * query.perPage
        const data = matching.slice(start, start + query.perPage).map((account) => renderParticipant(store, account))
        return json(200, pageBody(context, data, matching.length, { page: query.page, perPage: query.perPage }))
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/group/:uuid/participants',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const group = findGroup(store, auth, context.params.uuid ?? '')
        const body = parseBody(GroupParticipantsBody, jsonBody(context))
        const errors: FieldErrors = {}
        checkAccountsExist(store, auth, 'participants', body.participants, errors)
        throwIfErrors(errors)
        // Idempotent: adding a present participant changes nothing but updated_at.
        store.addParticipants(group.uuid, body.participants)
        return json(200, renderGroup(store, group))
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/group/:uuid/participants',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const group = findGroup(store, auth, context.params.uuid ?? '')
        const body = parseBody(GroupParticipantsBody, jsonBody(context))
        // Removing an absent (or unknown) account is harmless, so a retried removal succeeds.
        store.removeParticipants(group.uuid, body.participants)
        return json(200, renderGroup(store, group))
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/business-units/:uuid/groups',
      auth: 'account',
      handler(context) {
        const auth = caller(context)
        const unit = findBusinessUnit(store, auth, context.params.uuid ?? '')
        const errors: FieldErrors = {}
        const sort = parseSort(context.query, GROUP_SORTS, 'name', errors)
        const page = parsePageRequest(context.query, errors)
        throwIfErrors(errors)
        const groups = store.groups(auth.firm).filter((group) => group.businessUnit === unit.uuid)
        const sorted = sortNamedRecords(groups, sort)
        return json(
          200,
          paginate(context, sorted, page, (group) => renderGroup(store, group)),
        )
      },
    },
  ]
}
