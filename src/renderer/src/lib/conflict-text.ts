import type { FieldConflict } from '../outbox'

const FIELD_WORDS: Record<string, string> = {
  name: 'renamed it to',
  bg_colour: 'set the colour to',
  business_unit: 'set the business unit to',
}

const quoted = (text: string): string => `“${text}”`

/**
 * One line of a conflict the adviser settles with Keep mine / Keep Plannr's: both values in words
 * they know. A business unit is named (Plannr's copy names its own; ours is looked up in the
 * cache), and one that cannot be named is described in plain words, never shown as its uuid.
 */
export function conflictText(conflict: FieldConflict, unitName: (uuid: string) => string | null): string {
  const verb = FIELD_WORDS[conflict.field] ?? `set ${conflict.field} to`
  if (conflict.field !== 'business_unit')
    return `Plannr has ${quoted(conflict.theirs ?? 'none')}, you ${verb} ${quoted(conflict.mine ?? 'none')}.`
  const theirs =
    conflict.theirs === null
      ? quoted('none')
      : nameOf(conflict.theirsName ?? unitName(conflict.theirs), 'a business unit not on this computer yet')
  const mine =
    conflict.mine === null
      ? quoted('none')
      : nameOf(unitName(conflict.mine), 'a business unit no longer on this computer')
  return `Plannr has ${theirs}, you ${verb} ${mine}.`
}

function nameOf(name: string | null | undefined, unknown: string): string {
  return name ? quoted(name) : unknown
}
