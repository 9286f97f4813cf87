/**
 * The sync's stored stamps (when a full pass ended) are wall-clock times, and the wall clock may
 * have run ahead when one was written (another OS on the same machine, a virtual machine) and
 * been put right since: the stamp then lies in the future. Read as fresh, it would keep the
 * group from its full pass and its count repair until real time caught up with it, while the app
 * says it synced just now. A stamp after now therefore counts as due, never as fresh.
 */

/** A full pass is due: never made, made `everyMs` or longer ago, or stamped after now (or unreadable). */
export function fullPassDue(lastFullSyncAt: string | null, now: number, everyMs: number): boolean {
  if (lastFullSyncAt === null) return true
  const at = Date.parse(lastFullSyncAt)
  if (!Number.isFinite(at) || at > now) return true
  return now - at >= everyMs
}

/** The stamp falls between `since` and now: written since then, and not by a clock that ran ahead. */
export function stampedSince(stamp: string | null, since: number, now: number): boolean {
  if (stamp === null) return false
  const at = Date.parse(stamp)
  return at >= since && at <= now
}
