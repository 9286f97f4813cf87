import type { SaveResult } from '../../shared/ipc/contract'

/**
 * What saving a file takes from the host: Electron's save dialog, a write to the chosen path,
 * and printing the window to PDF. The web shell has none of these (the browser downloads and
 * prints there), so it passes no DesktopFiles and the channels say they are desktop-only.
 */
export interface DesktopFiles {
  saveCsv(suggestedName: string, content: string): Promise<SaveResult>
  savePdf(suggestedName: string): Promise<SaveResult>
}
