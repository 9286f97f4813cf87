import { z } from 'zod'
import type { OutboxRecord, OutboxStatus } from '../data'
import { zodFieldErrors } from '../../../shared/ipc/errors'
import { mayHaveLandedAs } from './in-doubt'
import { OpProblemSchema } from './problem'
import { isOperationKindName, operationKinds, type OperationKindName, type PayloadMap } from './operations/registry'
import type { Operation, OpProblem } from './types'

/**
 * Outbox rows as the outbox works with them. IndexedDB gives back whatever was written, by this
 * version of the app or an older one, so every row is parsed once where the store reads it
 * (store.ts): into an operation whose `kind` says what its `payload` is, or into an unreadable
 * one, which is kept, never sent, and shown to the user to discard (or, for a known kind, to
 * edit). Nothing is dropped because it could not be read.
 */

const STATUSES = [
  'queued',
  'sending',
  'retry-wait',
  'outcome-unknown',
  'needs-attention',
  'blocked',
] as const satisfies readonly OutboxStatus[]

const SentClockSchema = z.object({ offsetMs: z.number(), errorMs: z.number().nonnegative() })

/** The fields every row has, whatever its kind. A stored problem that cannot be read counts as none. */
const Envelope = z.object({
  id: z.string(),
  seq: z.number(),
  status: z.enum(STATUSES),
  dependsOn: z.array(z.string()),
  attempts: z.number(),
  nextAttemptAt: z.number(),
  lastError: OpProblemSchema.nullable().catch(null),
  createdAt: z.string(),
  subjectUuid: z.string(),
  reconcileFirst: z.boolean(),
  firstSentAt: z.number().nullable().optional(),
  // A reading that cannot be read back counts as none: the lookup then uses main's current one.
  firstSentClock: SentClockSchema.nullable().optional().catch(null),
  lastSentAt: z.number().nullable().optional(),
  lastSentClock: SentClockSchema.nullable().optional().catch(null),
})
type Envelope = z.infer<typeof Envelope>

/** A readable operation of kind K. */
export type OpOf<K extends OperationKindName> = Operation<PayloadMap[K]> & { kind: K }
/** A readable operation of one of the kinds K: a union discriminated by `kind`. */
export type QueuedOpOf<K extends OperationKindName> = { [P in K]: OpOf<P> }[K]
/** A readable operation of any kind. */
export type QueuedOp = QueuedOpOf<OperationKindName>

/** A row that could not be read as any kind's operation: kept as stored, never sent. */
export interface UnreadableOp extends Operation<unknown> {
  /** Why, in words for the user. */
  unreadable: string
  /**
   * For a known kind whose payload its schema refuses: which fields, in the schema's words, so
   * the item's form can show each error next to its field for the user to fix.
   */
  fieldErrors?: Record<string, string[]>
  /** The row exactly as stored: every write to it starts from this, so nothing is lost. */
  raw: OutboxRecord
}

export type StoredOp = QueuedOp | UnreadableOp

export function isUnreadable(op: StoredOp): op is UnreadableOp {
  return 'unreadable' in op
}

function parseAs<K extends OperationKindName>(kind: K, envelope: Envelope, payload: unknown): QueuedOpOf<K> | null {
  const parsed = operationKinds[kind].schema.safeParse(payload)
  if (!parsed.success) return null
  const op: OpOf<K> = { ...envelope, kind, payload: parsed.data }
  return op
}

/**
 * The stored record, as a zod schema: the envelope, then the payload against the schema of the
 * kind the row names (from the registry, so a new kind needs no change here).
 */
export const StoredOperation = Envelope.extend({ kind: z.string(), payload: z.unknown() }).transform(
  (row, ctx): QueuedOp => {
    const { kind, payload, ...envelope } = row
    if (!isOperationKindName(kind)) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `Unknown kind of operation: ${kind}.` })
      return z.NEVER
    }
    const op = parseAs(kind, envelope, payload)
    if (op === null) {
      ctx.addIssue({ code: 'custom', path: ['payload'], message: `Not a valid ${kind} payload.` })
      return z.NEVER
    }
    return op
  },
)

const INVALID_PAYLOAD = 'This item is not valid any more. Edit it or discard it.'
/** The same, for a create an earlier send may have made on Plannr (see mayHaveLanded): not to be edited. */
const INVALID_IN_DOUBT =
  'This item is not valid any more, and Plannr may already have it as it was sent, so it cannot be changed ' +
  'and sent again. Discard it: if Plannr has it, it shows up with the next sync.'

/** Reads one stored row (see the top of this file). */
export function readRecord(raw: OutboxRecord): StoredOp {
  const parsed = StoredOperation.safeParse(raw)
  if (parsed.success) return parsed.data
  const kindKnown = isOperationKindName(String(raw.kind))
  const envelopeOk = Envelope.safeParse(raw).success
  const unreadable = !kindKnown
    ? `This item could not be read: the app does not know “${String(raw.kind)}” operations. Discard it.`
    : envelopeOk
      ? mayHaveLandedAs(String(raw.kind), raw.reconcileFirst)
        ? INVALID_IN_DOUBT
        : INVALID_PAYLOAD
      : 'This item could not be read (it was stored damaged or by another version of the app). Discard it.'
  const fieldErrors = kindKnown && envelopeOk ? payloadErrors(String(raw.kind), raw.payload) : undefined
  return {
    ...fallbackEnvelope(raw),
    kind: String(raw.kind),
    payload: raw.payload,
    unreadable,
    ...(fieldErrors ? { fieldErrors } : {}),
    raw,
  }
}

/** What the kind's schema refuses in a payload, by field; none when the kind is unknown or it parses. */
function payloadErrors(kind: string, payload: unknown): Record<string, string[]> | undefined {
  if (!isOperationKindName(kind)) return undefined
  const parsed = operationKinds[kind].schema.safeParse(payload)
  return parsed.success ? undefined : zodFieldErrors(parsed.error)
}

/** Each envelope field as stored where readable, a harmless stand-in where not (for showing it). */
function fallbackEnvelope(raw: OutboxRecord): Operation<unknown> {
  const field = <T>(schema: z.ZodType<T>, value: unknown, otherwise: T): T => {
    const parsed = schema.safeParse(value)
    return parsed.success ? parsed.data : otherwise
  }
  return {
    id: String(raw.id),
    seq: field(z.number(), raw.seq, Number.MAX_SAFE_INTEGER),
    kind: String(raw.kind),
    status: 'needs-attention',
    payload: raw.payload,
    dependsOn: field(z.array(z.string()), raw.dependsOn, []),
    attempts: field(z.number(), raw.attempts, 0),
    nextAttemptAt: 0,
    lastError: field(OpProblemSchema.nullable(), raw.lastError, null),
    createdAt: field(z.string(), raw.createdAt, ''),
    subjectUuid: field(z.string(), raw.subjectUuid, ''),
    reconcileFirst: field(z.boolean(), raw.reconcileFirst, true),
  }
}

/** What the user sees as an unreadable row's problem. */
export function unreadableProblem(op: UnreadableOp): OpProblem {
  return { kind: 'invalid-payload', message: op.unreadable, ...(op.fieldErrors ? { fieldErrors: op.fieldErrors } : {}) }
}
