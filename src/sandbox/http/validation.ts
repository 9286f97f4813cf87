import type { z } from 'zod'
import { HttpError } from './types'

/**
 * Laravel-style validation answers (inferred from Laravel's defaults: docs/plannr-api.md,
 * "Errors"): 422 with every field's messages in
 * `errors` and the first message, plus "(and N more errors)", in `message`.
 */
export type FieldErrors = Record<string, string[]>

export function validationError(errors: FieldErrors): HttpError {
  const messages = Object.values(errors).flat()
  const first = messages[0] ?? 'The given data was invalid.'
  const more = messages.length - 1
  const message = more > 0 ? `${first} (and ${more} more ${more === 1 ? 'error' : 'errors'})` : first
  return new HttpError(422, { message, errors })
}

/** Answers 422 with every error collected so far, if there are any. */
export function throwIfErrors(errors: FieldErrors): void {
  if (Object.keys(errors).length > 0) throw validationError(errors)
}

export function addError(errors: FieldErrors, field: string, message: string): void {
  ;(errors[field] ??= []).push(message)
}

/** "account_uuids" → "account uuids", as Laravel names attributes in its messages. */
function attributeName(field: string): string {
  return field.replace(/_/g, ' ')
}

/**
 * Parses a request body with one of the shared zod schemas (src/shared/plannr/request-bodies),
 * throwing a 422 whose messages are Laravel's wording for the failed rule. The schemas' own
 * messages are written for the app's forms, so they are not reused here: the sandbox should
 * say what the server says.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const input = isPlainObject(body) ? body : {}
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const errors: FieldErrors = {}
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.') || 'body'
    addError(errors, field, laravelMessage(issue, field, valueAt(input, issue.path)))
  }
  throw validationError(errors)
}

function laravelMessage(issue: z.core.$ZodIssue, field: string, value: unknown): string {
  const attribute = attributeName(field)
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined || value === null) return `The ${attribute} field is required.`
      if (issue.expected === 'array') return `The ${attribute} field must be an array.`
      if (issue.expected === 'string') return `The ${attribute} field must be a string.`
      return `The ${attribute} field is invalid.`
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return `The ${attribute} field is required.`
      if (issue.origin === 'array')
        return `The ${attribute} field must have at least ${String(issue.minimum)} ${Number(issue.minimum) === 1 ? 'item' : 'items'}.`
      return `The ${attribute} field must be at least ${String(issue.minimum)} characters.`
    case 'too_big':
      if (issue.origin === 'array')
        return `The ${attribute} field must not have more than ${String(issue.maximum)} items.`
      return `The ${attribute} field must not be greater than ${String(issue.maximum)} characters.`
    case 'invalid_format':
      if (/colou?r/.test(field)) return `The ${attribute} field must be a valid hexadecimal color.`
      return `The ${attribute} field must be a valid UUID.`
    case 'custom':
      if (/duplicate/i.test(issue.message)) return `The ${attribute} field has a duplicate value.`
      return issue.message
    // Named rather than left to a default, so a new zod issue code is a decision, not a silent fallback.
    case 'invalid_value':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
    case 'unrecognized_keys':
      return `The ${attribute} field is invalid.`
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
