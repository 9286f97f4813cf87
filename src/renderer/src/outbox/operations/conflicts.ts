import type { FieldConflict } from '../types'

export interface FieldCheck {
  field: string
  /** undefined: the edit does not change this field. */
  mine: string | null | undefined
  base: string | null
  theirs: string | null
  /** Plannr's value as a person knows it, where the value is an id (see FieldConflict). */
  theirsName?: string | null
}

/** Outcome of comparing an edit with the server copy, field by field. */
export interface Comparison {
  conflicts: FieldConflict[]
  /** Fields the edit changes that Plannr does not have yet. */
  toSend: string[]
}

/**
 * A field conflicts when Plannr's copy changed since the edit's base (its updated_at is newer,
 * or we had no base time) AND its value is neither the base nor ours: someone else set a third
 * value, and silently overwriting it would lose their change. Comparing values as well as
 * times keeps our own earlier, already-sent edits (which bump updated_at) from counting.
 */
export function compareFields(
  checks: readonly FieldCheck[],
  baseUpdatedAt: string | null,
  serverUpdatedAt: string,
): Comparison {
  const serverNewer = baseUpdatedAt === null || Date.parse(serverUpdatedAt) > Date.parse(baseUpdatedAt)
  const conflicts: FieldConflict[] = []
  const toSend: string[] = []
  for (const check of checks) {
    if (check.mine === undefined || same(check.theirs, check.mine)) continue
    if (serverNewer && !same(check.theirs, check.base))
      conflicts.push({
        field: check.field,
        theirs: check.theirs,
        mine: check.mine,
        ...(check.theirsName !== undefined ? { theirsName: check.theirsName } : {}),
      })
    else toSend.push(check.field)
  }
  return { conflicts, toSend }
}

function same(a: string | null, b: string | null): boolean {
  return (a ?? null) === (b ?? null)
}
