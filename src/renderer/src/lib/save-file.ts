import type { SaveResult } from '../../../shared/ipc/contract'
import type { SessionApi } from '../../../shared/ipc/plannr-api'
import { unwrap } from './ipc'

/**
 * Saves a CSV: in the desktop app through main's save dialog; in a browser (the web shell) as a
 * download, which the browser saves where it saves downloads.
 */
export async function saveCsv(
  api: SessionApi,
  electron: boolean,
  suggestedName: string,
  content: string,
): Promise<SaveResult> {
  if (electron) return unwrap(api.files.saveCsv({ suggestedName, content }))
  const url = URL.createObjectURL(new Blob([content], { type: 'text/csv;charset=utf-8' }))
  try {
    const link = document.createElement('a')
    link.href = url
    link.download = suggestedName
    link.click()
  } finally {
    // The click has handed the blob to the download; a moment later it is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  return { saved: true, fileName: suggestedName }
}
