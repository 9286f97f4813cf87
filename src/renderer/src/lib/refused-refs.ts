import { z } from 'zod'

/**
 * One element of a payload's list that Plannr refused: a 422 keys it by the list and its place
 * (`participants.1`, `account_uuids.0`), typically a record deleted on Plannr since it was chosen.
 */
export interface RefusedRef {
  /** The field error's key, e.g. `participants.1`. */
  key: string
  field: string
  index: number
  uuid: string
}

const INDEXED_KEY = /^([A-Za-z_]+)\.(\d+)$/
const PayloadFields = z.record(z.string(), z.unknown())
const UuidList = z.array(z.string())

/** The refused elements the field errors name, each found in the payload as sent. */
export function refusedRefs(fieldErrors: Record<string, string[]> | undefined, payload: unknown): RefusedRef[] {
  const fields = PayloadFields.safeParse(payload)
  if (!fields.success) return []
  const refs: RefusedRef[] = []
  for (const key of Object.keys(fieldErrors ?? {})) {
    const match = INDEXED_KEY.exec(key)
    if (!match?.[1] || !match[2]) continue
    const list = UuidList.safeParse(fields.data[match[1]])
    const index = Number(match[2])
    const uuid = list.success ? list.data[index] : undefined
    if (uuid !== undefined) refs.push({ key, field: match[1], index, uuid })
  }
  return refs
}

/**
 * Plannr refused nothing but these elements: sent again as it stands, the change would only be
 * refused again, and without them it would be accepted.
 */
export function refusesOnlyElements(
  fieldErrors: Record<string, string[]> | undefined,
  refs: readonly RefusedRef[],
): boolean {
  return refs.length > 0 && Object.keys(fieldErrors ?? {}).every((key) => refs.some((ref) => ref.key === key))
}

/**
 * The payload without the refused elements, the others in their order; null when Plannr refused
 * more than those elements (leaving them out would not be enough) or when a list would be left
 * empty (nothing valid is left to send).
 */
export function payloadWithout(
  payload: unknown,
  fieldErrors: Record<string, string[]> | undefined,
  refs: readonly RefusedRef[],
): Record<string, unknown> | null {
  const fields = PayloadFields.safeParse(payload)
  if (!fields.success || !refusesOnlyElements(fieldErrors, refs)) return null
  const next: Record<string, unknown> = { ...fields.data }
  for (const field of new Set(refs.map((ref) => ref.field))) {
    const list = UuidList.parse(fields.data[field])
    const refused = new Set(refs.filter((ref) => ref.field === field).map((ref) => ref.index))
    const kept = list.filter((_, index) => !refused.has(index))
    if (kept.length === 0) return null
    next[field] = kept
  }
  return next
}
