import type { z } from 'zod'
import type { AppErrorData } from '../../../../shared/ipc/errors'

/** How the message names a field the request sends back. */
const FIELD_WORDS: Record<string, string> = {
  name: 'name',
  account_uuids: 'accounts',
  group_uuids: 'groups',
  business_unit: 'business unit',
}

/**
 * A PUT sends back what the user did not change as Plannr holds it (a group's name beside a new
 * business unit; a circle's name, and its whole account list when one account is added). Plannr
 * may hold a value the request's rules refuse (a name over 255 characters, an id that is not a
 * uuid): main would refuse the request as invalid input naming `body.name`, which says nothing to
 * the user. Instead the change waits for the user (a refusal: it is kept, to edit or discard),
 * with the field named and why, in plain words; nothing is sent.
 *
 * `echoed` lists the body's fields that carry Plannr's value rather than the user's; a field the
 * user changed was checked when the edit was saved. Null when the body is fine to send.
 */
export function echoedValueProblem(
  schema: z.ZodType,
  body: Record<string, unknown>,
  echoed: readonly string[],
  noun: string,
): AppErrorData | null {
  const parsed = schema.safeParse(body)
  if (parsed.success) return null
  const fieldErrors: Record<string, string[]> = {}
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '')
    if (!echoed.includes(field)) continue
    const words = FIELD_WORDS[field] ?? field.replace(/_/g, ' ')
    const message = `The ${words} this ${noun} has on Plannr cannot be sent back with your change: ${issue.message}`
    const list = (fieldErrors[field] ??= [])
    if (!list.includes(message)) list.push(message)
  }
  const messages = Object.values(fieldErrors).flat()
  if (messages.length === 0) return null
  return { kind: 'invalid-input', message: messages.join(' '), fieldErrors }
}
