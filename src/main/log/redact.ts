/**
 * Last line of defence for "tokens never appear in logs or errors": strips anything that looks
 * like a bearer credential from text before it is logged or sent to the renderer. The real
 * protection is that tokens are never put into messages; this catches mistakes.
 */
const patterns: RegExp[] = [
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /((?:access_token|refresh_token|client_secret|code_verifier|token)["']?\s*[:=]\s*["']?)[^"'&\s,}]{6,}/gi,
]

const knownSecrets = new Set<string>()

/** Registers a live secret so any accidental appearance of it is redacted verbatim. */
export function registerSecret(secret: string): void {
  if (secret.length >= 6) knownSecrets.add(secret)
}

export function redactSecrets(text: string): string {
  let out = text
  for (const secret of knownSecrets) out = out.split(secret).join('[redacted]')
  for (const pattern of patterns) out = out.replace(pattern, '$1[redacted]')
  return out
}
