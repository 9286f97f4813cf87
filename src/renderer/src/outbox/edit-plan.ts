import type { z } from 'zod'
import type { PlannrDb } from '../data'
import type { EnqueueRefusal } from './refusal'
import type { OperationKindName, PayloadMap } from './operations/registry'
import type { OpOf, QueuedOp } from './record'
import type { NameTaken } from './types'

export type EditResult =
  /**
   * queued: a new operation; folded: merged into the record's pending create; coalesced: merged
   * into a queued edit; nothing: it cancelled out (add X then remove X) or changed nothing.
   */
  | { ok: true; outcome: 'queued' | 'folded' | 'coalesced' | 'nothing'; opId: string | null }
  | { ok: false; error: EnqueueRefusal }

/**
 * What an edit kind's hook works with, inside the one durable transaction edit.ts opens for the
 * record `uuid`: the operations queued on it, and the only ways to change them (each re-derives
 * dependencies, the cache and the pending markers).
 */
export interface EditPlan {
  readonly db: PlannrDb
  readonly uuid: string
  /** The name check kinds' checkLocally use (cache and queued claims). */
  readonly nameTaken: NameTaken
  /**
   * Operations of `kind` on this record still waiting with nothing sent that could have landed
   * (queued or retry-wait, not in doubt), oldest first: changing one changes only what will be sent.
   */
  mergeable<K extends OperationKindName>(kind: K): Extract<QueuedOp, { kind: K }>[]
  /** The record's own create is still queued: it has no server copy to date an edit by. */
  readonly hasCreate: boolean
  /** Replaces a queued operation's payload. */
  rewrite<K extends OperationKindName>(op: OpOf<K>, payload: PayloadMap[K]): Promise<OpOf<K>>
  /** Drops an operation whose effect cancelled out. */
  drop<K extends OperationKindName>(op: OpOf<K>): Promise<void>
  /** Queues a new operation on this record. */
  add<K extends OperationKindName>(kind: K, payload: PayloadMap[K]): Promise<OpOf<K>>
}

/** An edit kind's answer to the screen's intent: fold, coalesce, or queue (see edit.ts). */
export interface EditHook<I> {
  queue(plan: EditPlan, intent: I): Promise<EditResult>
}

export const GONE: EditResult = {
  ok: false,
  error: {
    kind: 'validation',
    message: 'This item is not in the cache any more.',
    fieldErrors: { _: ['This item is not in the cache any more.'] },
  },
}

/** The starting values an intent carried did not parse: nothing can be measured against them. */
export const FORM_UNREADABLE: EditResult = {
  ok: false,
  error: {
    kind: 'validation',
    message: 'This form could not be read. Close it and open it again.',
    fieldErrors: { _: ['This form could not be read. Close it and open it again.'] },
  },
}

/**
 * What the form showed when it opened, checked like any input (null when it does not parse);
 * without it, the record as cached now stands in (an edit made at once, with nothing to go stale).
 */
export function openedOrCached<T>(schema: z.ZodType<T>, opened: T | undefined, cached: T): T | null {
  if (opened === undefined) return cached
  const parsed = schema.safeParse(opened)
  return parsed.success ? parsed.data : null
}

/**
 * The last step of an edit that keeps one operation per record: replace the queued one
 * (`target`) with the combined payload, or drop it when the combination changes nothing; with
 * no queued one, queue a new operation unless there is nothing to send.
 */
export async function coalesceOrQueue<K extends OperationKindName>(
  plan: EditPlan,
  kind: K,
  target: OpOf<K> | undefined,
  payload: PayloadMap[K],
  empty: boolean,
): Promise<EditResult> {
  if (target) {
    if (empty) {
      await plan.drop(target)
      return { ok: true, outcome: 'nothing', opId: null }
    }
    return { ok: true, outcome: 'coalesced', opId: (await plan.rewrite(target, payload)).id }
  }
  if (empty) return { ok: true, outcome: 'nothing', opId: null }
  return { ok: true, outcome: 'queued', opId: (await plan.add(kind, payload)).id }
}
