export type SyncPhase = 'groups' | 'participants' | 'circles' | 'business-units' | 'done'

export interface SyncProgress {
  phase: SyncPhase
  groupsDone: number
  groupsTotal: number
  /**
   * Participants read so far in this sync. Per group, a participant in 3 groups counts 3 times;
   * the account plan reads each once (with its groups), and `groupsTotal` stays 0.
   */
  recordsDone: number
  /**
   * What this sync expects to read: per group, the groups' participant counts; by the account
   * plan, the first page's `meta.total` (less what an interrupted pass already read). Null when
   * unknown.
   */
  recordsTotal: number | null
  /** From the rate so far; null until there is a rate to go by. */
  estimatedRemainingMs: number | null
  requests: number
  /** Set while waiting out a 429 or a retry backoff. */
  waiting: { reason: 'rate-limited' | 'retry'; ms: number } | null
}

/** Counts what a sync did and turns it into progress events with a running time estimate. */
export class ProgressTracker {
  private readonly startedAt: number
  private state: SyncProgress = {
    phase: 'groups',
    groupsDone: 0,
    groupsTotal: 0,
    recordsDone: 0,
    recordsTotal: null,
    estimatedRemainingMs: null,
    requests: 0,
    waiting: null,
  }

  constructor(
    private readonly emit: (progress: SyncProgress) => void,
    private readonly now: () => number,
  ) {
    this.startedAt = now()
  }

  snapshot(): SyncProgress {
    return { ...this.state }
  }

  phase(phase: SyncPhase): void {
    this.update({ phase, waiting: null })
  }

  groups(total: number): void {
    this.update({ groupsTotal: total })
  }

  groupDone(): void {
    this.update({ groupsDone: this.state.groupsDone + 1 })
  }

  expect(records: number): void {
    this.update({ recordsTotal: (this.state.recordsTotal ?? 0) + records })
  }

  records(count: number): void {
    this.update({ recordsDone: this.state.recordsDone + count, waiting: null })
  }

  request(): void {
    this.state.requests += 1
  }

  waiting(reason: 'rate-limited' | 'retry', ms: number): void {
    this.update({ waiting: { reason, ms } })
  }

  private update(patch: Partial<SyncProgress>): void {
    const next = { ...this.state, ...patch }
    const elapsed = this.now() - this.startedAt
    next.estimatedRemainingMs =
      next.recordsTotal !== null && next.recordsDone > 0 && elapsed > 0
        ? Math.max(0, Math.round(((next.recordsTotal - next.recordsDone) * elapsed) / next.recordsDone))
        : null
    this.state = next
    this.emit(this.snapshot())
  }
}
