import { describeErrorData } from './error-text'
import { capitalise } from './format'

/** What the Waiting-to-sync card needs from an outbox item's problem. */
export interface ProblemInput {
  kind: string
  message: string
  fieldErrors?: Record<string, string[]>
}

/** The forms' own words for the API's field keys (`participants.2` is one of the participants). */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  participants: 'Participants',
  account_uuids: 'Accounts',
  group_uuids: 'Groups',
  bg_colour: 'Colour',
  business_unit: 'Business unit',
}

/** One element of each list, for a message about a single refused element. */
const ELEMENT_WORDS: Record<string, string> = {
  participants: 'participant',
  account_uuids: 'account',
  group_uuids: 'group',
}

function fieldLabel(key: string): string {
  const base = key.split('.')[0] ?? key
  return FIELD_LABELS[base] ?? capitalise(base.replace(/_/g, ' '))
}

/**
 * A message about one element of a list (`participants.1`) says which one: Plannr's own words
 * name only its place in the request, which the user never saw.
 */
function naming(key: string, message: string, name: string | null): string {
  if (name === null) return message
  const base = key.split('.')[0] ?? key
  const element = ELEMENT_WORDS[base] ?? 'item'
  return message.includes(key) ? message.replaceAll(key, `${element} ${name}`) : `${name}: ${message}`
}

/**
 * A problem as lines a person reads: a summary in plain words (none when it only repeats a field
 * error, as Plannr's 422 summary often does) and one line per field, each message once.
 * `elementName` names the element a key such as `participants.1` stands for, when known.
 */
export function problemLines(
  problem: ProblemInput,
  elementName: (key: string) => string | null = () => null,
): { summary: string | null; fields: string[] } {
  const byLabel = new Map<string, Set<string>>()
  const fieldMessages = new Set<string>()
  for (const [key, messages] of Object.entries(problem.fieldErrors ?? {})) {
    const label = fieldLabel(key)
    const seen = byLabel.get(label) ?? new Set<string>()
    for (const message of messages) {
      fieldMessages.add(message)
      seen.add(naming(key, message, elementName(key)))
    }
    byLabel.set(label, seen)
  }
  const plain = describeErrorData(problem)
  const summary = plain && !fieldMessages.has(plain) && !fieldMessages.has(problem.message) ? plain : null
  return { summary, fields: [...byLabel].map(([label, messages]) => `${label}: ${[...messages].join(' ')}`) }
}
