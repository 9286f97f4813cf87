import { z } from 'zod'

/**
 * Request bodies of the Plannr endpoints the app writes to, in the API's own (snake_case) wire
 * format. One definition, used by the renderer's forms (validation on the spot), the outbox
 * (what is queued), main's API client (what is sent) and the sandbox (what it accepts).
 * The server stays authoritative: its 422 answers are shown next to the same field names.
 */

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const Uuid = z.string().regex(UUID_PATTERN, 'must be a UUID')

/** What `Uuid` accepts, without a zod parse (main's fast participant-page reader checks thousands). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value)
}

const uniqueUuids = (label: string) =>
  z.array(Uuid).refine((list) => new Set(list.map((id) => id.toLowerCase())).size === list.length, {
    message: `The ${label} must not contain duplicates.`,
  })

export const Name = z
  .string({ error: 'The name field is required.' })
  .trim()
  .min(1, 'The name field is required.')
  .max(255, 'The name may not be greater than 255 characters.')

export const HexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'The colour must be a hex colour like #1A2B3C.')

/** Documented bounds of a circle's accounts (newer capture: 1–100; the server is authoritative). */
const CIRCLE_MIN_ACCOUNTS = 1
export const CIRCLE_MAX_ACCOUNTS = 100
const CIRCLE_MAX_GROUPS = 50

/**
 * Most participants one group request names. Bounded so no caller can make main (or the sandbox)
 * parse an endless list, yet far above what a user does: selecting every member of a very large
 * group (the app is built for 100,000 cached participants) and adding them to another group is
 * one request (about 3.9 MB of JSON). The outbox splits a bigger membership change into several
 * changes of at most this many (membership.ts), so no action of the user is refused for its size.
 */
export const MAX_PARTICIPANTS_PER_REQUEST = 100_000

const participantList = uniqueUuids('participants').max(
  MAX_PARTICIPANTS_PER_REQUEST,
  `At most ${MAX_PARTICIPANTS_PER_REQUEST.toLocaleString('en-GB')} participants can be changed at once.`,
)

export const CreateGroupBody = z.object({
  name: Name,
  participants: participantList.optional(),
  business_unit: Uuid.nullable().optional(),
})
export type CreateGroupBody = z.infer<typeof CreateGroupBody>

export const UpdateGroupBody = z.object({
  name: Name,
  business_unit: Uuid.nullable().optional(),
})
export type UpdateGroupBody = z.infer<typeof UpdateGroupBody>

export const GroupParticipantsBody = z.object({
  participants: participantList.min(1, 'Choose at least one participant.'),
})
export type GroupParticipantsBody = z.infer<typeof GroupParticipantsBody>

const circleAccounts = uniqueUuids('accounts')
  .min(CIRCLE_MIN_ACCOUNTS, `Choose at least ${CIRCLE_MIN_ACCOUNTS} account.`)
  .max(CIRCLE_MAX_ACCOUNTS, `A circle can have at most ${CIRCLE_MAX_ACCOUNTS} accounts.`)
const circleGroups = uniqueUuids('groups').max(
  CIRCLE_MAX_GROUPS,
  `A circle can belong to at most ${CIRCLE_MAX_GROUPS} groups.`,
)

export const CreateCircleBody = z.object({
  name: Name,
  account_uuids: circleAccounts,
  group_uuids: circleGroups,
  bg_colour: HexColour.optional(),
})
export type CreateCircleBody = z.infer<typeof CreateCircleBody>

export const UpdateCircleBody = z.object({
  name: Name,
  account_uuids: circleAccounts.optional(),
  group_uuids: circleGroups.optional(),
  bg_colour: HexColour.optional(),
})
export type UpdateCircleBody = z.infer<typeof UpdateCircleBody>

export const CreateBusinessUnitBody = z.object({
  name: Name,
})
export type CreateBusinessUnitBody = z.infer<typeof CreateBusinessUnitBody>

export const BusinessUnitMembersBody = z.object({
  accounts: uniqueUuids('accounts').min(1, 'Choose at least one account.'),
})
export type BusinessUnitMembersBody = z.infer<typeof BusinessUnitMembersBody>
