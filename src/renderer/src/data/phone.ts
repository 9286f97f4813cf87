/**
 * Phone numbers in one form for the search index and for what the user types, so "+44 7700
 * 900123", "0044 7700 900 123" and "07700900123" are the same number: digits only, the UK
 * country code written as the national trunk prefix 0, any other country code after 00.
 */
export function normalisePhone(text: string): string {
  const trimmed = text.trim()
  let digits = trimmed.replace(/\D+/gu, '')
  if (trimmed.startsWith('+')) digits = `00${digits}`
  if (!digits.startsWith('0044')) return digits
  digits = `0${digits.slice(4)}`
  // "+44 (0)7700 900123" writes the trunk prefix after the country code as well.
  return digits.startsWith('00') ? digits.slice(1) : digits
}

/** The fewest digits that make typed text a phone number rather than, say, a year in a name. */
const MIN_QUERY_DIGITS = 3

/**
 * What the user typed as a phone number prefix, or null when it is not one: only digits,
 * spaces and + ( ) . - with at least three digits. A number typed without its leading 0
 * ("7700 900") is taken as a UK number without its trunk prefix.
 */
export function phoneQuery(text: string): string | null {
  const trimmed = text.trim()
  if (!/^[\d\s+().-]+$/u.test(trimmed)) return null
  if (trimmed.replace(/\D+/gu, '').length < MIN_QUERY_DIGITS) return null
  const normalised = normalisePhone(trimmed)
  return normalised.startsWith('0') ? normalised : `0${normalised}`
}
