import type { IpcResult } from '../../../../shared/ipc/errors'
import type { SentClock } from '../../data'
import { ANSWER_WAIT_MS } from '../settle'
import type { Operation, OutboxApi, ReconcileContext } from '../types'
import { findAll } from './lookup'

/**
 * Evidence that a record found after an unknown outcome was made by our request, not by
 * somebody else: it was created at or after our first send and no later than our latest send
 * could still have been running on Plannr, and it holds what we sent. Without it the operation
 * goes on as if nothing was found (for a group, the resend then gets Plannr's "already taken" and
 * the user decides).
 */

/** Used when main has no reading of Plannr's clock (no answer seen yet): a wide allowance. */
const UNKNOWN_SKEW_MS = 2 * 60_000
/** `created_at` has one-second resolution. */
const CREATED_AT_RESOLUTION_MS = 1_000

/** A reading of Plannr's clock older than this when a send leaves is not stored with it. */
const SEND_READING_MAX_AGE_MS = 5 * 60_000

/**
 * Main's reading of Plannr's clock, to store with a first send: null when there is none, or when
 * it is old enough that this computer's clock may have been put right since (a wake).
 */
export async function clockAtSend(api: OutboxApi, now: number): Promise<SentClock | null> {
  const clock = await api.app.serverClock()
  if (!clock.ok) return null
  const { offsetMs, errorMs, measuredAt } = clock.value
  if (offsetMs === null || errorMs === null || measuredAt === null) return null
  return now - Date.parse(measuredAt) <= SEND_READING_MAX_AGE_MS ? { offsetMs, errorMs } : null
}

/** The `created_at` (epoch ms, Plannr's clock) a record made by this operation can have. */
export interface CreationWindow {
  earliest: number
  /** Infinity when nothing says when the operation was last sent. */
  latest: number
}

/**
 * A moment of this computer's clock moved onto Plannr's by the offset main measured from its
 * `Date` headers, with how far off that can be (the measurement's error and created_at's
 * resolution). The reading stored with a send is used when there is one: a reading taken now
 * would be off by any correction of this computer's clock since the send.
 */
async function onPlannrClock(
  api: OutboxApi,
  at: number,
  atSend: SentClock | null | undefined,
): Promise<{ at: number; allowanceMs: number }> {
  if (atSend) return { at: at + atSend.offsetMs, allowanceMs: atSend.errorMs + CREATED_AT_RESOLUTION_MS }
  const clock = await api.app.serverClock()
  const offsetMs = clock.ok ? clock.value.offsetMs : null
  const errorMs = clock.ok && offsetMs !== null ? (clock.value.errorMs ?? UNKNOWN_SKEW_MS) : UNKNOWN_SKEW_MS
  return { at: at + (offsetMs ?? 0), allowanceMs: errorMs + CREATED_AT_RESOLUTION_MS }
}

/**
 * When a record made by this operation can have been created, on Plannr's clock. Not before our
 * first send. Not after our latest send (one after which the outcome stayed in doubt) could have
 * stopped running on Plannr: its `lastSentAt` is when its failure came back (failure.ts), and
 * Plannr may go on for the settle window after that. A send the app closed on has only the moment
 * the engine handed it to main: `ANSWER_WAIT_MS` (main's own wait for an answer) is added for it,
 * and kept for all as slack. Lookups that keep failing, or an app closed for days, keep the
 * operation in doubt, and a record a colleague made in the meantime is not ours.
 */
export async function creationWindow(
  api: OutboxApi,
  op: Operation<unknown>,
  context: ReconcileContext,
): Promise<CreationWindow> {
  const first = op.firstSentAt ?? null
  const from = await onPlannrClock(api, first ?? Date.parse(op.createdAt), first === null ? null : op.firstSentClock)
  const earliest = from.at - from.allowanceMs
  // A row stored before the latest send was kept has only its first: taken as the latest. A later
  // send follows only a lookup that found nothing after the settle window, so the first is
  // usually the latest; when a resend did land, its record is now too late and is sent again (a
  // group or unit refused as "already taken", the user decides; a circle made twice), which is
  // better than silently taking a colleague's record for ours and never making ours. A row with
  // neither (stored before send times were kept) gives no bound: it may have waited days to be sent.
  const last = op.lastSentAt ?? first
  if (last === null) return { earliest, latest: Number.POSITIVE_INFINITY }
  const to = await onPlannrClock(api, last, op.lastSentAt != null ? op.lastSentClock : op.firstSentClock)
  return { earliest, latest: to.at + ANSWER_WAIT_MS + context.settleMs + to.allowanceMs }
}

/** Created within `window`; a record without a readable creation time is no evidence. */
export function createdWithin(createdAt: string | null, window: CreationWindow): boolean {
  if (createdAt === null) return false
  const time = Date.parse(createdAt)
  return Number.isFinite(time) && time >= window.earliest && time <= window.latest
}

/** Names as Plannr stores what we sent (the shared Name schema trimmed it before sending). */
export function sameName(found: string, sent: string): boolean {
  return found.trim() === sent.trim()
}

export function sameUuid(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase()
}

/** Every participant uuid of a group on Plannr, all pages. */
export async function groupMemberUuids(api: OutboxApi, groupUuid: string): Promise<IpcResult<string[]>> {
  const found = await findAll(
    async (page, perPage) => {
      const result = await api.groups.participants({ groupUuid, query: { page, perPage } })
      return result.ok ? { ok: true, value: result.value.page } : result
    },
    () => true,
  )
  return found.ok ? { ok: true, value: found.value.map((participant) => participant.uuid) } : found
}

/** The oldest of `records` (ours is the first one made after our send). */
export function oldest<T extends { createdAt: string | null }>(records: readonly T[]): T | null {
  return [...records].sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''))[0] ?? null
}
