/**
 * `mailto:` and `tel:` links for a participant's email and phone. Main opens only a link to one
 * plain address or one number (anything else is refused there), so a value that could not make
 * such a link gets none here and is shown as text.
 */
export function mailtoHref(email: string | null | undefined): string | null {
  const address = email?.trim() ?? ''
  return /^[^\s@,;:?#/\\<>"]{1,64}@[^\s@,;:?#/\\<>"]{1,255}$/.test(address) ? `mailto:${address}` : null
}

/** Dialled as written, minus the spaces and brackets people type ("+44 (0)20 7946 0018"). */
export function telHref(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\(0\)/g, '').replace(/[\s().-]/g, '')
  return /^\+?[0-9]{3,20}$/.test(digits) ? `tel:${digits}` : null
}
