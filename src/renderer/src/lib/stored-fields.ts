/**
 * What a form can show of a stored payload its schema refuses (queued by an older version of the
 * app, say): a field of the type the form holds is kept as stored, so a name longer than Plannr
 * takes stays whole for the user to see next to its error and shorten, never cut behind their
 * back; a field of another type is left out, for the form's default.
 */
function field(payload: unknown, key: string): unknown {
  return payload !== null && typeof payload === 'object' ? Reflect.get(payload, key) : undefined
}

/** The stored text of `key`, or undefined when it is not text. */
export function storedText(payload: unknown, key: string): string | undefined {
  const value = field(payload, key)
  return typeof value === 'string' ? value : undefined
}

/** The stored list of texts (uuids) of `key`, without any entry that is not text; undefined when it is not a list. */
export function storedTexts(payload: unknown, key: string): string[] | undefined {
  const value = field(payload, key)
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined
}

/** Whether the payload has `key` at all (a field left out means "unchanged" in an edit). */
export function hasStored(payload: unknown, key: string): boolean {
  return payload !== null && typeof payload === 'object' && key in payload
}
