import type { Dexie } from 'dexie'
import { interceptWrites } from './observe-writes'
import type { StoredParticipant } from './records'

/**
 * Every participant row carries `digest`: a 53-bit hash of the row as stored (its compact shape,
 * without the digest itself), indexed (db.ts, version 7). A full pass reads the index's keys once
 * (pass-digests.ts) and compares each account it receives by hashing the row it would write:
 * equal digests mean the cached row is exactly that row, so it is neither read nor written. Only
 * rows whose digest differs are read and compared field by field as before.
 *
 * The digest is stamped below Dexie's table API (a DBCore middleware on every put and add of
 * participants through a PlannrDb), from the value being written: no writer can store a row with
 * a digest of other content, whatever it spread from a row it read. A row stored before version 7
 * has none, and so no index entry: a pass treats it as changed and rewrites it once.
 */
export const DIGEST_FIELD = 'digest'

/** A participant row as IndexedDB holds it: the stored shape and, from version 7, its digest. */
export type DigestedParticipant = StoredParticipant & { [DIGEST_FIELD]?: number }

/**
 * The digest of a participant row in its stored shape; a `digest` field on it is ignored. The
 * same content with its fields in another order digests differently: that only costs a read.
 */
export function participantDigest(row: DigestedParticipant): number {
  return hash53(JSON.stringify(withoutDigest(row)))
}

/** The row without its digest (what readers and writers above Dexie see). */
export function withoutDigest(row: DigestedParticipant): StoredParticipant {
  if (!(DIGEST_FIELD in row)) return row
  const { [DIGEST_FIELD]: _digest, ...content } = row
  return content
}

/**
 * Two 32-bit multiplicative lanes over the UTF-16 code units, mixed at the end, folded into a
 * safe integer (53 bits). Not cryptographic: it only has to tell a row from the next version of
 * itself, where a collision (about one in 2^53 per changed row) would leave that row stale until
 * its next change.
 */
function hash53(text: string): number {
  let a = 0xdeadbeef
  let b = 0x41c6ce57
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index)
    a = Math.imul(a ^ unit, 2654435761)
    b = Math.imul(b ^ unit, 1597334677)
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909)
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909)
  return 4294967296 * (0x1fffff & b) + (a >>> 0)
}

/** Stamps the digest on every participant row `db` puts or adds. Call once per Dexie instance, before it opens. */
export function stampParticipantDigests(db: Dexie): void {
  interceptWrites(db, 'participant-digests', 'participants', (request) =>
    request.type === 'put' || request.type === 'add' ? { ...request, values: request.values.map(stamped) } : request,
  )
}

function stamped(value: unknown): unknown {
  if (!isStoredParticipant(value)) return value
  return { ...value, [DIGEST_FIELD]: participantDigest(value) }
}

function isStoredParticipant(value: unknown): value is StoredParticipant {
  return typeof value === 'object' && value !== null && 'uuid' in value && typeof value.uuid === 'string'
}
