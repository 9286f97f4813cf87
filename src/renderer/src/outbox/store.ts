import type { OutboxRecord, PlannrDb, SentClock } from '../data'
import { inOutboxTransaction } from './tables'
import type { OperationKindName } from './operations/registry'
import { OpProblemSchema } from './problem'
import { settling } from './settle'
import { isUnreadable, readRecord, type OpOf, type QueuedOp, type StoredOp } from './record'

/**
 * The queue store: every read of the outbox table goes through here and is parsed once
 * (record.ts), and the lifecycle writes (new record, next seq, status, release) are here too.
 * enqueue.ts and edit.ts make new records with their dependencies; actions.ts releases, refuses
 * and discards them. None of the writes resurrects an operation discarded meanwhile.
 */

const read = (rows: readonly OutboxRecord[]): StoredOp[] => rows.map(readRecord)
const bySeq = (a: StoredOp, b: StoredOp): number => a.seq - b.seq

export async function getOp(db: PlannrDb, id: string): Promise<StoredOp | undefined> {
  const row = await db.outbox.get(id)
  return row ? readRecord(row) : undefined
}

/**
 * Rows read by the last whole-queue reads, by id with their stored text: a snapshot of a long
 * queue parses only the rows that changed since (comparing the text costs far less than parsing).
 */
const lastRead = new Map<string, { text: string; op: StoredOp }>()
const MAX_REMEMBERED = 20_000

function readRemembered(row: OutboxRecord): StoredOp {
  const text = JSON.stringify(row)
  const known = lastRead.get(row.id)
  if (known?.text === text) return known.op
  const op = readRecord(row)
  if (lastRead.size >= MAX_REMEMBERED) lastRead.clear()
  lastRead.set(row.id, { text, op })
  return op
}

/** The whole queue (for snapshots). */
export async function allOps(db: PlannrDb): Promise<StoredOp[]> {
  return (await db.outbox.toArray()).map(readRemembered)
}

/** Operations queued for one record, oldest first. */
export async function opsOn(db: PlannrDb, subjectUuid: string): Promise<StoredOp[]> {
  return read(await db.outbox.where('subjectUuid').equalsIgnoreCase(subjectUuid).toArray()).sort(bySeq)
}

/** Operations queued for any of these records (by index, so the cost does not grow with the queue). */
export async function opsOnAny(db: PlannrDb, subjectUuids: readonly string[]): Promise<StoredOp[]> {
  return read(
    await db.outbox
      .where('subjectUuid')
      .anyOfIgnoreCase([...subjectUuids])
      .toArray(),
  )
}

/** Operations waiting for `id`. */
export async function opsWaitingFor(db: PlannrDb, id: string): Promise<StoredOp[]> {
  return read(await db.outbox.where('dependsOn').equals(id).toArray())
}

/** Operations whose payload has this name, ignoring case (through the `payload.name` index). */
export async function opsNamed(db: PlannrDb, name: string): Promise<StoredOp[]> {
  return read(await db.outbox.where('payload.name').equalsIgnoreCase(name).toArray())
}

/** Queued operations whose payload's `base_name` is `name` (any case): those that may free it. */
export async function opsWithBaseName(db: PlannrDb, name: string): Promise<StoredOp[]> {
  return read(await db.outbox.where('payload.base_name').equalsIgnoreCase(name).toArray())
}

/** Operations read per index step by opsBySeq. */
const CHUNK = 25

/** Every operation in seq order, read lazily in small chunks: a caller that stops early reads little. */
export async function* opsBySeq(db: PlannrDb): AsyncGenerator<StoredOp> {
  let after: OutboxRecord['seq'] = Number.NEGATIVE_INFINITY
  for (;;) {
    const chunk = await db.outbox.where('seq').above(after).limit(CHUNK).toArray()
    for (const row of chunk) {
      after = row.seq
      yield readRecord(row)
    }
    if (chunk.length < CHUNK) return
  }
}

/** The seq after the highest queued one (inside the caller's transaction). */
export async function nextSeq(db: PlannrDb): Promise<number> {
  const last = await db.outbox.orderBy('seq').last()
  return typeof last?.seq === 'number' ? last.seq + 1 : 1
}

/** Stores a readable operation as it is now (an unreadable one is only ever updated field by field). */
export async function putOp(db: PlannrDb, op: OpOf<OperationKindName>): Promise<void> {
  await db.outbox.put(op)
}

