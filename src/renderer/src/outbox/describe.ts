import { operationKinds } from './operations/registry'
import { isUnreadable, type OpOf, type StoredOp } from './record'
import type { OperationKindName } from './operations/registry'

function describeAs<K extends OperationKindName>(op: OpOf<K>): string {
  return operationKinds[op.kind].describe(op.payload)
}

/** How long a stored name may be in a label before it is cut (the whole name shows in its form). */
const LABEL_NAME_MAX = 60

/**
 * Short words for lists and messages, e.g. `group “Jones family”`; an unreadable row is named by
 * the name its payload holds, when it holds one as text (the card's title says what sort of
 * record), else by its kind.
 */
export function describeOp(op: StoredOp): string {
  if (!isUnreadable(op)) return describeAs(op)
  const name: unknown = op.payload !== null && typeof op.payload === 'object' ? Reflect.get(op.payload, 'name') : null
  if (typeof name !== 'string' || name.trim() === '') return op.kind
  const shown = name.trim()
  return `“${shown.length > LABEL_NAME_MAX ? `${shown.slice(0, LABEL_NAME_MAX)}…` : shown}”`
}
