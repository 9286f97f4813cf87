import type { Ref } from '../../../shared/plannr/models'

/** Plannr's uuid for a record made offline whose create has landed since; null for any other. */
export type LandedUuid = (uuid: string) => Promise<string | null>

/**
 * The uuids a form holds, with each one its list no longer offers replaced by Plannr's uuid when
 * it names a record made offline whose create has landed since: the list then offers the record
 * under that uuid, and the form's choice must follow it to show it still chosen (and not send it
 * twice when picked again). A uuid held twice that way is kept once. Null when nothing changed.
 */
export async function followLanded(
  held: readonly string[],
  listed: readonly Ref[],
  landedUuid: LandedUuid,
): Promise<string[] | null> {
  const offered = new Set(listed.map((ref) => ref.uuid))
  const missing = held.filter((uuid) => !offered.has(uuid))
  const landed = new Map<string, string>()
  for (const uuid of missing) {
    const uuidOnPlannr = await landedUuid(uuid)
    if (uuidOnPlannr !== null) landed.set(uuid, uuidOnPlannr)
  }
  if (landed.size === 0) return null
  return [...new Set(held.map((uuid) => landed.get(uuid) ?? uuid))]
}
