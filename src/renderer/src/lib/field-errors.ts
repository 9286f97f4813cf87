import type { z } from 'zod'
import { zodFieldErrors } from '../../../shared/ipc/errors'

export type FieldErrors = Record<string, string[]>

/** The first message for a field, including its elements' errors ("participants.3" → "participants"). */
export function errorFor(errors: FieldErrors, field: string): string | null {
  const direct = errors[field]?.[0]
  if (direct) return direct
  const nested = Object.entries(errors).find(([key]) => key.startsWith(`${field}.`))
  return nested?.[1][0] ?? null
}

/** Every message, as one line: for a notice where no form shows the fields. */
export function allErrors(errors: FieldErrors): string {
  return Object.values(errors).flat().join(' ')
}

/**
 * Errors that belong to no field the form shows, for a banner: each message once (Plannr may give
 * one message for several fields, or twice for one; the banner is keyed by message).
 */
export function otherErrors(errors: FieldErrors, fields: string[]): string[] {
  const messages = Object.entries(errors)
    .filter(([key]) => !fields.some((field) => key === field || key.startsWith(`${field}.`)))
    .flatMap(([, list]) => list)
  return [...new Set(messages)]
}

/** Validates a body with the shared schema; field errors keyed like the API's 422 answers. */
export function validateWith<T>(
  schema: z.ZodType<T>,
  body: unknown,
): { ok: true; value: T } | { ok: false; errors: FieldErrors } {
  const parsed = schema.safeParse(body)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: zodFieldErrors(parsed.error) }
}

/**
 * validateWith for an edit form: only the fields that differ from what the form opened with are
 * checked (`partial` is the body's schema with every field optional). A field left alone holds
 * Plannr's own value, which Plannr took and this edit does not change (a circle with more accounts
 * than the documented 100, a colour Plannr wrote another way, a name longer than the app's bound):
 * the app's reading of Plannr's rules must not refuse the user's other change because of it.
 */
export function validateChanged<T extends Record<string, unknown>>(
  partial: z.ZodType<Partial<T>>,
  body: T,
  opened: Partial<T>,
): { ok: true; value: T } | { ok: false; errors: FieldErrors } {
  const changed = Object.fromEntries(
    Object.entries(body).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(opened[key])),
  )
  const parsed = partial.safeParse(changed)
  return parsed.success
    ? { ok: true, value: { ...body, ...parsed.data } }
    : { ok: false, errors: zodFieldErrors(parsed.error) }
}
