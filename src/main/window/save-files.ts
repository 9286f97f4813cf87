import { dialog, type BrowserWindow } from 'electron'
import { writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { AppError } from '../../shared/ipc/errors'
import type { SaveResult } from '../../shared/ipc/contract'
import type { DesktopFiles } from '../files/desktop-files'

export interface SaveFilesOptions {
  /** The window that asked: the dialog is attached to it, and it is what a PDF prints. */
  window: () => BrowserWindow | null
  /** Where the dialog starts (the user's Documents folder). */
  defaultDir: string
}

/**
 * Saving in the desktop app: the OS's save dialog, then the bytes written where the user chose.
 * The page names only a suggested file name; the folder is always the user's choice. A PDF is
 * the window printed with its print styles, which show the client sheet alone on one A4 page.
 */
export function electronFiles(options: SaveFilesOptions): DesktopFiles {
  async function save(
    suggestedName: string,
    filter: { name: string; extensions: string[] },
    bytes: () => Promise<Uint8Array> | Uint8Array,
  ): Promise<SaveResult> {
    const window = options.window()
    if (!window) throw new AppError({ kind: 'internal', message: 'There is no window to save from.' })
    const data = await bytes()
    const choice = await dialog.showSaveDialog(window, {
      defaultPath: join(options.defaultDir, suggestedName),
      filters: [filter],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    })
    if (choice.canceled || !choice.filePath) return { saved: false, fileName: null }
    try {
      await writeFile(choice.filePath, data)
    } catch (error) {
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error'
      throw new AppError({
        kind: 'internal',
        message: `Could not save ${basename(choice.filePath)} (${reason}). Choose another folder and try again.`,
      })
    }
    return { saved: true, fileName: basename(choice.filePath) }
  }

  return {
    saveCsv: (suggestedName, content) =>
      save(suggestedName, { name: 'CSV (comma-separated values)', extensions: ['csv'] }, () =>
        new TextEncoder().encode(content),
      ),
    savePdf: (suggestedName) =>
      save(suggestedName, { name: 'PDF', extensions: ['pdf'] }, async () => {
        const window = options.window()
        if (!window) throw new AppError({ kind: 'internal', message: 'There is no window to print.' })
        return window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true })
      }),
  }
}
