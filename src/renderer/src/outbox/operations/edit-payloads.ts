import { z } from 'zod'
import { GroupParticipantsBody, HexColour, Name, Uuid } from '../../../../shared/plannr/request-bodies'

/**
 * Payloads of the edit operations (changes to existing records) as queued. Flat, with the API's
 * own field names for what the user changes (`name`, `participants`, …) so Plannr's 422 field
 * errors land on the same keys the forms use, plus the base the edit was made on (`base_<field>`,
 * the server copy's `base_updated_at`) so a conflicting change on Plannr can be told from our own.
 * A field that is absent is not changed.
 */

const Base = {
  /** updated_at of the server copy the edit was based on; null when that copy was itself pending. */
  base_updated_at: z.string().nullable(),
}

export const UpdateGroupOp = z.object({
  uuid: Uuid,
  name: Name.optional(),
  business_unit: Uuid.nullable().optional(),
  base_name: z.string(),
  base_business_unit: Uuid.nullable(),
  ...Base,
})
export type UpdateGroupOp = z.infer<typeof UpdateGroupOp>

/**
 * The group edit without the fields that equal their base: those are not changes, so they are
 * not sent, and a colleague's newer value for them stays on Plannr instead of turning into a
 * conflict about a value the user never chose. Both a form's new edit and a refused edit
 * corrected in its form ("Edit and send") go through this.
 */
export function withoutUnchangedGroupFields(payload: UpdateGroupOp): UpdateGroupOp {
  const { name, business_unit, ...rest } = payload
  return {
    ...rest,
    ...(name !== undefined && name !== payload.base_name ? { name } : {}),
    ...(business_unit !== undefined && business_unit !== payload.base_business_unit ? { business_unit } : {}),
  }
}

/** add-participants / remove-participants: a delta, applied as a set difference on Plannr. */
export const MembershipOp = z.object({
  uuid: Uuid,
  participants: GroupParticipantsBody.shape.participants,
  /** For labels only ("2 people added to group “Jones”"). */
  group_name: z.string().optional(),
})
export type MembershipOp = z.infer<typeof MembershipOp>

const uuidList = z.array(Uuid)

/**
 * A circle's accounts and groups are full replacements on Plannr (PUT), so the op keeps what
 * the user added and removed, and the body is computed at send time from the server's set.
 */
export const UpdateCircleOp = z.object({
  uuid: Uuid,
  name: Name.optional(),
  bg_colour: HexColour.optional(),
  add_accounts: uuidList,
  remove_accounts: uuidList,
  add_groups: uuidList,
  remove_groups: uuidList,
  base_name: z.string(),
  base_bg_colour: z.string().nullable(),
  ...Base,
})
export type UpdateCircleOp = z.infer<typeof UpdateCircleOp>

/**
 * What an edit form showed when it opened, handed back with the edit. A sync may bring in a
 * colleague's change while the form is open; measured against the form's starting values
 * instead of the cache's at save time, a field the user left alone is not a change (so the
 * colleague's value stays), and a field the user changed is based on what they saw (so the
 * colleague's change to it is a conflict the user settles, not a silent overwrite).
 */
const Dated = {
  /** The server copy's updated_at; null while the record's own create is still queued. */
  updated_at: z.string().nullable(),
}

export const GroupOpened = z.object({
  name: z.string(),
  business_unit: Uuid.nullable(),
  ...Dated,
})
export type GroupOpened = z.infer<typeof GroupOpened>

export const CircleOpened = z.object({
  name: z.string(),
  bg_colour: z.string().nullable(),
  account_uuids: uuidList,
  group_uuids: uuidList,
  ...Dated,
})
export type CircleOpened = z.infer<typeof CircleOpened>
