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

/** Errors that belong to no field the form shows, for a banner. */
export function otherErrors(errors: FieldErrors, fields: string[]): string[] {
  return Object.entries(errors)
    .filter(([key]) => !fields.some((field) => key === field || key.startsWith(`${field}.`)))
    .flatMap(([, messages]) => messages)
}

/** Validates a body with the shared schema; field errors keyed like the API's 422 answers. */
export function validateWith<T>(
  schema: z.ZodType<T>,
  body: unknown,
): { ok: true; value: T } | { ok: false; errors: FieldErrors } {
  const parsed = schema.safeParse(body)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: zodFieldErrors(parsed.error) }
}
