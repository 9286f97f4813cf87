import type { Group, Ref } from '../../../../shared/plannr/models'
import type { CachedGroup } from '../../data'

/** What the group's details form edits, and the time the cache dates those values by. */
export type GroupFormFields = Pick<CachedGroup, 'name' | 'businessUnit' | 'updatedAt'>

/**
 * The form's fields of a group as Plannr's answer to a change leaves them in the cache.
 *
 * `updatedAt` is what the next edit of the group is measured from: Plannr's copy changed after it
 * means a colleague may have changed something the user has not seen. The answer's `updatedAt`
 * already covers any colleague's change made before our request, so it may only replace the
 * cached one when every field the form edits is Plannr's current value too. The name always comes
 * with the answer; the business unit only when Plannr included it (null here cannot tell "none"
 * from "not included", so it counts as not included) or when the change itself set it
 * (`sentUnit`). Otherwise the cached business unit may be older than the answer, and dating it by
 * the answer would send the user's next choice over a colleague's without a conflict.
 */
export function groupFormFieldsAfter(
  cached: GroupFormFields | undefined,
  answer: Group,
  sentUnit?: Ref | null,
): GroupFormFields {
  const unit = answer.businessUnit ?? sentUnit
  if (unit !== undefined || !cached)
    return { name: answer.name, businessUnit: unit ?? null, updatedAt: answer.updatedAt }
  return { name: answer.name, businessUnit: cached.businessUnit, updatedAt: cached.updatedAt }
}
