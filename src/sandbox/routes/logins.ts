import { json, type Route } from '../http/types'
import { renderLogin } from '../render/resources'
import { caller, type RouteDeps } from './common'

/**
 * GET /logins: the user's logins with full `account` and `firm`, and `preferred_account_uuid`
 * at the top level next to `data` (the docs leave its placement open, docs/plannr-api.md, "Open
 * questions"; the shared parser
 * accepts either). Not paginated: a user has a handful of logins.
 */
export function loginRoutes({ store }: RouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/v1/logins',
      auth: 'user',
      handler(context) {
        const { user } = caller(context)
        const data = user.logins.flatMap((login) => {
          const rendered = renderLogin(store, user, login)
          return rendered ? [rendered] : []
        })
        // A user without a preference gets no key at all, like an integration not enrolled in the feature.
        return json(
          200,
          user.preferredAccountUuid === null ? { data } : { data, preferred_account_uuid: user.preferredAccountUuid },
        )
      },
    },
  ]
}
