import { AppError, type IpcResult } from '../../../shared/ipc/errors'

/** Unwraps a contract result: the value, or an AppError the UI can show by kind. */
export async function unwrap<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  const result = await pending
  if (result.ok) return result.value
  throw new AppError(result.error)
}
