import type { z } from 'zod'
import type { AnyOperationKind } from '../types'
import { createBusinessUnit } from './create-business-unit'
import { createCircle } from './create-circle'
import { createGroup } from './create-group'

/**
 * Every kind of operation the outbox can hold. Issue 8 adds its edits here (update-group,
 * add-participants, remove-participants, update-circle); the engine needs no change.
 */
export const operationKinds = {
  'create-group': createGroup,
  'create-circle': createCircle,
  'create-business-unit': createBusinessUnit,
} as const satisfies Record<string, AnyOperationKind>

export type OperationKindName = keyof typeof operationKinds

/** The payload each kind accepts (what the form submits). */
export type PayloadOf<K extends OperationKindName> = z.infer<(typeof operationKinds)[K]['schema']>

export function operationKind(kind: string): AnyOperationKind | null {
  return Object.hasOwn(operationKinds, kind) ? (operationKinds[kind as OperationKindName] as AnyOperationKind) : null
}
