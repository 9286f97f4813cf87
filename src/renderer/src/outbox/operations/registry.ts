import type { z } from 'zod'
import type { AnyOperationKind } from '../types'
import { createBusinessUnit } from './create-business-unit'
import { createCircle } from './create-circle'
import { createGroup } from './create-group'
import { addParticipants, removeParticipants } from './membership'
import { updateCircle } from './update-circle'
import { updateGroup } from './update-group'

/**
 * Every kind of operation the outbox can hold: creates and edits of existing records. Edits are
 * queued through edit.ts, which folds and coalesces them before anything is stored.
 */
export const operationKinds = {
  'create-group': createGroup,
  'create-circle': createCircle,
  'create-business-unit': createBusinessUnit,
  'update-group': updateGroup,
  'add-participants': addParticipants,
  'remove-participants': removeParticipants,
  'update-circle': updateCircle,
} as const satisfies Record<string, AnyOperationKind>

export type OperationKindName = keyof typeof operationKinds

/** The payload each kind accepts (what the form submits). */
export type PayloadOf<K extends OperationKindName> = z.infer<(typeof operationKinds)[K]['schema']>

export function operationKind(kind: string): AnyOperationKind | null {
  return Object.hasOwn(operationKinds, kind) ? (operationKinds[kind as OperationKindName] as AnyOperationKind) : null
}
