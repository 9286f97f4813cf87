import { payloadWithout, refusedRefs, refusesOnlyElements, type RefusedRef } from './refused-refs'

/**
 * What a Waiting-to-sync card offers for one change, in the order its buttons show. Each kind
 * appears at most once.
 */
export type OutboxAction =
  /** A conflict's answer: keep the app's value over Plannr's. */
  | { kind: 'keep-mine' }
  /** A conflict's answer: keep Plannr's value. */
  | { kind: 'keep-theirs' }
  /** Send again without the records Plannr refused in it (`payload` leaves them out), named in `names`. */
  | { kind: 'send-without'; payload: Record<string, unknown>; names: string }
  /** Open the change in its form, fix it and send it; `primary` when it is the way on the card leads with. */
  | { kind: 'edit'; primary: boolean }
  /** Send again as it stands, after Plannr refused it. */
  | { kind: 'send-again' }
  /** Skip the wait before its next attempt (or its next check whether Plannr has it). */
  | { kind: 'try-now' }
  | { kind: 'discard' }

/** What the card's actions depend on besides the item. */
export interface OutboxActionContext {
  /** Whether a form can fix this item's payload (its kind has one, and it cannot have reached Plannr as sent). */
  canEdit: boolean
  /** The clock the card reads (epoch ms): a settle window ending shows Try now. */
  now: number
  /** The name a record Plannr refused is shown by. */
  refusedName: (ref: RefusedRef) => string
}

/** What the actions depend on of an outbox item (the outbox's OutboxItem has all of it). */
export interface OutboxActionItem {
  /** What the card shows (OutboxItem.state): the stored status, or 'blocked' behind a change that needs the user. */
  state: string
  /** The stored status. */
  status: string
  problem: { kind: string; fieldErrors?: Record<string, string[]> } | null
  payload: unknown
  /** When the lookup of a write Plannr may still be saving is due; null when no settle window holds it. */
  settleUntil: number | null
}

/** The records a refusal names by their place in the request (`participants.1`), found in the payload. */
export function refusedOf(item: Pick<OutboxActionItem, 'problem' | 'payload'>): RefusedRef[] {
  return item.problem?.kind === 'validation' ? refusedRefs(item.problem.fieldErrors, item.payload) : []
}

/** The actions a card offers for `item` (see OutboxAction), in the order they show. */
export function outboxActions(item: OutboxActionItem, context: OutboxActionContext): OutboxAction[] {
  return [...waysOn(item, context), ...(discardable(item) ? [{ kind: 'discard' } as const] : [])]
}

/** Everything but Discard: the ways the change can go on. */
function waysOn(item: OutboxActionItem, { canEdit, now, refusedName }: OutboxActionContext): OutboxAction[] {
  const attention = item.state === 'needs-attention'
  // Stored 'blocked' (what it waited for was discarded) can only go on with an edit; shown blocked
  // (something it waits for needs the user) it goes on by itself once that is dealt with.
  const stuck = item.status === 'blocked'
  if (attention && item.problem?.kind === 'conflict') return [{ kind: 'keep-mine' }, { kind: 'keep-theirs' }]
  // Gone from Plannr: an edit or a resend meets the same 404, so Discard alone is offered.
  if (attention && item.problem?.kind === 'deleted') return []
  const without = attention ? sendWithout(item, refusedName) : null
  if (without) {
    // Sent again as it stands, the same records would be refused again: only without them.
    return [without, ...(canEdit ? [{ kind: 'edit', primary: false } as const] : [])]
  }
  if (attention || (stuck && canEdit)) {
    const actions: OutboxAction[] = canEdit ? [{ kind: 'edit', primary: true }] : []
    // Refused over records it names and nothing else, it would only be refused again; stored so
    // that this version cannot read it (invalid-payload), the outbox cannot send it as it stands.
    const resend = !stuck && item.problem?.kind !== 'invalid-payload'
    if (resend && !refusesOnlyElements(item.problem?.fieldErrors, refusedOf(item))) actions.push({ kind: 'send-again' })
    return actions
  }
  // An item that may have landed is looked up before anything is sent again; not while Plannr may
  // still be saving it (its lookup cannot be brought forward).
  const settling = item.settleUntil !== null && item.settleUntil > now
  if (item.state === 'retry-wait' || (item.state === 'outcome-unknown' && !settling)) return [{ kind: 'try-now' }]
  return []
}

/**
 * Not while it is being sent, nor while it waits to be looked up (outcome-unknown): Plannr may
 * have it, and the lookup finds out before anything else is done with it.
 */
function discardable(item: OutboxActionItem): boolean {
  return item.state !== 'sending' && item.state !== 'outcome-unknown'
}

/** The way on for a change refused only over some of the records it names: send it without them. */
function sendWithout(
  item: OutboxActionItem,
  refusedName: (ref: RefusedRef) => string,
): Extract<OutboxAction, { kind: 'send-without' }> | null {
  const refs = refusedOf(item)
  const payload = payloadWithout(item.payload, item.problem?.fieldErrors, refs)
  return payload && { kind: 'send-without', payload, names: listed(refs.map(refusedName)) }
}

/** "Ann Lee", "Ann Lee and Bo Day", "Ann Lee, Bo Day and Cy Fox". */
function listed(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`
}
