import { foldText } from '../../../shared/plannr/participant-query'

/**
 * Splits folded text into words: letters and digits, anything else separates (and so does the
 * modifier-letter apostrophe, which Unicode counts as a letter).
 */
function splitWords(folded: string): string[] {
  return folded.split(/(?:[^\p{L}\p{N}]|\u02bc)+/u).filter((word) => word !== '')
}

/** Apostrophes as names are typed and pasted: straight, curly, modifier letter. */
const APOSTROPHE = "['\u2018\u2019\u02bc]"
const ELIDED = new RegExp(`[\\p{L}\\p{N}]+(?:${APOSTROPHE}[\\p{L}\\p{N}]+)+`, 'gu')
const APOSTROPHES = new RegExp(APOSTROPHE, 'gu')

/**
 * Words written with an apostrophe inside, joined up ("o'brien" → "obrien"): people type
 * O'Brien, D'Souza and O'Neill without it as often as with it. The parts stay words too, so
 * typing the apostrophe (any kind of it) finds the name as before.
 */
function elidedWords(folded: string): string[] {
  return (folded.match(ELIDED) ?? []).map((word) => word.replace(APOSTROPHES, ''))
}

/**
 * The words a participant is found by when typing: every word of the first, last and full
 * name, and the email words (emailWords) of both addresses: the primary one, which the details
 * and exports show, and the deprecated `email`, which may be another address or null. Folded like filter[name], so "zoe" finds "Zoë"; a word
 * with an apostrophe also joined up, so "obrien" finds "O'Brien".
 *
 * Plus the full name's words joined by single spaces (`namePhrase`), so a name typed in order
 * ("smith family tr") is one prefix range rather than an intersection of three common words.
 * It contains spaces and no '@', so no typed token (which has neither) can match it without
 * also matching the name's first word: it adds speed, not matches.
 */
export function searchWords(participant: {
  firstName: string
  lastName: string
  name: string
  email: string | null
  primaryEmail: { value: string } | null
}): string[] {
  const words = new Set<string>()
  for (const text of [participant.firstName, participant.lastName, participant.name]) {
    const folded = foldText(text)
    for (const word of splitWords(folded)) words.add(word)
    for (const word of elidedWords(folded)) words.add(word)
  }
  const phrase = namePhrase(participant.name)
  if (phrase.includes(' ')) words.add(phrase)
  for (const address of [participant.primaryEmail?.value, participant.email]) {
    for (const word of emailWords(address)) words.add(word)
  }
  return [...words]
}

/**
 * The words an email address is found by: the whole address (so "jane.doe@ex" matches as
 * typed) and the words of its local part (so "doe" finds jane.doe@…).
 */
export function emailWords(address: string | null | undefined): string[] {
  const email = foldText((address ?? '').trim())
  if (email === '') return []
  const at = email.indexOf('@')
  return [...new Set([email, ...splitWords(at >= 0 ? email.slice(0, at) : email)])]
}

/**
 * What the user typed, as prefixes to match against search words. A chunk containing '@' is
 * an email prefix and kept whole; anything else is split like names are.
 */
export function searchTokens(text: string): string[] {
  const tokens: string[] = []
  for (const chunk of foldText(text).trim().split(/\s+/u)) {
    if (chunk === '') continue
    if (chunk.includes('@')) tokens.push(chunk)
    else tokens.push(...splitWords(chunk))
  }
  return [...new Set(tokens)]
}

/** The name's folded words joined by single spaces: "Stanton-Green Builders" → "stanton green builders". */
function namePhrase(name: string): string {
  return splitWords(foldText(name)).join(' ')
}
