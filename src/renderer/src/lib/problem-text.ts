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

function fieldLabel(key: string): string {
  const base = key.split('.')[0] ?? key
  return FIELD_LABELS[base] ?? capitalise(base.replace(/_/g, ' '))
}

/**
 * A problem as lines a person reads: a summary in plain words (none when it only repeats a field
 * error, as Plannr's 422 summary often does) and one line per field, each message once.
 */
export function problemLines(problem: ProblemInput): { summary: string | null; fields: string[] } {
  const byLabel = new Map<string, Set<string>>()
  for (const [key, messages] of Object.entries(problem.fieldErrors ?? {})) {
    const label = fieldLabel(key)
    const seen = byLabel.get(label) ?? new Set<string>()
    for (const message of messages) seen.add(message)
    byLabel.set(label, seen)
  }
  const fieldMessages = new Set([...byLabel.values()].flatMap((messages) => [...messages]))
  const plain = describeErrorData(problem)
  const summary = plain && !fieldMessages.has(plain) && !fieldMessages.has(problem.message) ? plain : null
  return { summary, fields: [...byLabel].map(([label, messages]) => `${label}: ${[...messages].join(' ')}`) }
}
