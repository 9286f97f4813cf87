import type { IpcResult } from '../../../../shared/ipc/errors'

/**
 * A 404 on an edit means the record is gone from Plannr: say so in words the user can act on
 * (needs attention; they decide). The app does not offer to re-create it.
 */
export function notFoundAsDeleted<T>(result: IpcResult<T>, what: string): IpcResult<T> {
  if (result.ok || result.error.kind !== 'not-found') return result
  return {
    ok: false,
    error: {
      ...result.error,
      message: `This ${what} was deleted on Plannr, so your change cannot be sent. Discard it.`,
    },
  }
}
