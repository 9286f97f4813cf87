/** Why the form cannot be queued, field by field (same keys as the API's 422 errors). */
export interface EnqueueRefusal {
  /** validation: the form's fields; not-saved: this computer could not store it (nothing queued). */
  kind: 'validation' | 'not-saved'
  message: string
  fieldErrors: Record<string, string[]>
}

export function refuse(fieldErrors: Record<string, string[]>): { ok: false; error: EnqueueRefusal } {
  const first = Object.values(fieldErrors)[0]?.[0]
  return {
    ok: false,
    error: { kind: 'validation', message: first ?? 'Please check the highlighted fields.', fieldErrors },
  }
}
