import type { IpcResult } from '../../../../shared/ipc/errors'
import type { SentClock } from '../../data'
import type { Operation, OutboxApi } from '../types'
import { findAll } from './lookup'

/**
 * Evidence that a record found after an unknown outcome was made by our request, not by
 * somebody else: it was created at or after our first send, and it holds what we sent. Without
 * it the operation goes on as if nothing was found (for a group, the resend then gets Plannr's
 * "already taken" and the user decides).
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

/**
 * The earliest `created_at` (epoch ms, Plannr's clock) a record made by this operation can have:
 * our first send moved onto Plannr's clock by the offset main measured from its `Date` headers,
 * less that measurement's error and created_at's resolution. The reading stored with the send is
 * used when there is one: a reading taken now would be off by any correction of this computer's
 * clock since the send.
 */
export async function earliestCreatedAt(api: OutboxApi, op: Operation<unknown>): Promise<number> {
  const sentAt = op.firstSentAt ?? Date.parse(op.createdAt)
  const atSend = op.firstSentAt !== null && op.firstSentAt !== undefined ? op.firstSentClock : null
  if (atSend) return sentAt + atSend.offsetMs - atSend.errorMs - CREATED_AT_RESOLUTION_MS
  const clock = await api.app.serverClock()
  const offsetMs = clock.ok ? clock.value.offsetMs : null
  const errorMs = clock.ok && offsetMs !== null ? (clock.value.errorMs ?? UNKNOWN_SKEW_MS) : UNKNOWN_SKEW_MS
  return sentAt + (offsetMs ?? 0) - errorMs - CREATED_AT_RESOLUTION_MS
}

/** Created at or after `earliest`; a record without a readable creation time is no evidence. */
export function createdSince(createdAt: string | null, earliest: number): boolean {
  if (createdAt === null) return false
  const time = Date.parse(createdAt)
  return Number.isFinite(time) && time >= earliest
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
