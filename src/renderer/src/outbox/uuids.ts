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
  const wanted = from.toLowerCase()
  return mapStrings(value, (text) => (text.toLowerCase() === wanted ? to : text))
}

/**
 * `value` with every string that `renamed` holds (by its lower case) replaced by what it maps to.
 * Only strings change, each into a string, so the copy has the shape and type of `value`.
 */
export function replaceUuids<T>(value: T, renamed: ReadonlyMap<string, string>): T {
  if (renamed.size === 0) return value
  // Strings swapped for strings in a copy of the same structure: still a T.
  return mapStrings(value, (text) => renamed.get(text.toLowerCase()) ?? text) as T
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value)
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, map)
    return out
  }
  return value
}

/** Every string in `value`, at any depth. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsIn)
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn)
  return []
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

/** `uuids` without `uuid` (compared ignoring case). */
export function withoutUuid(uuids: readonly string[], uuid: string): string[] {
  const unwanted = uuid.toLowerCase()
  return uuids.filter((id) => id.toLowerCase() !== unwanted)
}