/** Deletes an operation (inside the caller's transaction). */
export async function deleteOp(db: PlannrDb, id: string): Promise<void> {
  await db.outbox.delete(id)
}

/** Applies `changes` to the operation if it is still queued; an unreadable row keeps all the rest as stored. */
export async function updateOperation(
  db: PlannrDb,
  op: Pick<StoredOp, 'id'>,
  changes: Partial<OutboxRecord>,
): Promise<void> {
  await inOutboxTransaction(db, async () => {
    if (await db.outbox.get(op.id)) await db.outbox.update(op.id, changes)
  })
}

/** Every operation's next attempt `ms` earlier (the clock was set back by that much), never before 0. */
export async function moveWaitsBack(db: PlannrDb, ms: number): Promise<void> {
  await inOutboxTransaction(db, async () => {
    await db.outbox
      .where('nextAttemptAt')
      .above(0)
      .modify((op) => {
        op.nextAttemptAt = Math.max(0, op.nextAttemptAt - ms)
      })
  })
}

/**
 * What waits out a backoff of the app's own goes at `at` (the whole outbox's hold after 429s, or
 * earlier: due now): Plannr works again, or the user asked to try now. A wait Plannr asked for
 * (a 429, its Retry-After) is kept: Plannr said when, and asking sooner is what it refused. So is
 * the settle window of a write Plannr may still be working on (settle.ts): Plannr answering again
 * says nothing about whether that request has finished, and looking sooner is what duplicates it.
 */
export async function bringWaitsForward(db: PlannrDb, at: number): Promise<void> {
  await inOutboxTransaction(db, async () => {
    // Only rows that change are written (modify would rewrite every row it visits).
    await db.outbox
      .where('status')
      .anyOf('retry-wait', 'outcome-unknown')
      .filter((op) => op.nextAttemptAt > at && !waitsForPlannr(op) && !settling(op))
      .modify((op) => {
        op.nextAttemptAt = at
      })
  })
}

/** The operation's wait is the one a 429 asked for. */
function waitsForPlannr(op: OutboxRecord): boolean {
  const problem = OpProblemSchema.safeParse(op.lastError)
  return problem.success && problem.data.kind === 'rate-limited'
}

/**
 * Whether `stored` still asks for what `picked` asked for when the engine picked it: an edit
 * queued since (coalesced into it) changed its payload, and what was learnt about the old
 * payload says nothing about the new one.
 */
export function samePayload(stored: StoredOp, picked: Pick<StoredOp, 'payload'>): boolean {
  return !isUnreadable(stored) && JSON.stringify(stored.payload) === JSON.stringify(picked.payload)
}

/**
 * Durably 'sending' with the attempt counted BEFORE the request leaves, so a crash is visible.
 * Null when the user discarded or edited the operation since it was picked: pick again.
 */
export async function markSending(
  db: PlannrDb,
  op: Pick<StoredOp, 'id' | 'status' | 'payload'>,
  now: number,
  clock: SentClock | null,
): Promise<QueuedOp | null> {
  return inOutboxTransaction(db, async () => {
    const fresh = await getOp(db, op.id)
    if (!fresh || isUnreadable(fresh) || fresh.status !== op.status || !samePayload(fresh, op)) return null
    const next: QueuedOp = {
      ...fresh,
      status: 'sending',
      attempts: fresh.attempts + 1,
      reconcileFirst: false,
      firstSentAt: fresh.firstSentAt ?? now,
      // Plannr's clock as it was at the first send, kept with it (operations/evidence.ts).
      firstSentClock: fresh.firstSentAt == null ? clock : (fresh.firstSentClock ?? null),
      // This send may be the one that reaches Plannr: a record it makes is no older than this.
      lastSentAt: now,
      lastSentClock: clock,
    }
    await putOp(db, next)
    return next
  })
}

/** Removes a finished or dropped operation from what the others wait for (inside a transaction). */
export async function releaseDependents(db: PlannrDb, id: string): Promise<void> {
  await db.outbox
    .where('dependsOn')
    .equals(id)
    .modify((other) => {
      if (Array.isArray(other.dependsOn)) other.dependsOn = other.dependsOn.filter((dependency) => dependency !== id)
    })
}
