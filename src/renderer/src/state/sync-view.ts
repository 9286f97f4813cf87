import type { AppErrorData } from '../../../shared/ipc/errors'
import { describeErrorData } from '../lib/error-text'
import { countText, formatClock, plural } from '../lib/format'
import type { SyncProgress, SyncStatus } from '../sync'
import type { SyncView } from './rows'

/**
 * The status bar's view of the sync engine: running or not, how far, and what it waits for.
 * `online` is whether Plannr answers and works (main's connectivity): a run that goes on while
 * it does not is trying to reach Plannr, not syncing, and the bar says so rather than "Syncing"
 * beside "Offline" or "Plannr unavailable".
 */
export function describeSync(status: SyncStatus, online: boolean): SyncView {
  const progress = status.progress
  const running = status.state === 'syncing'
  let label: string | null = null
  let fraction: number | null = null
  if (running && progress) {
    fraction = progress.recordsTotal ? Math.min(1, progress.recordsDone / progress.recordsTotal) : null
    label = progress.waiting
      ? `Waiting ${Math.ceil(progress.waiting.ms / 1000)} s (${progress.waiting.reason === 'rate-limited' ? 'Plannr asked us to slow down' : 'retrying'})`
      : online
        ? syncingText(progress)
        : unreachableText(progress)
  }
  const unfinished = status.state === 'offline' && online ? status.lastError : null
  if (unfinished)
    return { running, fraction, label, error: unfinishedText(unfinished, status.nextRunAt), errorRetries: true }
  const error =
    status.state === 'error' && status.lastError ? `Sync failed: ${describeErrorData(status.lastError)}` : null
  return { running, fraction, label, error, errorRetries: false }
}

/** Short reasons: the sentence goes on with when it is tried again. */
const UNFINISHED_REASONS: Partial<Record<AppErrorData['kind'], string>> = {
  server: 'Plannr had a problem on its side',
  timeout: 'Plannr took too long to answer',
  network: 'the connection to Plannr failed',
  'rate-limited': 'Plannr asked us to slow down',
}

/**
 * A run that gave up on a failure the engine retries by itself (a 500, a timeout, a renewal that
 * failed) while Plannr otherwise answers: the bar says "Online", so without this the adviser would
 * take the cache for current.
 */
function unfinishedText(error: AppErrorData, nextRunAt: number | null): string {
  const reason = UNFINISHED_REASONS[error.kind] ?? describeErrorData(error).replace(/\.$/, '')
  const retry = nextRunAt === null ? '' : ` · retrying at ${formatClock(nextRunAt)}`
  return `Sync could not finish: ${reason}${retry}`
}

/** How far the run got: groups, or (the account plan reads every participant once) participants. */
function doneText(progress: SyncProgress): string | null {
  if (progress.groupsTotal > 0) return `${progress.groupsDone}/${progress.groupsTotal} groups`
  if (progress.recordsTotal)
    return countText(Math.min(progress.recordsDone, progress.recordsTotal), progress.recordsTotal, 'participant')
  return null
}

function syncingText(progress: SyncProgress): string {
  const eta =
    progress.estimatedRemainingMs !== null
      ? ` · about ${Math.max(1, Math.round(progress.estimatedRemainingMs / 1000))} s left`
      : ''
  const done = doneText(progress)
  if (done === null) return 'Syncing…'
  return progress.groupsTotal > 0
    ? `Syncing ${done} · ${plural(progress.recordsDone, 'record')}${eta}`
    : `Syncing ${done}${eta}`
}

function unreachableText(progress: SyncProgress): string {
  const done = doneText(progress)
  return done === null ? 'Trying to reach Plannr…' : `Trying to reach Plannr · ${done} so far`
}
