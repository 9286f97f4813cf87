/** Errors that mean the database went away under us (the app is closing): stop quietly. */
export function isClosed(error: unknown): boolean {
  return error instanceof Error && (error.name === 'DatabaseClosedError' || error.name === 'InvalidStateError')
}
