import { describeErrorData } from '../lib/error-text'
import { countText, plural } from '../lib/format'
import type { SyncStatus } from '../sync'
import type { SyncView } from './rows'

/** The status bar's view of the sync engine: running or not, how far, and what it waits for. */
export function describeSync(status: SyncStatus): SyncView {
  const progress = status.progress
  const running = status.state === 'syncing'
  let label: string | null = null
  let fraction: number | null = null
  if (running && progress) {
    fraction = progress.recordsTotal ? Math.min(1, progress.recordsDone / progress.recordsTotal) : null
    const eta =
      progress.estimatedRemainingMs !== null
        ? ` · about ${Math.max(1, Math.round(progress.estimatedRemainingMs / 1000))} s left`
        : ''
    label = progress.waiting
      ? `Waiting ${Math.ceil(progress.waiting.ms / 1000)} s (${progress.waiting.reason === 'rate-limited' ? 'Plannr asked us to slow down' : 'retrying'})`
      : progress.groupsTotal > 0
        ? `Syncing ${progress.groupsDone}/${progress.groupsTotal} groups · ${plural(progress.recordsDone, 'record')}${eta}`
        : progress.recordsTotal
          ? // The account plan reads every participant once, across groups: how many of them.
            `Syncing ${countText(Math.min(progress.recordsDone, progress.recordsTotal), progress.recordsTotal, 'participant')}${eta}`
          : 'Syncing…'
  }
  const error =
    status.state === 'error' && status.lastError ? `Sync failed: ${describeErrorData(status.lastError)}` : null
  return { running, fraction, label, error }
}
