import type { z } from 'zod'
import type { OperationKind } from '../types'
import { createBusinessUnit } from './create-business-unit'
import { createCircle } from './create-circle'
import { createGroup } from './create-group'
import { addParticipants, removeParticipants } from './membership'
import { updateCircle } from './update-circle'
import { updateGroup } from './update-group'

/**
 * Every kind of operation the outbox can hold: creates and edits of existing records. One line
 * per kind; the stored record type (record.ts), the edit intents (edit.ts) and every per-kind
 * step the generic code takes are derived from this table. Each key must be its kind's `kind`
 * (the type of `operationKinds` below checks it).
 */
const kinds = {
  'create-group': createGroup,
  'create-circle': createCircle,
  'create-business-unit': createBusinessUnit,
  'update-group': updateGroup,
  'add-participants': addParticipants,
  'remove-participants': removeParticipants,
  'update-circle': updateCircle,
}

export type OperationKindName = keyof typeof kinds

/** The payload each kind accepts (what the form submits, as queued). */
export type PayloadMap = { [K in OperationKindName]: z.infer<(typeof kinds)[K]['schema']> }
export type PayloadOf<K extends OperationKindName> = PayloadMap[K]

/** What Plannr answers each kind with. */
export type ResultMap = { [K in OperationKindName]: Parameters<(typeof kinds)[K]['resultUuid']>[0] }

/** What the screen asks each edit kind for (never for a create). */
export type IntentMap = {
  [K in OperationKindName]: NonNullable<(typeof kinds)[K]['edit']> extends {
    queue(plan: never, intent: infer I): unknown
  }
    ? I
    : never
}

/**
 * The table again, typed per name: `operationKinds[op.kind]` on an operation of kind K is the kind
 * that takes K's payload, so generic code calls it without a cast.
 */
export const operationKinds: {
  readonly [K in OperationKindName]: OperationKind<PayloadMap[K], ResultMap[K], K, IntentMap[K]>
} = kinds

export function isOperationKindName(kind: string): kind is OperationKindName {
  return Object.hasOwn(operationKinds, kind)
}
