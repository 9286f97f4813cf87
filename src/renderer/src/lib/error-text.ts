import { AppError, type AppErrorData } from '../../../shared/ipc/errors'

/** Plain words for what went wrong and what the user can do about it. */
export function describeError(error: unknown): string {
  const data: AppErrorData | null = error instanceof AppError ? error.data : null
  if (!data) return error instanceof Error ? error.message : 'Something went wrong.'
  return describeErrorData(data)
}

/**
 * The same for an error kept in state (the sync status, an outbox item's problem): its kind
 * decides the words, so a socket code such as ECONNREFUSED never reaches the screen.
 */
export function describeErrorData(data: Pick<AppErrorData, 'message' | 'retryAfterMs'> & { kind: string }): string {
  switch (data.kind) {
    case 'unauthenticated':
      return 'Plannr did not accept your sign-in. Check the token, or sign in again.'
    case 'forbidden':
      return 'Your Plannr account is not allowed to do this. An owner or admin of your firm may need to.'
    case 'not-found':
      return 'Plannr could not find this any more; it may have been deleted.'
    case 'validation':
      return data.message || 'Plannr did not accept some of the values.'
    case 'rate-limited':
      return `Plannr asked us to slow down; trying again in ${Math.ceil((data.retryAfterMs ?? 5000) / 1000)} s.`
    case 'network':
      return 'Plannr cannot be reached. Check your connection; your work is kept and will sync later.'
    case 'timeout':
      return 'Plannr took too long to answer. It will be tried again.'
    case 'server':
      return 'Plannr had a problem on its side. It will be tried again shortly.'
    case 'malformed-response':
      // Main's message is the whole sentence: what Plannr sent, where, and that nothing was saved.
      return data.message || 'Plannr sent an answer the app could not read. Your cached data is unchanged.'
    case 'keyring-unavailable':
      return data.message
    default:
      return data.message
  }
}

export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  return error instanceof AppError ? (error.data.fieldErrors ?? {}) : {}
}
