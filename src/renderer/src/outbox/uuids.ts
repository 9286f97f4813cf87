/**
 * Temporary uuids of records created offline. They are real v4 uuids, so they pass the shared
 * Uuid schema and can sit in any payload field a server uuid can; being random, one can never
 * collide with another string in a payload, which is what makes a blind deep replace safe.
 */
export function newTempUuid(): string {
  return crypto.randomUUID()
}

/**
 * A copy of `value` with every string equal to `from` (ignoring case) replaced by `to`. Stored
 * payloads are rewritten this way and read back through their schema (record.ts).
 */
export function replaceUuid(value: unknown, from: string, to: string): unknown {
  return replaceIn(value, from.toLowerCase(), to)
}

function replaceIn(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.toLowerCase() === from ? to : value
  if (Array.isArray(value)) return value.map((item) => replaceIn(item, from, to))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[key] = replaceIn(item, from, to)
    return out
  }
  return value
}

export function containsUuid(value: unknown, uuid: string): boolean {
  const wanted = uuid.toLowerCase()
  if (typeof value === 'string') return value.toLowerCase() === wanted
  if (Array.isArray(value)) return value.some((item) => containsUuid(item, wanted))
  if (value !== null && typeof value === 'object')
    return Object.values(value).some((item) => containsUuid(item, wanted))
  return false
}

/** Names compare as Plannr compares them: trimmed, ignoring case. */
export function foldName(name: string): string {
  return name.trim().toLowerCase()
}

export function sameUuidSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((id) => id.toLowerCase()))
  const right = new Set(b.map((id) => id.toLowerCase()))
  return left.size === right.size && [...left].every((id) => right.has(id))
}
