import { tick } from 'svelte'
import type { z } from 'zod'
import { errorFor, otherErrors, validateChanged, validateWith, type FieldErrors } from './field-errors'

/**
 * What every create/edit form shares: its field errors (from the shared zod schema on the spot,
 * or from Plannr's 422 afterwards), whether it is saving, and the submit sequence
 * validate → hand over → show what came back.
 */
export class FormState {
  errors = $state<FieldErrors>({})
  saving = $state(false)

  constructor(
    initialErrors: FieldErrors,
    private readonly fields: string[],
  ) {
    this.errors = initialErrors
  }

  /** The first message for a field (or its elements, e.g. `participants.2`). */
  error(field: string): string | null {
    return errorFor(this.errors, field)
  }

  /** Messages that belong to no field on the form, for a banner at the top. */
  get banner(): string[] {
    return otherErrors(this.errors, this.fields)
  }

  /** The user changed a field: its old error no longer describes what is there. */
  changed(field: string): void {
    const kept = Object.entries(this.errors).filter(([key]) => key !== field && !key.startsWith(`${field}.`))
    if (kept.length !== Object.keys(this.errors).length) this.errors = Object.fromEntries(kept)
  }

  /**
   * Validates `body` with `schema`; if it passes, hands it to `submit` and shows the errors it
   * returns. When errors come back, focus moves to the first invalid field of `form`, whose
   * aria-describedby names its message, so a screen reader reads the error with the field.
   */
  async submit<T>(
    schema: z.ZodType<T>,
    body: unknown,
    submit: (value: T) => Promise<FieldErrors | null>,
    form?: HTMLFormElement,
  ): Promise<void> {
    await this.hand(validateWith(schema, body), submit, form)
  }

  /**
   * `submit` for an edit form: only the fields that differ from `opened` (what the form opened
   * with) are checked on the spot (validateChanged); `partial` is the body's schema with every
   * field optional.
   */
  async submitEdit<T extends Record<string, unknown>>(
    partial: z.ZodType<Partial<T>>,
    body: T,
    opened: Partial<T>,
    submit: (value: T) => Promise<FieldErrors | null>,
    form?: HTMLFormElement,
  ): Promise<void> {
    await this.hand(validateChanged(partial, body, opened), submit, form)
  }

  private async hand<T>(
    checked: { ok: true; value: T } | { ok: false; errors: FieldErrors },
    submit: (value: T) => Promise<FieldErrors | null>,
    form?: HTMLFormElement,
  ): Promise<void> {
    if (!checked.ok) {
      this.errors = checked.errors
    } else {
      this.saving = true
      try {
        this.errors = (await submit(checked.value)) ?? {}
      } finally {
        this.saving = false
      }
    }
    if (Object.keys(this.errors).length > 0 && form?.isConnected) {
      await tick()
      const first =
        form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('.banner')
      first?.focus()
    }
  }
}
