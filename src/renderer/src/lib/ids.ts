let counter = 0

/** A document-unique id for labelling (aria-labelledby, aria-controls) in components shown more than once. */
export function nextId(prefix: string): string {
  counter += 1
  return `${prefix}-${counter}`
}
