/**
 * Sets of uuids as deltas: what an edit adds and removes, compared case-insensitively (Plannr
 * answers uuids in lower case; a pending record's temporary uuid may not be). Pure, so the rules
 * that keep a queue of membership and circle edits meaningful are testable on their own.
 */
export interface Delta {
  add: string[]
  remove: string[]
}

export function lowerSet(uuids: readonly string[]): Set<string> {
  return new Set(uuids.map((uuid) => uuid.toLowerCase()))
}

/** `a − b`, keeping a's order and spelling. */
export function minus(a: readonly string[], b: readonly string[]): string[] {
  const drop = lowerSet(b)
  return a.filter((uuid) => !drop.has(uuid.toLowerCase()))
}

/** `a ∪ b`: a's items, then b's that a lacks. */
export function union(a: readonly string[], b: readonly string[]): string[] {
  return [...a, ...minus(b, a)]
}

/** The delta that turns `from` into `to`. */
export function deltaBetween(from: readonly string[], to: readonly string[]): Delta {
  return { add: minus(to, from), remove: minus(from, to) }
}

/**
 * A queued delta followed by a newer one, as one delta with the same effect on any server set:
 * `add' = (add − removed) ∪ (added − remove)`, and symmetrically. An item added then removed (or
 * removed then added) leaves both lists, so nothing is sent for it.
 */
export function composeDelta(prior: Delta, next: Delta): Delta {
  return {
    add: union(minus(prior.add, next.remove), minus(next.add, prior.remove)),
    remove: union(minus(prior.remove, next.add), minus(next.remove, prior.add)),
  }
}

/** `server ∪ added − removed`, in the server's order then the added ones: never loses a newer server change. */
export function applyDelta(server: readonly string[], added: readonly string[], removed: readonly string[]): string[] {
  const out = new Map<string, string>()
  for (const uuid of [...server, ...added]) out.set(uuid.toLowerCase(), uuid)
  for (const uuid of removed) out.delete(uuid.toLowerCase())
  return [...out.values()]
}
